/** What the OCF tests share: the cap table a model text gives, and reading an exported package back. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileEquity } from "../../compile/equity.js";
import { capTableAt, STANDARD_FULLY_DILUTED, type CapTableAtDate } from "../../equity/index.js";
import { readModelText } from "../../model/index.js";
import type { ExportedPackage } from "../export-package.js";

/** The cap table of a model's only company at a date, with the conditions given as met (default: all). */
export function capTableOf(name: string, text: string, date: string, metConditions?: readonly string[]): CapTableAtDate | null {
  const model = readModelText(name, text).model;
  if (!model) throw new Error(`${name} does not read`);
  const [equity] = compileEquity(model).value;
  if (!equity) throw new Error(`${name} has no equity`);
  // As `dealgraph captable` does: the SAFEs and notes count as convertibles only before the round.
  const beforeFinancing = equity.financing !== undefined && date < equity.financing.date;
  return capTableAt(equity.capTable, { date, metConditions: metConditions ?? equity.conditions, basis: STANDARD_FULLY_DILUTED, ...(beforeFinancing ? { convertibles: equity.unconverted } : {}) }).value;
}

/** Writes an exported package into a new temporary folder and returns the folder. */
export function writePackageToTemp(pkg: ExportedPackage): string {
  const dir = join(mkdtempSync(join(tmpdir(), "dealgraph-ocf-")), "package");
  mkdirSync(dir);
  for (const f of pkg.files) writeFileSync(join(dir, f.name), f.text);
  return dir;
}

/** Writes a model text into a new temporary folder and returns its path. */
export function writeModelToTemp(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "dealgraph-ocf-")), "model.yaml");
  writeFileSync(path, text);
  return path;
}
