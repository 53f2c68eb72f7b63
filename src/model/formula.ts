/**
 * Forecast formulas: `0.5 * revenue + max(0, last(inference) * 1%)`.
 *
 * Grammar (usual precedence, left-associative):
 *
 *     sum     := product (("+" | "-") product)*
 *     product := unary (("*" | "/") unary)*
 *     unary   := "-" unary | primary
 *     primary := figure | name | "(" sum ")" | ("min" | "max") "(" sum ("," sum)* ")" | "last" "(" name ")"
 *
 * A figure is digits with an optional decimal part and a suffix written right after it: a scale
 * (`2B`, `1.5M`) or `%` (`20%`). A name is a forecast line of the same company; it may contain
 * hyphens between letters or digits (`other-costs`), so subtraction is written with spaces.
 * A figure's value is in major units of the currency (`2B` is two billion), a percentage is a ratio.
 */
import { error, type Diagnostic, type Path } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { parseFigure } from "../money/figure-text.js";
import type { Span } from "../syntax/source.js";
import type { FormulaNode, Located } from "./types.js";
import { unreachable } from "../diagnostics/unreachable.js";

/** Where a formula's text sits in its file, so that every node's span points into the scalar. */
export interface FormulaOrigin {
  readonly file: string;
  /** Offset in the file of the formula's first character. */
  readonly offset: number;
  readonly path: Path;
  /**
   * When the scalar's content does not map one-to-one onto the file (escapes, folded lines),
   * every node is given this span (the whole scalar) instead of a computed one.
   */
  readonly wholeSpan?: Span;
}

export type FormulaResult = { readonly ok: true; readonly formula: FormulaNode } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** A line named by a formula; `lagged` when it is read through `last(…)` (last month's value). */
export interface FormulaReference {
  readonly name: string;
  readonly at: Located;
  readonly lagged: boolean;
}

// Deep nesting gains nothing in a forecast and would exhaust the stack on hostile input.
const MAX_DEPTH = 100;

const FUNCTIONS = ["min", "max", "last"] as const;
const SCALE_SUFFIXES = ["MM", "mn", "bn", "tn", "K", "k", "M", "B", "T", "%"];

type Token =
  | { readonly kind: "number"; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: "name"; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: "punct"; readonly text: "+" | "-" | "*" | "/" | "(" | ")" | ","; readonly start: number; readonly end: number }
  | { readonly kind: "end"; readonly text: ""; readonly start: number; readonly end: number };

class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/;
const DIGITS = /^\d+(?:\.\d+)?/;
const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

function tokenize(text: string): Token[] | FormulaSyntaxError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ("+-*/(),".includes(c)) {
      tokens.push({ kind: "punct", text: c as "+", start: i, end: i + 1 });
      i++;
      continue;
    }
    const rest = text.slice(i);
    const digits = DIGITS.exec(rest);
    if (digits) {
      let end = i + digits[0].length;
      const suffix = SCALE_SUFFIXES.find((s) => text.startsWith(s, end) && (s === "%" || !IDENTIFIER_CHAR.test(text.charAt(end + s.length))));
      if (suffix) end += suffix.length;
      if (IDENTIFIER_CHAR.test(text.charAt(end)) || text.charAt(end) === ".") {
        let stop = end;
        while (stop < text.length && (IDENTIFIER_CHAR.test(text.charAt(stop)) || text.charAt(stop) === ".")) stop++;
        return new FormulaSyntaxError(`"${text.slice(i, stop)}" is not a figure`, i, stop, "write figures like 0.5, 2B, 1.5M or 20%, with the suffix right after the digits");
      }
      tokens.push({ kind: "number", text: text.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: "name", text: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    return new FormulaSyntaxError(`unexpected "${c}"`, i, i + 1, "formulas use figures, line names, + - * /, parentheses, min(), max() and last()");
  }
  tokens.push({ kind: "end", text: "", start: text.length, end: text.length });
  return tokens;
}

class FormulaParser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly locate: (start: number, end: number) => Located,
  ) {}

  parse(): FormulaNode {
    const node = this.sum();
    const next = this.peek();
    if (next.kind !== "end") {
      throw new FormulaSyntaxError(`unexpected "${next.text}" after a complete expression`, next.start, next.end, "join terms with an operator such as + or *");
    }
    return node;
  }

  private peek(): Token {
    // The tokenizer always ends the list with an "end" token, which is never consumed.
    return this.tokens[this.index] ?? { kind: "end", text: "", start: 0, end: 0 };
  }

  private take(): Token {
    const t = this.peek();
    if (t.kind !== "end") this.index++;
    return t;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === "punct" && t.text === text;
  }

  private expect(text: string, context: string): Token {
    const t = this.peek();
    if (t.kind === "punct" && t.text === text) return this.take();
    throw new FormulaSyntaxError(`expected "${text}" ${context}, found ${t.kind === "end" ? "the end of the formula" : `"${t.text}"`}`, t.start, Math.max(t.end, t.start + 1));
  }

  private join(op: "+" | "-" | "*" | "/", left: FormulaNode, right: FormulaNode, start: number, end: number): FormulaNode {
    return { kind: "binary", op, left, right, at: this.locate(start, end) };
  }

  private sum(): FormulaNode {
    const first = this.peek().start;
    let left = this.product();
    for (;;) {
      const t = this.peek();
      if (t.kind !== "punct" || (t.text !== "+" && t.text !== "-")) return left;
      this.take();
      const right = this.product();
      left = this.join(t.text, left, right, first, this.lastEnd);
    }
  }

  private product(): FormulaNode {
    const first = this.peek().start;
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== "punct" || (t.text !== "*" && t.text !== "/")) return left;
      this.take();
      const right = this.unary();
      left = this.join(t.text, left, right, first, this.lastEnd);
    }
  }

  /** End offset of the last consumed token: nodes span from their first to their last token. */
  private get lastEnd(): number {
    return this.tokens[this.index - 1]?.end ?? 0;
  }

  private unary(): FormulaNode {
    this.enter();
    const t = this.peek();
    let node: FormulaNode;
    if (t.kind === "punct" && t.text === "-") {
      this.take();
      const operand = this.unary();
      node = { kind: "unary", op: "-", operand, at: this.locate(t.start, this.lastEnd) };
    } else {
      node = this.primary();
    }
    this.depth--;
    return node;
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) {
      const t = this.peek();
      throw new FormulaSyntaxError(`the formula is nested more than ${MAX_DEPTH} levels deep`, t.start, t.end, "split it into several lines");
    }
  }

  private primary(): FormulaNode {
    const t = this.take();
    if (t.kind === "number") {
      const figure = parseFigure(t.text);
      if (!figure.ok || (figure.value.kind !== "number" && figure.value.kind !== "percent")) {
        throw new FormulaSyntaxError(`"${t.text}" is not a figure`, t.start, t.end);
      }
      return { kind: "number", value: figure.value.value, at: this.locate(t.start, t.end) };
    }
    if (t.kind === "punct" && t.text === "(") {
      const inner = this.sum();
      this.expect(")", "to close the parenthesis");
      return inner;
    }
    if (t.kind === "name") {
      if (!this.isPunct("(")) return { kind: "line", name: t.text, at: this.locate(t.start, t.end) };
      const fn = FUNCTIONS.find((f) => f === t.text);
      if (fn === undefined) {
        throw new FormulaSyntaxError(`unknown function "${t.text}"`, t.start, t.end, `${didYouMean(t.text, FUNCTIONS, "function").replace(/^known functions/, "the functions are")}`);
      }
      this.take();
      if (fn === "last") {
        const arg = this.take();
        if (arg.kind !== "name") {
          throw new FormulaSyntaxError("last() takes the name of a line", arg.start, Math.max(arg.end, arg.start + 1), "write last(revenue) for last month's revenue");
        }
        this.expect(")", "after the line name in last()");
        return { kind: "last", name: arg.text, at: this.locate(t.start, this.lastEnd) };
      }
      const args: FormulaNode[] = [this.sum()];
      while (this.isPunct(",")) {
        this.take();
        args.push(this.sum());
      }
      this.expect(")", `to close ${fn}(`);
      return { kind: "call", fn, args, at: this.locate(t.start, this.lastEnd) };
    }
    const found = t.kind === "end" ? "the formula ends" : `"${t.text}"`;
    throw new FormulaSyntaxError(`expected a figure, a line name or "(", but ${found}${t.kind === "end" ? " here" : " is here"}`, t.start, Math.max(t.end, t.start + 1));
  }
}

