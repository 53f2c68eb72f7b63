/**
 * Small typed readers over the YAML tree. Each reader knows the node it reads, so every value it
 * returns carries the exact span and path it was written at, and every problem it finds becomes a
 * diagnostic (collected, never thrown). A reader returns `undefined` when its value is unusable;
 * the problem has then already been reported, and callers only propagate the absence.
 */
import { isMap, isScalar, isSeq, Scalar, type ParsedNode } from "yaml";
import { error, warning, type Diagnostic, type Path } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { lineStarts, positionAt, type Span } from "../syntax/source.js";
import { formatMonth, parseDate, type Month } from "../time/month.js";
import type { Located, Ref, Window } from "./types.js";

/** One `key: value` of a mapping. `value` is absent when nothing (or `null`, `~`) was written. */
export interface Field {
  readonly name: string;
  readonly keySpan: Span;
  readonly value?: ParsedNode;
  readonly path: Path;
}

/** The fields of one mapping, by name, after unknown and missing keys have been reported. */
export interface Fields {
  readonly get: (name: string) => Field | undefined;
  readonly has: (name: string) => boolean;
  /** The span of the mapping's owner (its key), the caret for "missing" problems. */
  readonly owner: Span;
  readonly path: Path;
  /** Whether some key was unknown: a likely typo, so "missing" follow-on checks may stay quiet. */
  readonly hadUnknownKeys: boolean;
}

export interface FieldSpec {
  readonly required?: readonly string[];
  readonly optional?: readonly string[];
}

/** Offsets and text of a scalar's content: for a plain scalar exactly its source text. */
export interface ScalarContent {
  readonly text: string;
  readonly start: number;
  /** Whether `start + i` is the offset of `text[i]` (false when escapes or folding intervene). */
  readonly exact: boolean;
  readonly span: Span;
}

export class ModelReader {
  readonly diagnostics: Diagnostic[] = [];
  private lineStartsCache?: number[];

  constructor(
    readonly file: string,
    readonly text: string,
    /** The model's currency, which money figures are read in; set once `currency:` is read. */
    public currency = "USD",
  ) {}

  report(code: DiagnosticCode, message: string, span: Span | undefined, path: Path, hint?: string): void {
    this.diagnostics.push(error(code, message, { ...(span ? { span } : {}), path, ...(hint ? { hint } : {}) }));
  }

  warn(code: DiagnosticCode, message: string, span: Span | undefined, path: Path, hint?: string): void {
    this.diagnostics.push(warning(code, message, { ...(span ? { span } : {}), path, ...(hint ? { hint } : {}) }));
  }

  span(node: ParsedNode): Span {
    return { file: this.file, start: node.range[0], end: node.range[1] };
  }

  spanAt(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  located(span: Span, path: Path): Located {
    return { span, path };
  }

  lineOf(offset: number): number {
    this.lineStartsCache ??= lineStarts(this.text);
    return positionAt(this.lineStartsCache, offset).line;
  }

  /** The content of a scalar: the source text for plain scalars (so numbers never pass through float). */
  scalarContent(node: Scalar.Parsed): ScalarContent {
    const span = this.span(node);
    const raw = this.text.slice(node.range[0], node.range[1]);
    // A plain scalar on one line is taken as written (so `2026` and `1e3` stay text); one folded
    // over several lines is taken as YAML reads it, with its line breaks folded into spaces.
    if ((node.type === Scalar.PLAIN || node.type === undefined) && !raw.includes("\n")) return { text: raw, start: node.range[0], exact: true, span };
    if (node.type === Scalar.PLAIN || node.type === undefined) return { text: String(node.value), start: node.range[0], exact: false, span };
    const value = typeof node.value === "string" ? node.value : String(node.value);
    if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
      return { text: value, start: node.range[0] + 1, exact: raw.slice(1, -1) === value, span };
    }
    return { text: value, start: node.range[0], exact: false, span };
  }

  /** The span of `length` characters at `offset` inside a scalar's content, or the whole scalar. */
  spanInside(content: ScalarContent, offset: number, length: number): Span {
    if (!content.exact) return content.span;
    const start = content.start + offset;
    return this.spanAt(start, Math.min(start + Math.max(length, 1), content.span.end));
  }

  describeNode(node: ParsedNode): string {
    if (isMap(node)) return "a mapping";
    if (isSeq(node)) return "a list";
    return "a single value";
  }

