/**
 * Evaluating a company's forecast lines to months of the horizon, exactly.
 *
 * Lines given per year or per month are laid out first; formula lines are then evaluated month by
 * month in dependency order (a line's `last(x)` reads the month before, so it never waits on x).
 * Calibrated lines are solved one at a time, in dependency order: the line's shape comes from its
 * definition, its scale from the cumulative target; every pass after that uses the solved line.
 */
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { applyRatio, formatShort, money, splitByWeights, splitEvenly, type Money } from "../money/money.js";
import { addRatio, divideHalfEven, ratio, ONE_RATIO, type Ratio } from "../money/ratio.js";
import type { ForecastInput, ForecastLineInput, FormulaNode } from "../model/types.js";
import { formatMonth, month, yearOf, type Month } from "../time/month.js";
import { evaluateFormula, type Value } from "./formula-eval.js";
import { unreachable } from "../diagnostics/unreachable.js";
import type { CalibrationResult, EvaluatedLine } from "./types.js";

export interface ForecastContext {
  readonly currency: string;
  /** The drivers' values formulas may read (base values, or a scenario's). */
  readonly drivers?: ReadonlyMap<string, Value>;
  readonly start: Month;
  readonly months: number;
  /**
   * The company's outflow through `through` from everything except `excludedLine`: contract
   * payments, revenue shares on the lines evaluated so far, and the other cost lines.
   */
  readonly otherOutflow: (lines: ReadonlyMap<string, readonly bigint[]>, excludedLine: string, through: Month) => bigint;
}

export interface ForecastResult {
  readonly lines: EvaluatedLine[];
  readonly calibrations: CalibrationResult[];
  readonly diagnostics: Diagnostic[];
}

export function evaluateForecast(forecast: ForecastInput, ctx: ForecastContext): ForecastResult {
  const company = forecast.company.name;
  const diagnostics: Diagnostic[] = [];
  const order = dependencyOrder(forecast.lines);
  const fixed = new Map<string, bigint[]>(); // calibrated lines, once solved
  const calibrations: CalibrationResult[] = [];

  let values = evaluatePass(order, ctx, fixed, diagnostics);
  for (const line of order) {
    if (!line.calibrate) continue;
    const cal = line.calibrate;
    const raw = values.get(line.name) ?? [];
    const throughIndex = cal.through - ctx.start;
    if (throughIndex < 0 || throughIndex >= ctx.months) {
      diagnostics.push(error("E_CALIBRATION", `the calibration of "${line.name}" runs through a month outside the horizon`, { span: cal.at.span, path: cal.at.path, hint: "choose a `through` month inside the horizon" }));
      continue;
    }
    let target = cal.total.value as bigint;
    if (cal.scope === "outflow") {
      const dependents = forecast.lines.filter((l) => l.definition.kind === "formula" && referencesLine(l.definition.formula, line.name));
      if (dependents.length > 0) {
        diagnostics.push(error("E_CALIBRATION", `"${line.name}" balances the whole outflow, so no other line may use it, but "${dependents[0]?.name}" does`, { span: cal.at.span, path: cal.at.path, hint: "calibrate with `scope: line`, or compute the other line without it" }));
        continue;
      }
      const others = ctx.otherOutflow(values, line.name, cal.through);
      target -= others;
      if (target < 0n) {
        diagnostics.push(error("E_CALIBRATION", `the other outflows of ${company} through ${formatMonth(cal.through)} already exceed the target of ${formatShort(cal.total.value, ctx.currency)} by ${formatShort(money(-target), ctx.currency)}`, { span: cal.total.at.span, path: cal.total.at.path, hint: "raise the target, or lower the contracts and cost lines it must leave room for" }));
        continue;
      }
    }
    const scaled = scaleToTotal(raw.map((v) => v), throughIndex, target);
    if (!scaled) {
      diagnostics.push(error("E_CALIBRATION", `"${line.name}" cannot be scaled to its target: its own values through the target month are not all positive or sum to zero`, { span: cal.at.span, path: cal.at.path, hint: "give the line a positive shape (per-year amounts, growth, or a formula) before calibrating it" }));
      continue;
    }
    fixed.set(line.name, scaled);
    calibrations.push({
      company,
      line: line.name,
      scope: cal.scope,
      target: cal.total.value,
      through: cal.through,
      targetAt: cal.total.at,
      ...(cal.previous ? { previous: cal.previous.value, previousAt: cal.previous.at } : {}),
      lineTotal: money(scaled.slice(0, throughIndex + 1).reduce((a, b) => a + b, 0n)),
    });
    values = evaluatePass(order, ctx, fixed, diagnostics);
  }

  const lines: EvaluatedLine[] = forecast.lines.map((line) => {
    const monthly = (values.get(line.name) ?? []).map((v) => money(v));
    return { company, name: line.name, kind: line.kind, monthly, through: throughSeries(monthly, line.through) };
  });
  return { lines, calibrations, diagnostics: dedupe(diagnostics) };
}

