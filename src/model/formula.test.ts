import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ratio } from "../money/ratio.js";
import { formulaReferences, parseFormula, type FormulaResult } from "./formula.js";
import type { FormulaNode } from "./types.js";

const origin = { file: "model.yaml", offset: 100, path: ["forecasts", "OpenAI", "lines", "inference", "formula"] };

/** A formula as compact text, to compare trees at a glance: `(+ (* 0.5 revenue) 2000000000)`. */
function show(node: FormulaNode): string {
  switch (node.kind) {
    case "number":
      return node.value.den === 1n ? String(node.value.num) : `${node.value.num}/${node.value.den}`;
    case "line":
      return node.name;
    case "last":
      return `last(${node.name})`;
    case "unary":
      return `(- ${show(node.operand)})`;
    case "binary":
      return `(${node.op} ${show(node.left)} ${show(node.right)})`;
    case "call":
      return `(${node.fn} ${node.args.map(show).join(" ")})`;
  }
}

function parsed(text: string): FormulaNode {
  const result = parseFormula(text, origin);
  if (!result.ok) throw new Error(result.diagnostics[0]?.message);
  return result.formula;
}

function failure(result: FormulaResult): { message: string; start: number; end: number; hint?: string } {
  if (result.ok) throw new Error("expected a syntax error");
  const [d] = result.diagnostics;
  return { message: d?.message ?? "", start: (d?.span?.start ?? 0) - origin.offset, end: (d?.span?.end ?? 0) - origin.offset, ...(d?.hint ? { hint: d.hint } : {}) };
}

describe("parseFormula", () => {
  describe("precedence and grouping", () => {
    it.each([
      ["0.5 * revenue + 2B", "(+ (* 1/2 revenue) 2000000000)"],
      ["a - b - c", "(- (- a b) c)"],
      ["a / b * c", "(* (/ a b) c)"],
      ["0.5 * (a + b)", "(* 1/2 (+ a b))"],
      ["-a * b", "(* (- a) b)"],
      ["- -a", "(- (- a))"],
      ["max(0, revenue - other-costs)", "(max 0 (- revenue other-costs))"],
      ["min(a, b, c)", "(min a b c)"],
      ["last(inference) * 102%", "(* last(inference) 51/50)"],
      ["1.5M + 20% * x", "(+ 1500000 (* 1/5 x))"],
    ])("%s", (text, tree) => {
      expect(show(parsed(text))).toBe(tree);
    });
  });

  it("reads a hyphen between letters as part of a name, and a spaced one as subtraction", () => {
    expect(show(parsed("other-costs"))).toBe("other-costs");
    expect(show(parsed("other - costs"))).toBe("(- other costs)");
  });

  it("reads figures exactly", () => {
    expect(parsed("0.1")).toMatchObject({ kind: "number", value: ratio(1n, 10n) });
    expect(parsed("2.5B")).toMatchObject({ kind: "number", value: ratio(2500000000n) });
  });

  it("gives every node a span inside the formula, offset to the file", () => {
    const node = parsed("0.5 * revenue + max(0, last(x))");
    if (node.kind !== "binary" || node.left.kind !== "binary") throw new Error("unexpected tree");
    const at = (n: FormulaNode): [number, number] => [n.at.span.start - 100, n.at.span.end - 100];
    expect(at(node)).toEqual([0, 31]);
    expect(at(node.left)).toEqual([0, 13]);
    expect(at(node.left.right)).toEqual([6, 13]);
    expect(at(node.right)).toEqual([16, 31]);
    expect(node.at.path).toEqual(origin.path);
  });

  it("uses the whole scalar's span when the text does not map onto the file", () => {
    const wholeSpan = { file: "model.yaml", start: 40, end: 60 };
    const result = parseFormula("a + b", { ...origin, wholeSpan });
    expect(result.ok && result.formula.at.span).toEqual(wholeSpan);
  });

  it("lists the lines a formula names, marking last()", () => {
    expect(formulaReferences(parsed("a + max(b, last(c)) * -a")).map((r) => [r.name, r.lagged])).toEqual([
      ["a", false],
      ["b", false],
      ["c", true],
      ["a", false],
    ]);
  });

  describe("invalid input", () => {
    it.each([
      ["0.5 * (revenue + 2B", { message: 'expected ")" to close the parenthesis, found the end of the formula', start: 19, end: 20 }],
      ["revenue +", { message: 'expected a figure, a line name or "(", but the formula ends here', start: 9, end: 10 }],
      ["revenue revenue", { message: 'unexpected "revenue" after a complete expression', start: 8, end: 15, hint: "join terms with an operator such as + or *" }],
      ["2Bn * x", { message: '"2Bn" is not a figure', start: 0, end: 3, hint: "write figures like 0.5, 2B, 1.5M or 20%, with the suffix right after the digits" }],
      ["revenue % 2", { message: 'unexpected "%"', start: 8, end: 9, hint: "formulas use figures, line names, + - * /, parentheses, min(), max() and last()" }],
      ["mx(a, b)", { message: 'unknown function "mx"', start: 0, end: 2, hint: 'did you mean "max"?' }],
      ["last(2)", { message: "last() takes the name of a line", start: 5, end: 6, hint: "write last(revenue) for last month's revenue" }],
      ["", { message: 'expected a figure, a line name or "(", but the formula ends here', start: 0, end: 1 }],
    ])("%j", (text, expected) => {
      expect(failure(parseFormula(text, origin))).toEqual(expected);
    });

    it("refuses nesting deeper than 100 levels instead of exhausting the stack", () => {
      expect(failure(parseFormula(`${"(".repeat(5000)}1${")".repeat(5000)}`, origin)).message).toBe("the formula is nested more than 100 levels deep");
      expect(failure(parseFormula(`${"-".repeat(5000)}1`, origin)).message).toBe("the formula is nested more than 100 levels deep");
    });

    it("never throws, and keeps error spans inside the text", () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(..."ab-+*/(),.%0129BM last min max ".split("")), maxLength: 40 }), (text) => {
          const result = parseFormula(text, origin);
          if (!result.ok) {
            const { start, end } = failure(result);
            expect(start).toBeGreaterThanOrEqual(0);
            expect(end).toBeLessThanOrEqual(text.length + 1);
          }
        }),
        { numRuns: 2000 },
      );
    });
  });
});
