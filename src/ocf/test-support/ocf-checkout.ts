/**
 * Finds OCF's own repository (its published schemas, sample package and tutorials) for the
 * conformance tests. dealgraph does not ship OCF's files; a developer or CI points at a copy:
 *
 *   DEALGRAPH_OCF_REPO=/path/to/Open-Cap-Format-OCF npm run test:ocf
 *
 * The path may be a checkout (work tree) or a bare git repository. When it is a git repository,
 * the files are taken at the tag of the OCF version dealgraph writes (v1.2.0) into a temporary
 * folder; a plain folder is used as it is. Without the variable, a checkout beside this project
 * (../Open-Cap-Format-OCF) or a mirror of it (../.mirror/…) is used if there is one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { OCF_VERSION } from "../export-package.js";

export const OCF_REPO_ENV = "DEALGRAPH_OCF_REPO";

const CANDIDATES = ["../Open-Cap-Format-OCF", "../.mirror/Open-Cap-Table-Coalition+Open-Cap-Format-OCF/repo"];

export interface OcfCheckout {
  /** A folder holding `schema/`, `samples/` and `docs/tutorials/` at OCF_VERSION. */
  readonly root: string;
  /** Where it came from, for the test's title. */
  readonly from: string;
}

/** The OCF files to test against, or why there are none. */
export function findOcfCheckout(): OcfCheckout | { readonly missing: string } {
  const given = process.env[OCF_REPO_ENV];
  const path = given ? resolve(given) : CANDIDATES.map((c) => resolve(c)).find((c) => existsSync(c));
  if (!path) return { missing: `no copy of OCF's repository: set ${OCF_REPO_ENV} to a checkout of Open-Cap-Table-Coalition/Open-Cap-Format-OCF` };
  if (!existsSync(path)) return { missing: `${OCF_REPO_ENV}=${path} does not exist` };
  const isGit = existsSync(join(path, ".git")) || (existsSync(join(path, "HEAD")) && existsSync(join(path, "objects")));
  if (!isGit) return existsSync(join(path, "schema", "files")) ? { root: path, from: path } : { missing: `${path} has no schema/files folder` };
  const root = mkdtempSync(join(tmpdir(), "dealgraph-ocf-"));
  const tar = join(root, "ocf.tar");
  const tag = `v${OCF_VERSION}`;
  try {
    const gitDir = existsSync(join(path, ".git")) ? join(path, ".git") : path;
    execFileSync("git", [`--git-dir=${gitDir}`, "archive", "--format=tar", "-o", tar, tag, "schema", "samples", "docs/tutorials"], { stdio: "pipe" });
    execFileSync("tar", ["-xf", tar, "-C", root], { stdio: "pipe" });
  } catch (e) {
    return { missing: `cannot take ${tag} out of ${path}: ${e instanceof Error ? e.message.split("\n")[0] : "git failed"}` };
  }
  return { root, from: `${path} at ${tag}` };
}
