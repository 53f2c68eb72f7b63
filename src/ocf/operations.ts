/**
 * The OCF operations every front end calls: import a package folder as the text of a model file,
 * and export a model's equity section as a package. Reading and writing files happens here and
 * in the CLI; the stages in this folder are pure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OperationResult } from "../api/operations.js";
import { compileEquity } from "../compile/equity.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { readModelText } from "../model/index.js";
import type { SourceFile } from "../syntax/source.js";
import { importPackage, type ImportedEquity } from "./import-package.js";
import { renderImportedModel } from "./model-text.js";
import { readPackage, type ReadPackageFile } from "./read-package.js";

export interface ImportedModel {
  readonly equity: ImportedEquity;
  /** The model file's text, checked: it reads and its equity compiles. */
  readonly text: string;
}

/**
 * Reads the OCF package in `dir` and writes its cap table as a model. `modelName` is the path the
 * model will be written to, for diagnostics about the model itself (an option pool granted past
 * its reserve, say). Diagnostics from every stage are returned together.
 */
export function importOcf(dir: string, modelName = "imported.yaml"): OperationResult<ImportedModel> {
  const readFile: ReadPackageFile = (relative) => {
    try {
      return { ok: true, text: readFileSync(join(dir, relative), "utf8") };
    } catch (e) {
      return { ok: false, reason: e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : "unreadable" };
    }
  };
  const read = readPackage(dir, readFile, join); //                 files -> checked OCF objects
  const sources = new Map<string, SourceFile>(read.sources);
  if (!read.value) return { diagnostics: read.diagnostics, sources };
  const imported = importPackage(read.value); //                    OCF objects -> equity section
  const diagnostics: Diagnostic[] = [...read.diagnostics, ...imported.diagnostics];
  if (!imported.value || hasErrors(diagnostics)) return { diagnostics, sources };
  const text = renderImportedModel(imported.value, dir); //          equity section -> model text
  sources.set(modelName, { path: modelName, text });
  const model = readModelText(modelName, text); //                   the model reads back
  diagnostics.push(...model.diagnostics);
  if (model.model) diagnostics.push(...compileEquity(model.model).diagnostics); // and its cap table holds together
  return { ...(hasErrors(diagnostics) ? {} : { value: { equity: imported.value, text } }), diagnostics, sources };
}
