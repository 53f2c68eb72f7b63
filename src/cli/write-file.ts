/**
 * Writing an output file whole or not at all: the text goes to a temporary file beside the
 * target, which is then renamed over it, so a failure never leaves half a chart behind.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
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
