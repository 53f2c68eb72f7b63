/**
 * Writing an output file whole or not at all: the text goes to a temporary file beside the
 * target, which is then renamed over it, so a failure never leaves half a chart behind.
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";

export function writeFileAtomically(path: string, text: string): Diagnostic | undefined {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
    return undefined;
  } catch (e) {
    rmSync(temporary, { force: true });
    const reason = e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : "an error";
    return error("E_FILE_UNWRITABLE", `cannot write ${path} (${reason})`, { hint: "check that the folder exists and can be written" });
  }
}

/**
 * Makes an output folder if it is missing (one level: its parent must exist). Not recursive on
 * purpose: Node's recursive mkdir spins forever under /proc, and a typo deep in a path should be
 * reported, not built.
 */
export function ensureDirectory(path: string): Diagnostic | undefined {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  try {
    mkdirSync(path);
    return undefined;
  } catch (e) {
    const reason = e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : "an error";
    return error("E_FILE_UNWRITABLE", `cannot make the folder ${path} (${reason})`, { hint: "give a folder that exists, or one whose parent exists" });
  }
}

/**
 * Writes a folder of files whole or not at all: the files go into a temporary folder beside the
 * target, which then takes the target's place (an existing target is moved aside first and
 * removed only once the new folder stands). Its parent must exist.
 */
export function writeFolderAtomically(path: string, files: ReadonlyArray<{ readonly name: string; readonly text: string }>): Diagnostic | undefined {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const aside = join(dirname(path), `.${basename(path)}.${process.pid}.old`);
  try {
    rmSync(temporary, { recursive: true, force: true });
    mkdirSync(temporary);
    for (const f of files) writeFileSync(join(temporary, f.name), f.text);
    const existed = statSync(path, { throwIfNoEntry: false }) !== undefined;
    if (existed) renameSync(path, aside);
    renameSync(temporary, path);
    if (existed) rmSync(aside, { recursive: true, force: true });
    return undefined;
  } catch (e) {
    rmSync(temporary, { recursive: true, force: true });
    const reason = e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : "an error";
    return error("E_FILE_UNWRITABLE", `cannot write the folder ${path} (${reason})`, { hint: "check that its parent folder exists and can be written" });
  }
}

