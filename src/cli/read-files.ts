/**
 * The CLI's one reader of files: the edge where paths become text. The operations (src/api) take
 * text; what they refer to (a model's flow CSVs, a package's files) they read through the readers
 * made here. The file system's failures become diagnostics, never throws.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { FileReader, ModelRequest, OperationResult } from "../api/front-door.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { ReadPackageFile } from "../ocf/read-package.js";
import { compilePublishedSchemas, type PublishedSchemas, type SchemaSource } from "../ocf/published-schemas.js";

/** Reads a file's text: E_FILE_NOT_FOUND when there is none, E_FILE_UNREADABLE when it cannot be read. */
export const readFile: FileReader = (path) => {
  if (!statSync(path, { throwIfNoEntry: false })) return { ok: false, diagnostic: error("E_FILE_NOT_FOUND", `no such file: ${path}`, { span: { file: path, start: 0, end: 0 } }) };
  try {
    return { ok: true, text: readFileSync(path, "utf8") };
  } catch (e) {
    // The file system is outside the program: its failures are reported, not thrown.
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, diagnostic: error("E_FILE_UNREADABLE", `cannot read ${path}: ${reason}`, { span: { file: path, start: 0, end: 0 } }) };
  }
};

/** File names a model may have; JSON is read by the YAML parser, which keeps positions. */
const MODEL_EXTENSIONS = [".yaml", ".yml", ".json"];

/**
 * A model file as a request to the operations: its text, and this reader for the files it refers
 * to. Problems with the file itself (missing, a directory, unreadable, an extension other than
 * .yaml, .yml or .json) are a diagnostic instead.
 */
export function readModelRequest(path: string): ModelRequest | Diagnostic {
  const at = { span: { file: path, start: 0, end: 0 } };
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return error("E_FILE_NOT_FOUND", `no such file: ${path}`, { ...at, hint: "check the path; model files end in .yaml, .yml or .json" });
  if (!stat.isFile()) return error("E_FILE_UNREADABLE", `${path} is not a file`, { ...at, hint: "give the path of a .yaml, .yml or .json model file" });
  if (!MODEL_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext))) return error("E_FILE_UNREADABLE", `${path} is not a .yaml, .yml or .json file`, { ...at, hint: "rename it, or convert it to YAML" });
  const read = readFile(path);
  return read.ok ? { file: path, text: read.text, readFile } : read.diagnostic;
}

/** Reads a package's files from the folder `dir`, and none from outside it (a manifest may not name `../../etc/passwd`). */
export function packageReader(dir: string): ReadPackageFile {
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

/**
 * Reads OCF's published JSON schemas from `dir` and compiles them: the `schema` folder of a
 * checkout of OCF's repository, or the checkout itself. Every `*.schema.json` under it is
 * registered by its `$id`.
 */
export function loadPublishedSchemas(dir: string): OperationResult<PublishedSchemas> {
  const read = readSchemaFolder(dir);
  if ("problem" in read) return { diagnostics: [read.problem], sources: new Map() };
  const compiled = compilePublishedSchemas(dir, read.sources);
  return { ...(compiled.value ? { value: compiled.value } : {}), diagnostics: compiled.diagnostics, sources: new Map() };
}

/** Every `*.schema.json` under the schema folder, by its path in the folder. */
function readSchemaFolder(dir: string): { readonly sources: readonly SchemaSource[] } | { readonly problem: Diagnostic } {
  const hint = "give the `schema` folder of a checkout of OCF's repository, or the checkout itself";
  const root = existsSync(join(dir, "schema", "files")) ? join(dir, "schema") : dir;
  if (existsSync(dir) && !existsSync(join(root, "files"))) {
    return { problem: error("E_OCF_SCHEMAS", `${dir} is not OCF's schema folder: it has no files/ folder (nor schema/files/)`, { hint }) };
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
    return { problem: error("E_OCF_SCHEMAS", `cannot read the schema folder ${dir} (${reason}${at})`, { hint }) };
  }
  return { sources };
}
