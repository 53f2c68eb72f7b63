/**
 * The OCF operations of the front door (front-door.ts): import a package's files as the text of a
 * model file, export a model's equity section as the files of a package, and check a package
 * against OCF's published schemas. They read and write no files: a package comes in as its files
 * (a map of name to text, or a reader), an export goes out as its files, and the front end reads
 * and writes them (src/cli/read-files.ts, src/cli/write-file.ts). The stages are in src/ocf.
 */
import { join } from "node:path"; // names a package's files in diagnostics (`package/name`), no I/O
import { compileEquity } from "../compile/equity.js";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { readModelText } from "../model/index.js";
import { exportPackage, type ExportedPackage } from "../ocf/export-package.js";
import { importPackage, type ImportedEquity } from "../ocf/import-package.js";
import { renderImportedModel } from "../ocf/model-text.js";
import { checkPackage, type PackageCheck, type PublishedSchemas } from "../ocf/published-schemas.js";
import { readPackage, type ReadPackageFile } from "../ocf/read-package.js";
import type { SourceFile } from "../syntax/source.js";
import { formatMonth, parseDate } from "../time/month.js";
import { readRequestModel } from "./read-model.js";
import type { ModelRequest, OperationResult } from "./request.js";

/** An OCF package as a front end hands it over: its name (a folder, for the CLI) and its files. */
export interface PackageRequest {
  /** Names the package in diagnostics: a file is `package/name`. */
  readonly package: string;
  /** The package's files by name relative to the package (`Manifest.ocf.json`, …), or a reader of them. */
  readonly files: ReadonlyMap<string, string> | ReadPackageFile;
}

/** The package's files as a reader: a map is read by name, a reader is used as it is. */
export function packageFiles(files: PackageRequest["files"]): ReadPackageFile {
  if (typeof files === "function") return files;
  return (name) => {
    const text = files.get(name);
    return text === undefined ? { ok: false, reason: "not in the package" } : { ok: true, text };
  };
}

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
  /** The name the model will be written under, for diagnostics about the model itself (an option pool granted past its reserve, say); default `imported.yaml`. */
  readonly modelName?: string;
  /** OCF's published schemas: the package is checked against them first, and refused if it fails. */
  readonly schemas?: PublishedSchemas;
  /** Leave out, with a warning, each object whose problem is confined to it (and what depends on it), instead of refusing the package. */
  readonly skipInvalid?: boolean;
}

/**
 * Reads an OCF package and gives its cap table as the text of a model file, checked: it reads
 * back and its equity compiles. Diagnostics from every stage are returned together.
 */
export function importOcf(request: PackageRequest & ImportOptions): OperationResult<ImportedModel> {
  const options = request;
  const dir = request.package;
  const modelName = request.modelName ?? "imported.yaml";
  const readFile = packageFiles(request.files);
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

/** The package's files to write (name and text, with how many objects each holds), the report of what OCF could not express, and the schema check. */
export type CheckedExport = ExportedPackage & { readonly schemaCheck?: SchemaCheckSummary };

/**
 * Reads and compiles the model and maps the chosen company's equity to an OCF package: the files'
 * text and the report of what OCF could not express. Writing the files is the caller's.
 */
export function exportOcf(request: ModelRequest & ExportTarget): OperationResult<CheckedExport> {
  const target = request;
  const path = request.file;
  const loaded = readRequestModel(request); //                        text -> checked model
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

export interface ValidateOptions {
  /** OCF's published schemas, compiled (`compilePublishedSchemas`). */
  readonly schemas: PublishedSchemas;
}

/** Checks a package against OCF's published schemas, every file and object. */
export function validateOcf(request: PackageRequest & ValidateOptions): OperationResult<PackageCheck> {
  const check = checkPackage(request.schemas, request.package, packageFiles(request.files), join);
  return { value: check, diagnostics: check.diagnostics, sources: check.sources };
}
