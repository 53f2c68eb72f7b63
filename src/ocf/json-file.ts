/**
 * One JSON file of an OCF package, read with a position map: its parsed value, and a way to find
 * the line and column of any field in it for diagnostics. Reading goes through the caller's
 * `ReadPackageFile`, so this does no I/O of its own.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../syntax/source.js";

export type ReadPackageFile = (relativePath: string) => { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export const MANIFEST_NAME = "Manifest.ocf.json";

export interface JsonFile {
  readonly name: string;
  readonly value: unknown;
  readonly locate: (path: ReadonlyArray<string | number>) => Span;
}

/** Reads one JSON file, keeping a YAML tree of it to point diagnostics at lines and columns. */
export function readJson(name: string, path: string, readFile: ReadPackageFile, sources: Map<string, SourceFile>, diagnostics: Diagnostic[], listedIn?: { manifest: JsonFile; at: Array<string | number> }): JsonFile | undefined {
  const read = readFile(name);
  if (!read.ok) {
    const where = listedIn ? { span: listedIn.manifest.locate(listedIn.at) } : {};
    diagnostics.push(error("E_OCF_PACKAGE", `cannot read ${path} (${read.reason})`, { ...where, hint: listedIn ? "the manifest lists a file the package does not have" : `an OCF package is a folder with a ${MANIFEST_NAME}` }));
    return undefined;
  }
  sources.set(path, { path, text: read.text });
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : "not JSON";
    diagnostics.push(error("E_OCF_PACKAGE", `${name} is not JSON: ${reason}`, { span: { file: path, start: 0, end: 0 } }));
    return undefined;
  }
  let tree: Document | undefined;
  try {
    tree = parseDocument(read.text, { uniqueKeys: false });
  } catch {
    tree = undefined;
  }
  // JSON.parse keeps the last of two equal keys, silently; which one the writer meant is unknown.
  const repeated = tree ? repeatedKeys(tree.contents) : [];
  for (const key of repeated) {
    diagnostics.push(error("E_OCF_PACKAGE", `${name}: the key ${JSON.stringify(key.value)} appears twice in one object`, { span: { file: path, start: key.range[0], end: key.range[1] }, hint: "JSON objects in an OCF package have each key once; remove one of the two" }));
  }
  if (repeated.length > 0) return undefined;
  return { name, value, locate: (at) => locate(path, tree, at) };
}

/** Every key that repeats one before it in the same object, anywhere in the tree, in file order. */
function repeatedKeys(root: unknown): Array<{ value: unknown; range: [number, number, number] }> {
  const found: Array<{ value: unknown; range: [number, number, number] }> = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range) {
          if (seen.has(pair.key.value)) found.push({ value: pair.key.value, range: pair.key.range });
          seen.add(pair.key.value);
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(root);
  return found;
}

/** The span of the deepest node on `path` that exists (the key of a field, when there is one). */
function locate(file: string, tree: Document | undefined, path: ReadonlyArray<string | number>): Span {
  let node: unknown = tree?.contents;
  let span: Span = { file, start: 0, end: 0 };
  const spanOf = (n: unknown): Span | undefined => {
    const range = (n as Node | undefined)?.range;
    return range ? { file, start: range[0], end: range[1] } : undefined;
  };
  span = spanOf(node) ?? span;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (!pair) {
        // A missing field: point at the object's id, which names it.
        const id = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "id");
        span = (id && spanOf(id.key)) ?? span;
        break;
      }
      span = spanOf(pair.key) ?? span;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number" && node.items[key]) {
      node = node.items[key];
      span = spanOf(node) ?? span;
    } else break;
  }
  return span;
}