/** The part of each month's revenue earned through each third party (each rounded half to even). */
export function throughSeries(monthly: readonly Money[], shares: ForecastLineInput["through"]): Map<string, Money[]> {
  return new Map(shares.map((s) => [s.party.name, monthly.map((v) => applyRatio(v, s.share.value))]));
}

/** Scales months 0..throughIndex to sum exactly to `target` and the months after by the same factor. */
function scaleToTotal(raw: bigint[], throughIndex: number, target: bigint): bigint[] | undefined {
  const head = raw.slice(0, throughIndex + 1);
  const sum = head.reduce((a, b) => a + b, 0n);
  if (sum <= 0n || head.some((v) => v < 0n)) return undefined;
  const scaledHead = splitByWeights(money(target), head).map((v) => v as bigint);
  const factor = ratio(target, sum);
  const tail = raw.slice(throughIndex + 1).map((v) => divideHalfEven(v * factor.num, factor.den));
  return [...scaledHead, ...tail];
}

function evaluatePass(order: readonly ForecastLineInput[], ctx: ForecastContext, fixed: ReadonlyMap<string, bigint[]>, diagnostics: Diagnostic[]): Map<string, bigint[]> {
  const values = new Map<string, bigint[]>();
  for (const line of order) {
    const solved = fixed.get(line.name);
    if (solved) values.set(line.name, scaleByDriver(solved, line, ctx));
    else if (line.definition.kind !== "formula") values.set(line.name, scaleByDriver(layOut(line, ctx), line, ctx));
    else values.set(line.name, new Array<bigint>(ctx.months).fill(0n));
  }
  const formulas = order.filter((l) => l.definition.kind === "formula" && !fixed.has(l.name));
  for (let i = 0; i < ctx.months; i++) {
    for (const line of formulas) {
      if (line.definition.kind !== "formula") continue;
      const scope = {
        currency: ctx.currency,
        current: (name: string) => values.get(name)?.[i] ?? 0n,
        last: (name: string) => (i === 0 ? 0n : (values.get(name)?.[i - 1] ?? 0n)),
        driver: (name: string) => ctx.drivers?.get(name),
      };
      const result = evaluateFormula(line.definition.formula, scope);
      const series = values.get(line.name) as bigint[];
      if (result.ok) {
        series[i] = divideHalfEven(result.value.num, result.value.den);
      } else {
        series[i] = 0n;
        const at = result.problem.node.at;
        diagnostics.push(
          result.problem.kind === "units"
            ? error("E_FORMULA_UNITS", `the formula of "${line.name}" combines money with money, or a number with money, in a way that has no meaning`, { span: at.span, path: at.path, hint: "multiply money only by a number (0.67 * revenue), and divide money by a number or by money" })
            : result.problem.kind === "not-money"
              ? error("E_FORMULA_UNITS", `the formula of "${line.name}" gives a plain number, not an amount of money`, { span: at.span, path: at.path, hint: "a line books money: multiply a driver by a line (revenue * growth), or make the driver money (base: 10K)" })
              : warning("W_FORMULA_DIVISION_BY_ZERO", `the formula of "${line.name}" divides by zero; those months are taken as 0`, { span: at.span, path: at.path }),
        );
      }
    }
  }
  return values;
}

/**
 * A line with `scale: driver` is multiplied by the driver's value each month (rounded half to
 * even); a calibrated line is scaled after its calibration, so the driver moves it off its target
 * in scenarios where the driver is not at its base.
 */
