/**
 * The OCF operations every front end calls: import a package folder as the text of a model file,
 * and export a model's equity section as a package. Reading and writing files happens here and
 * in the CLI; the stages in this folder are pure.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { OperationResult } from "../api/operations.js";
import { compileEquity } from "../compile/equity.js";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { loadModelFile, readModelText } from "../model/index.js";
import { formatMonth, parseDate } from "../time/month.js";
import { exportPackage, type ExportedPackage } from "./export-package.js";
import type { SourceFile } from "../syntax/source.js";
import { importPackage, type ImportedEquity } from "./import-package.js";
import { renderImportedModel } from "./model-text.js";
import { checkPackage, compilePublishedSchemas, type PackageCheck, type PublishedSchemas, type SchemaSource } from "./published-schemas.js";
import { readPackage, type ReadPackageFile } from "./read-package.js";

export interface ImportedModel {
  readonly equity: ImportedEquity;
  /** The model file's text, checked: it reads and its equity compiles. */
  readonly text: string;
  /** What was checked against OCF's published schemas, when they were given. */
  readonly schemaCheck?: SchemaCheckSummary;
}

/** A package's check against OCF's published schemas: which version, and how much it covered. */
export interface SchemaCheckSummary {
  readonly version: string;
  readonly files: number;
  readonly objects: number;
}

export interface ImportOptions {
  /** OCF's published schemas: the package is checked against them first, and refused if it fails. */
  readonly schemas?: PublishedSchemas;
  /** Leave out, with a warning, each object whose problem is confined to it (and what depends on it), instead of refusing the package. */
  readonly skipInvalid?: boolean;
  /** Where the package's files come from; default: the folder `dir` on disk. */
  readonly readFile?: ReadPackageFile;
}

/**
 * Reads the OCF package in `dir` and writes its cap table as a model. `modelName` is the path the
 * model will be written to, for diagnostics about the model itself (an option pool granted past
 * its reserve, say). Diagnostics from every stage are returned together.
 */
export function importOcf(dir: string, modelName = "imported.yaml", options: ImportOptions = {}): OperationResult<ImportedModel> {
  const readFile = options.readFile ?? folderReader(dir);
  let schemaCheck: SchemaCheckSummary | undefined;
  const skipInvalid = options.skipInvalid === true;
  const beforeReading: Diagnostic[] = [];
  let exclude: ReadonlySet<string> = new Set();
  if (options.schemas) {
    const check = checkPackage(options.schemas, dir, readFile, join); // files -> valid per OCF's schemas
    // With skipInvalid, objects whose failures are their own are left out (and said so); any other failure refuses the package.
    const ownFailures = new Set([...check.confined.values()].flat());
    const leaveOut = skipInvalid && check.diagnostics.every((d) => ownFailures.has(d));
    if (check.diagnostics.length > 0 && !leaveOut) return { diagnostics: check.diagnostics, sources: check.sources };
    beforeReading.push(...check.diagnostics.map((d) => ({ ...d, code: "W_OCF_INVALID" as const, severity: "warning" as const })));
    exclude = new Set(check.confined.keys());
    schemaCheck = { version: options.schemas.version, files: check.files, objects: check.objects - exclude.size };
  }
  const read = readPackage(dir, readFile, join, { skipInvalid, exclude }); //  files -> checked OCF objects
  const sources = new Map<string, SourceFile>(read.sources);
  if (!read.value) return { diagnostics: [...beforeReading, ...read.diagnostics], sources };
  const imported = importPackage(read.value, { skipInvalid }); //                    OCF objects -> equity section
  const diagnostics: Diagnostic[] = [...beforeReading, ...read.diagnostics, ...imported.diagnostics];
  if (!imported.value || hasErrors(diagnostics)) return { diagnostics, sources };
  const text = renderImportedModel(imported.value, dir); //          equity section -> model text
  sources.set(modelName, { path: modelName, text });
  const model = readModelText(modelName, text); //                   the model reads back
  diagnostics.push(...model.diagnostics);
  if (model.model) diagnostics.push(...compileEquity(model.model).diagnostics); // and its cap table holds together
  return { ...(hasErrors(diagnostics) ? {} : { value: { equity: imported.value, text, ...(schemaCheck ? { schemaCheck } : {}) } }), diagnostics, sources };
}

export interface ExportTarget {
  /** The company whose equity to export; may be omitted when the model has one equity section. */
  readonly company?: string;
  /** The package's date, YYYY-MM-DD; default: the last day of the horizon. */
  readonly at?: string;
  /** The manifest's timestamp (the caller's clock). */
  readonly generatedAt: string;
  /** OCF's published schemas: every file is checked against them before anything is written. */
  readonly schemas?: PublishedSchemas;
  /** The folder the package will be written to, naming its files in diagnostics. */
  readonly out?: string;
}

export type CheckedExport = ExportedPackage & { readonly schemaCheck?: SchemaCheckSummary };

/**
 * Reads and compiles the model at `path` and maps the chosen company's equity to an OCF package:
 * the files' text and the report of what OCF could not express. Writing the files is the caller's.
 */
