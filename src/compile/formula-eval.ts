/**
 * Evaluating a forecast formula for one month, exactly.
 *
 * Values carry a dimension: money (in minor units) or a pure number. A literal adopts the
 * dimension its context needs: in `revenue + 2B` the 2B is money, in `0.67 * revenue` the 0.67 is
 * a factor. Money times money, or a number divided by money, has no meaning here and is refused.
 */
import { minorDigits } from "../money/money.js";
import { addRatio, compareRatio, divRatio, mulRatio, ratio, subRatio, type Ratio } from "../money/ratio.js";
import type { FormulaNode } from "../model/types.js";

export type Value =
  | { readonly dim: "money"; readonly r: Ratio } // minor units
  | { readonly dim: "number"; readonly r: Ratio } // a pure factor
  | { readonly dim: "literal"; readonly r: Ratio }; // a written number, major units if it becomes money

export type FormulaProblem =
  | { readonly kind: "units"; readonly node: FormulaNode }
  /** The whole formula gives a plain number (a ratio, a count), which a line of money cannot book. */
  | { readonly kind: "not-money"; readonly node: FormulaNode }
  | { readonly kind: "division-by-zero"; readonly node: FormulaNode };

export interface FormulaScope {
  /** This month's value of a line, in minor units. */
  readonly current: (line: string) => bigint;
  /** Last month's value of a line, in minor units (0 before the horizon). */
  readonly last: (line: string) => bigint;
  /** A driver's value (money in minor units, or a number), if the name is a driver's. */
  readonly driver?: (name: string) => Value | undefined;
  readonly currency: string;
}

type Result = { ok: true; value: Value } | { ok: false; problem: FormulaProblem };

/** Evaluates a formula to minor units as an exact ratio (rounded by the caller). */
export function evaluateFormula(node: FormulaNode, scope: FormulaScope): { ok: true; value: Ratio } | { ok: false; problem: FormulaProblem } {
  const result = evaluate(node, scope);
  if (!result.ok) return result;
  // A plain number times a written figure stays a number (`headcount * 10K` is not money): booking
  // it as minor units would be silently wrong by the currency's scale.
  if (result.value.dim === "number") return { ok: false, problem: { kind: "not-money", node } };
  return { ok: true, value: asMoney(result.value, scope.currency) };
}

const asMoney = (v: Value, currency: string): Ratio =>
  v.dim === "literal" ? mulRatio(v.r, ratio(10n ** BigInt(minorDigits(currency)))) : v.r;

function evaluate(node: FormulaNode, scope: FormulaScope): Result {
  switch (node.kind) {
    case "number":
      return ok({ dim: "literal", r: node.value });
    case "line":
      return ok(scope.driver?.(node.name) ?? { dim: "money", r: ratio(scope.current(node.name)) });
    case "last":
      // A driver is constant over the horizon: last month's value is this month's.
      return ok(scope.driver?.(node.name) ?? { dim: "money", r: ratio(scope.last(node.name)) });
    case "unary": {
      const operand = evaluate(node.operand, scope);
      if (!operand.ok) return operand;
      return ok({ dim: operand.value.dim, r: ratio(-operand.value.r.num, operand.value.r.den) });
    }
    case "binary": {
      const left = evaluate(node.left, scope);
      if (!left.ok) return left;
      const right = evaluate(node.right, scope);
      if (!right.ok) return right;
      return combine(node, left.value, right.value, scope.currency);
    }
    case "call": {
      const values: Value[] = [];
      for (const arg of node.args) {
        const v = evaluate(arg, scope);
        if (!v.ok) return v;
        values.push(v.value);
      }
      const anyMoney = values.some((v) => v.dim === "money");
      const anyNumber = values.some((v) => v.dim === "number");
      if (anyMoney && anyNumber) return { ok: false, problem: { kind: "units", node } };
      const coerced = values.map((v) => (anyMoney ? asMoney(v, scope.currency) : v.r));
      const pick = node.fn === "min" ? -1 : 1;
      let best = coerced[0] ?? ratio(0n);
      for (const r of coerced.slice(1)) if (compareRatio(r, best) === pick) best = r;
      return ok({ dim: anyMoney ? "money" : anyNumber ? "number" : "literal", r: best });
    }
  }
}

function combine(node: FormulaNode & { kind: "binary" }, a: Value, b: Value, currency: string): Result {
  switch (node.op) {
    case "+":
    case "-": {
      if ((a.dim === "money" && b.dim === "number") || (a.dim === "number" && b.dim === "money")) return { ok: false, problem: { kind: "units", node } };
      const money = a.dim === "money" || b.dim === "money";
      const l = money ? asMoney(a, currency) : a.r;
      const r = money ? asMoney(b, currency) : b.r;
      const dim = money ? "money" : a.dim === "number" || b.dim === "number" ? "number" : "literal";
      return ok({ dim, r: node.op === "+" ? addRatio(l, r) : subRatio(l, r) });
    }
    case "*": {
      if (a.dim === "money" && b.dim === "money") return { ok: false, problem: { kind: "units", node } };
      const dim = a.dim === "money" || b.dim === "money" ? "money" : a.dim === "number" || b.dim === "number" ? "number" : "literal";
      return ok({ dim, r: mulRatio(a.r, b.r) });
    }
    case "/": {
      if (b.dim === "money" && a.dim !== "money") return { ok: false, problem: { kind: "units", node } };
      if (b.r.num === 0n) return { ok: false, problem: { kind: "division-by-zero", node } };
      const dim = a.dim === "money" && b.dim === "money" ? "number" : a.dim === "money" ? "money" : a.dim === "number" || b.dim === "number" ? "number" : "literal";
      return ok({ dim, r: divRatio(a.r, b.r) });
    }
  }
}

const ok = (value: Value): Result => ({ ok: true, value });