/**
 * Parses a forecast formula. Never throws: a formula that cannot be parsed gives one
 * E_FORMULA_SYNTAX diagnostic pointing at the offending character inside the YAML scalar.
 */
export function parseFormula(text: string, origin: FormulaOrigin): FormulaResult {
  const spanOf = (start: number, end: number): Span =>
    origin.wholeSpan ?? { file: origin.file, start: origin.offset + start, end: origin.offset + Math.max(end, start) };
  const locate = (start: number, end: number): Located => ({ span: spanOf(start, end), path: origin.path });
  const failure = (e: FormulaSyntaxError): FormulaResult => ({
    ok: false,
    diagnostics: [error("E_FORMULA_SYNTAX", e.message, { span: spanOf(e.start, e.end), path: origin.path, ...(e.hint ? { hint: e.hint } : {}) })],
  });
  const tokens = tokenize(text);
  if (tokens instanceof FormulaSyntaxError) return failure(tokens);
  try {
    return { ok: true, formula: new FormulaParser(tokens, locate).parse() };
  } catch (e) {
    // Only the parser's own syntax errors are expected here; anything else is a bug to surface.
    if (e instanceof FormulaSyntaxError) return failure(e);
    throw e;
  }
}

/** Every line a formula names, in order, marking those read through `last(…)`. */
export function formulaReferences(node: FormulaNode): FormulaReference[] {
  const out: FormulaReference[] = [];
  const walk = (n: FormulaNode): void => {
    switch (n.kind) {
      case "number":
        return;
      case "line":
        out.push({ name: n.name, at: n.at, lagged: false });
        return;
      case "last":
        out.push({ name: n.name, at: n.at, lagged: true });
        return;
      case "unary":
        walk(n.operand);
        return;
      case "binary":
        walk(n.left);
        walk(n.right);
        return;
      case "call":
        n.args.forEach(walk);
        return;
      default:
        unreachable(n);
    }
  };
  walk(node);
  return out;
}