export function exportOcf(path: string, target: ExportTarget): OperationResult<CheckedExport> {
  const loaded = loadModelFile(path); //                              text -> checked model
  const sources = loaded.sources;
  if (!loaded.model) return { diagnostics: loaded.diagnostics, sources };
  const model = loaded.model;
  const compiled = compileEquity(model); //                           model -> compiled cap tables
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...compiled.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics, sources };
  const companies = model.equity.map((e) => e.company.name);
  const name = target.company ?? (companies.length === 1 ? companies[0] : undefined);
  const section = model.equity.find((e) => e.company.name === name);
  const equity = compiled.value.find((e) => e.company === name);
  if (!section || !equity) {
    const problem =
      companies.length === 0
        ? error("E_USAGE", `${path} has no equity section to export`, { hint: "add `equity:` with the company's share classes and holdings (docs/model-language.md)" })
        : target.company === undefined
          ? error("E_USAGE", `${path} has equity for several companies: ${companies.join(", ")}`, { hint: "choose one with --company" })
          : error("E_USAGE", `${path} has no equity for "${target.company}"`, { hint: didYouMean(target.company, companies, "company") });
    return { diagnostics: [...diagnostics, problem], sources };
  }
  if (target.at !== undefined) {
    const parsed = parseDate(target.at);
    if (!parsed.ok || parsed.value.day === undefined) return { diagnostics: [...diagnostics, error("E_USAGE", `--at "${target.at}" is not a date`, { hint: "write YYYY-MM-DD" })], sources };
  }
  const asOf = target.at ?? lastDayOf(formatMonth(model.horizon.end));
  const value = exportPackage(model, equity, section, { asOf, generatedAt: target.generatedAt }); // cap table -> OCF files + report
  if (!target.schemas) return { value, diagnostics, sources };
  // The files as they will be written, checked against OCF's schemas before any is.
  const texts = new Map(value.files.map((f) => [f.name, f.text]));
  const inMemory: ReadPackageFile = (file) => {
    const text = texts.get(file);
    return text === undefined ? { ok: false, reason: "not exported" } : { ok: true, text };
  };
  const check = checkPackage(target.schemas, target.out ?? "exported", inMemory, join); // OCF files -> valid per OCF's schemas
  for (const [name, source] of check.sources) sources.set(name, source);
  const schemaCheck = { version: target.schemas.version, files: check.files, objects: check.objects };
  return { value: { ...value, schemaCheck }, diagnostics: [...diagnostics, ...check.diagnostics], sources };
}

function lastDayOf(yearMonth: string): string {
  const [y, m] = yearMonth.split("-").map(Number);
  const days = new Date(Date.UTC(y ?? 2000, m ?? 1, 0)).getUTCDate();
  return `${yearMonth}-${String(days).padStart(2, "0")}`;
}

/**
 * Reads OCF's published JSON schemas from `dir`: the `schema` folder of a checkout of OCF's
 * repository, or the checkout itself. Every `*.schema.json` under it is registered by its `$id`.
 */
export function loadPublishedSchemas(dir: string): OperationResult<PublishedSchemas> {
  const root = existsSync(join(dir, "schema", "files")) ? join(dir, "schema") : dir;
  if (existsSync(dir) && !existsSync(join(root, "files"))) {
    return { diagnostics: [error("E_OCF_SCHEMAS", `${dir} is not OCF's schema folder: it has no files/ folder (nor schema/files/)`, { hint: "give the `schema` folder of a checkout of OCF's repository, or the checkout itself" })], sources: new Map() };
  }
  const sources: SchemaSource[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".schema.json")) sources.push({ path: relative(root, path), text: readFileSync(path, "utf8") });
    }
  };
  try {
    walk(root);
  } catch (e) {
    const reason = e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : "unreadable";
    const at = e instanceof Error && "path" in e && (e as NodeJS.ErrnoException).path !== dir ? `: ${String((e as NodeJS.ErrnoException).path)}` : "";
    return { diagnostics: [error("E_OCF_SCHEMAS", `cannot read the schema folder ${dir} (${reason}${at})`, { hint: "give the `schema` folder of a checkout of OCF's repository, or the checkout itself" })], sources: new Map() };
  }
  const compiled = compilePublishedSchemas(dir, sources);
  return { ...(compiled.value ? { value: compiled.value } : {}), diagnostics: compiled.diagnostics, sources: new Map() };
}

/** Checks the package folder `dir` against OCF's published schemas. */
export function validateOcf(dir: string, schemas: PublishedSchemas): OperationResult<PackageCheck> {
  const check = checkPackage(schemas, dir, folderReader(dir), join);
  return { value: check, diagnostics: check.diagnostics, sources: check.sources };
}

/** Reads a package's files from the folder `dir`, and none from outside it (a manifest may not name `../../etc/passwd`). */
function folderReader(dir: string): ReadPackageFile {
  const root = resolve(dir);
  return (file) => {
    const path = resolve(root, file);
    if (path !== root && !path.startsWith(root + sep)) return { ok: false, reason: "outside the package folder" };
    try {
      return { ok: true, text: readFileSync(join(dir, file), "utf8") };
    } catch (e) {
      return { ok: false, reason: e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : "unreadable" };
    }
  };
}