function scaleByDriver(series: bigint[], line: ForecastLineInput, ctx: ForecastContext): bigint[] {
  const driver = line.scale ? ctx.drivers?.get(line.scale.name) : undefined;
  if (!driver || driver.dim === "money") return series;
  const { num, den } = driver.r;
  return num === den ? series : series.map((v) => divideHalfEven(v * num, den));
}

/** Monthly values of a per-year or per-month line over the horizon, in minor units. */
function layOut(line: ForecastLineInput, ctx: ForecastContext): bigint[] {
  const out = new Array<bigint>(ctx.months).fill(0n);
  const def = line.definition;
  if (def.kind === "per-year") {
    const byYear = new Map(def.amounts.map((a) => [a.year, a.amount.value as bigint]));
    const listed = [...byYear.keys()].sort((a, b) => a - b);
    const last = listed[listed.length - 1];
    const firstYear = yearOf(ctx.start);
    const lastYear = yearOf((ctx.start + ctx.months - 1) as Month);
    let previous = 0n;
    for (let year = Math.min(firstYear, listed[0] ?? firstYear); year <= lastYear; year++) {
      let amount = byYear.get(year);
      if (amount === undefined && def.growth && last !== undefined && year > last) amount = grow(previous, def.growth.value);
      amount ??= 0n;
      previous = amount;
      const parts = splitEvenly(money(amount), 12);
      for (let mo = 1; mo <= 12; mo++) {
        const idx = month(year, mo) - ctx.start;
        if (idx >= 0 && idx < ctx.months) out[idx] = parts[mo - 1] as bigint;
      }
    }
  } else if (def.kind === "per-month") {
    const byMonth = new Map(def.amounts.map((a) => [a.month as number, a.amount.value as bigint]));
    const lastListed = Math.max(...byMonth.keys());
    let previous = 0n;
    const first = Math.min(ctx.start, ...byMonth.keys());
    for (let m = first; m < ctx.start + ctx.months; m++) {
      let amount = byMonth.get(m);
      if (amount === undefined && def.growth && m > lastListed) amount = grow(previous, def.growth.value);
      amount ??= 0n;
      previous = amount;
      const idx = m - ctx.start;
      if (idx >= 0) out[idx] = amount;
    }
  }
  return out;
}

const grow = (amount: bigint, rate: Ratio): bigint => {
  const factor = addRatio(ONE_RATIO, rate);
  return divideHalfEven(amount * factor.num, factor.den);
};

function referencesLine(node: FormulaNode, name: string): boolean {
  switch (node.kind) {
    case "line":
    case "last":
      return node.name === name;
    case "number":
      return false;
    case "unary":
      return referencesLine(node.operand, name);
    case "binary":
      return referencesLine(node.left, name) || referencesLine(node.right, name);
    case "call":
      return node.args.some((a) => referencesLine(a, name));
  }
}

function sameMonthDependencies(node: FormulaNode, out: Set<string>): Set<string> {
  switch (node.kind) {
    case "line":
      out.add(node.name);
      break;
    case "unary":
      sameMonthDependencies(node.operand, out);
      break;
    case "binary":
      sameMonthDependencies(node.left, out);
      sameMonthDependencies(node.right, out);
      break;
    case "call":
      node.args.forEach((a) => sameMonthDependencies(a, out));
      break;
    case "number":
    case "last":
      break;
    default:
      unreachable(node);
  }
  return out;
}

/** Lines ordered so that each comes after the lines its formula reads in the same month. */
export function dependencyOrder(lines: readonly ForecastLineInput[]): ForecastLineInput[] {
  const byName = new Map(lines.map((l) => [l.name, l]));
  const state = new Map<string, "visiting" | "done">();
  const order: ForecastLineInput[] = [];
  const visit = (line: ForecastLineInput): void => {
    if (state.get(line.name)) return; // a cycle is reported by the checker (E_FORMULA_CYCLE)
    state.set(line.name, "visiting");
    if (line.definition.kind === "formula") {
      for (const dep of sameMonthDependencies(line.definition.formula, new Set())) {
        const target = byName.get(dep);
        if (target) visit(target);
      }
    }
    state.set(line.name, "done");
    order.push(line);
  };
  lines.forEach(visit);
  return order;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.span?.start}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