  /**
   * The entries of a mapping of named things (`parties:`, `rounds:`…), in file order. Reports a
   * value that is not a mapping, keys that are not plain names, and names stated twice (the
   * second is dropped).
   */
  entries(node: ParsedNode | undefined, path: Path, what: string, owner: Span): Field[] {
    if (!node) return [];
    if (!isMap(node)) {
      this.report("E_WRONG_TYPE", `${what} must be a mapping, not ${this.describeNode(node)}`, this.span(node), path, `write one \`name: …\` line per entry`);
      return [];
    }
    const seen = new Map<string, Span>();
    const out: Field[] = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || key.value === null) {
        const span = key ? this.span(key) : owner;
        this.report("E_WRONG_TYPE", `a key in ${what} must be a plain name`, span, path);
        continue;
      }
      const name = this.scalarContent(key).text;
      const keySpan = this.span(key);
      const first = seen.get(name);
      if (first) {
        this.report("E_DUPLICATE_KEY", `"${name}" is stated twice in ${what}`, keySpan, [...path, name], `the first is on line ${this.lineOf(first.start)}; merge the two or rename one`);
        continue;
      }
      seen.set(name, keySpan);
      const value = pair.value && !(isScalar(pair.value) && pair.value.value === null) ? pair.value : undefined;
      out.push(value ? { name, keySpan, value, path: [...path, name] } : { name, keySpan, path: [...path, name] });
    }
    return out;
  }

  /**
   * The fields of a mapping with a fixed set of keys. Reports unknown keys (with the nearest
   * valid one), duplicates, and required keys that are absent or empty.
   */
  fields(node: ParsedNode | undefined, path: Path, what: string, spec: FieldSpec, owner: Span): Fields | undefined {
    if (!node || !isMap(node)) {
      const span = node ? this.span(node) : owner;
      this.report("E_WRONG_TYPE", `${what} must be a mapping${node ? `, not ${this.describeNode(node)}` : ""}`, span, path, `expected keys: ${[...(spec.required ?? []), ...(spec.optional ?? [])].join(", ")}`);
      return undefined;
    }
    const allowed = [...(spec.required ?? []), ...(spec.optional ?? [])];
    const byName = new Map<string, Field>();
    const emptyKeys = new Map<string, Span>();
    let hadUnknownKeys = false;
    for (const field of this.entries(node, path, what, owner)) {
      if (!allowed.includes(field.name)) {
        this.report("E_UNKNOWN_KEY", `${what} has no key "${field.name}"`, field.keySpan, field.path, didYouMean(field.name, allowed, "key"));
        hadUnknownKeys = true;
        continue;
      }
      if (field.value) byName.set(field.name, field);
      else emptyKeys.set(field.name, field.keySpan);
    }
    for (const name of spec.required ?? []) {
      if (byName.has(name)) continue;
      const empty = emptyKeys.get(name);
      if (empty) this.report("E_MISSING_FIELD", `"${name}" of ${what} has no value`, empty, [...path, name]);
      else this.report("E_MISSING_FIELD", `${what} needs "${name}"`, owner, path);
    }
    return { get: (name) => byName.get(name), has: (name) => byName.has(name), owner, path, hadUnknownKeys };
  }

  /** Whether a node is a mapping with the given key, to tell apart the forms a value may take. */
  hasKey(node: ParsedNode | undefined, key: string): boolean {
    return !!node && isMap(node) && node.items.some((pair) => isScalar(pair.key) && this.scalarContent(pair.key).text === key);
  }

  /** Reports every pair of mutually exclusive keys that are both present; returns the first present. */
  exclusive(fields: Fields, names: readonly string[], what: string): Field | undefined {
    const present = names.map((n) => fields.get(n)).filter((f): f is Field => f !== undefined);
    const [first, ...rest] = present;
    for (const other of rest) {
      this.report("E_CONFLICTING_FIELDS", `${what} states both "${first?.name ?? ""}" and "${other.name}"`, other.keySpan, other.path, `keep one of: ${names.join(", ")}`);
    }
    return first;
  }

  /**
   * `expected` and `window` may be given together: the expected month is the base case, the
   * window the range for scenarios; the month must then lie inside the window.
   */
  expectedInsideWindow(expected: { month: Month; at: Located } | undefined, window: Window | undefined, what: string): void {
    if (!expected || !window || (expected.month >= window.from && expected.month <= window.to)) return;
    this.report(
      "E_CONFLICTING_FIELDS",
      `${what} is expected in ${formatMonth(expected.month)}, outside its window (${formatMonth(window.from)} to ${formatMonth(window.to)})`,
      expected.at.span,
      expected.at.path,
      "move the expected month into the window, or widen the window",
    );
  }

  /** A plain word or name: a scalar written as text (numbers and dates are taken as written). */
  word(field: Field | undefined, what: string): { text: string; span: Span } | undefined {
    if (!field?.value) return undefined;
    if (!isScalar(field.value)) {
      this.report("E_WRONG_TYPE", `${what} must be a single value, not ${this.describeNode(field.value)}`, this.span(field.value), field.path);
      return undefined;
    }
    const content = this.scalarContent(field.value);
    if (content.text.trim() === "") {
      this.report("E_MISSING_FIELD", `${what} is empty`, field.keySpan, field.path);
      return undefined;
    }
    return { text: content.text.trim(), span: content.span };
  }

  /** A name that refers to something defined elsewhere; resolved later by the reference checks. */
  ref(field: Field | undefined, what: string): Ref | undefined {
    const w = this.word(field, what);
    return w && field ? { name: w.text, at: { span: w.span, path: field.path } } : undefined;
  }

  /** A list of names, or a single name standing for a list of one. */
  refList(field: Field | undefined, what: string): Ref[] {
    if (!field?.value) return [];
    if (isScalar(field.value)) {
      const one = this.ref(field, what);
      return one ? [one] : [];
    }
    if (!isSeq(field.value)) {
      this.report("E_WRONG_TYPE", `${what} must be a list of names, not ${this.describeNode(field.value)}`, this.span(field.value), field.path, "write [a, b]");
      return [];
    }
    const out: Ref[] = [];
    field.value.items.forEach((item, index) => {
      const ref = this.ref({ name: String(index), keySpan: this.span(item), value: item, path: [...field.path, index] }, what);
      if (ref) out.push(ref);
    });
    return out;
  }

  /** Free text, such as a description. */
  prose(field: Field | undefined, what: string): string | undefined {
    return this.word(field, what)?.text;
  }

  /** One of a fixed set of words; reports the nearest allowed word otherwise. */
  choice<T extends string>(field: Field | undefined, options: readonly T[], what: string): T | undefined {
    const w = this.word(field, what);
    if (!w || !field) return undefined;
    const found = options.find((o) => o === w.text);
    if (found !== undefined) return found;
    const near = didYouMean(w.text, options, "choice");
    this.report("E_BAD_ENUM", `"${w.text}" is not a valid ${what}`, w.span, field.path, near.startsWith("did you") ? `${near} (one of: ${options.join(", ")})` : `one of: ${options.join(", ")}`);
    return undefined;
  }

  /** A month written as `YYYY-MM` or `YYYY-MM-DD` (the day is checked, then dropped). */
  month(field: Field | undefined, what: string): { month: Month; at: Located } | undefined {
    const w = this.word(field, what);
    if (!w || !field) return undefined;
    return this.monthFromText(w.text, w.span, field.path);
  }

  monthFromText(text: string, span: Span, path: Path): { month: Month; at: Located } | undefined {
    const parsed = parseDate(text);
    if (!parsed.ok) {
      this.report("E_BAD_DATE", parsed.reason, span, path, "dates are YYYY-MM or YYYY-MM-DD, e.g. 2026-02 or 2026-02-27");
      return undefined;
    }
    return { month: parsed.value.month, at: { span, path } };
  }

  /**
   * A span of months: `{ <from>: …, <to>: … }` or `"2026-06..2026-12"`, both ends included.
   * `orderCode` is reported when the end is before the start.
   */
  window(field: Field | undefined, what: string, keys: { from: string; to: string }, orderCode: DiagnosticCode): Window | undefined {
    if (!field?.value) return undefined;
    const at: Located = { span: field.keySpan, path: field.path };
    let from: { month: Month; at: Located } | undefined;
    let to: { month: Month; at: Located } | undefined;
    if (isScalar(field.value)) {
      const content = this.scalarContent(field.value);
      const dots = content.text.indexOf("..");
      if (dots < 0) {
        this.report("E_BAD_DATE", `${what} "${content.text}" is not a span of months`, content.span, field.path, `write ${keys.from}..${keys.to}, e.g. 2026-06..2026-12, or { ${keys.from}: 2026-06, ${keys.to}: 2026-12 }`);
        return undefined;
      }
      const left = content.text.slice(0, dots);
      const right = content.text.slice(dots + 2);
      from = this.monthFromText(left, this.spanInside(content, 0, left.length), field.path);
      to = this.monthFromText(right, this.spanInside(content, dots + 2, right.length), field.path);
    } else {
      const fields = this.fields(field.value, field.path, what, { required: [keys.from, keys.to] }, field.keySpan);
      if (!fields) return undefined;
      from = this.month(fields.get(keys.from), `${what} ${keys.from}`);
      to = this.month(fields.get(keys.to), `${what} ${keys.to}`);
    }
    if (!from || !to) return undefined;
    if (to.month < from.month) {
      this.report(orderCode, `${what} ends (${formatMonth(to.month)}) before it starts (${formatMonth(from.month)})`, to.at.span, field.path);
      return undefined;
    }
    return { from: from.month, to: to.month, at };
  }
}
