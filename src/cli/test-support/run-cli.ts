/**
 * What the CLI's golden tests share: running `main` with captured output, and comparing text
 * with a golden file (rewritten instead when UPDATE_GOLDENS=1, after a deliberate change).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { main } from "../main.js";

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function run(...argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

/** Compares `actual` with src/cli/testdata/`name`. */
export function golden(name: string, actual: string): void {
  const path = join("src/cli/testdata", name);
  if (process.env.UPDATE_GOLDENS === "1") writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}
