/**
 * Compiling an equity section: the as-written classes, pools, holdings and convertibles become
 * the equity core's `CapTable` (prices in minor units per share), and a `financing` is priced by
 * the core's fixed point (SAFEs, notes and the pool top-up together). The round's tranches then
 * issue their shares at the round price — a conditional tranche's shares carry its condition, so
 * the cap table and the waterfall can show both cases — and the convertibles become shares of
 * the financing's class. Problems the core finds are mapped back to the lines they came from.
 */
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { capTableAt, convertAtPricedRound, validateCapTable, type CapTable, type Convertible, type EquityDiagnostic, type Holding, type OptionPool, type PricedRoundResult, type ShareClass, type UnconvertedConvertible } from "../equity/index.js";
import type { EquityInput } from "../model/equity-types.js";
import type { Located, ModelInput, RoundInput } from "../model/types.js";
import { minorDigits, money, splitByWeights, type Money } from "../money/money.js";
import { addRatio, divideHalfEven, mulRatio, ONE_RATIO, ratio, type Ratio } from "../money/ratio.js";
import { formatMonth, type Month } from "../time/month.js";
import { trancheMonth } from "./compile-model.js";

export interface CompiledFinancing {
  readonly round: string;
  readonly date: string;
  readonly classId: string;
  readonly preMoney: Money;
  readonly newMoney: Money;
  readonly result: PricedRoundResult;
  /** Shares issued to each investor's tranches, with the tranche's condition if it has one. */
  readonly issued: ReadonlyArray<{ readonly investor: string; readonly amount: Money; readonly shares: bigint; readonly condition?: string; readonly date: string }>;
}

export interface CompiledEquity {
  readonly company: string;
  readonly currency: string;
  readonly priceDecimals: number;
  /** Every holding, the financing's new shares and conversions included (dated, so a cap table before the round leaves them out). */
  readonly capTable: CapTable;
  /** The convertibles as the shares they convert into, for cap tables dated before the financing. */
  readonly unconverted: readonly UnconvertedConvertible[];
  readonly financing?: CompiledFinancing;
  /** The model's conditions, for the "every condition met" case. */
  readonly conditions: readonly string[];
}

/** A price in major units per share as the core's minor units per share. */
const toMinorPrice = (major: Ratio, currency: string): Ratio => ratio(major.num * 10n ** BigInt(minorDigits(currency)), major.den);
const firstDay = (m: Month): string => `${formatMonth(m)}-01`;

export function compileEquity(model: ModelInput): { value: CompiledEquity[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const value: CompiledEquity[] = [];
  for (const e of model.equity) {
    const compiled = compileCompany(e, model, diagnostics);
    if (compiled) value.push(compiled);
  }
  return { value, diagnostics };
}

function compileCompany(e: EquityInput, model: ModelInput, diagnostics: Diagnostic[]): CompiledEquity | undefined {
  const cur = model.currency;
  // Locations by the core's paths (["classes", i], ["holdings", i], ["pools", i], ["convertibles", i]).
  const where = new Map<string, Located>();
  // The financing's class takes the round price as its issue price unless one is written; a
  // placeholder of one minor unit stands in until the round is priced (validation only).
  let classes: ShareClass[] = e.classes.map((c, i) => {
    where.set(`classes.${i}`, c.at);
    if (c.kind === "common") return { kind: "common", id: c.id };
    return {
      kind: "preferred",
      id: c.id,
      originalIssuePrice: c.issuePrice ? toMinorPrice(c.issuePrice.value, cur) : ratio(1n),
      liquidationMultiple: c.preference,
      participation: c.participation,
      seniority: c.seniority,
      ...(c.tierSharing ? { tierSharing: c.tierSharing } : {}),
      ...(c.conversionRatio ? { conversionRatio: c.conversionRatio } : {}),
      ...(c.convertsInto ? { convertsInto: c.convertsInto.name } : {}),
    };
  });
  const pools: OptionPool[] = e.pools.map((p, i) => {
    where.set(`pools.${i}`, p.at);
    return { id: p.id, classId: p.classId.name, reserved: p.reserved };
  });
  const holdings: Holding[] = [];
  const hold = (h: Holding, at: Located): void => {
    where.set(`holdings.${holdings.length}`, at);
    holdings.push(h);
  };
  for (const h of e.holdings) hold({ kind: "shares", holder: h.holder, classId: h.classId.name, shares: h.shares.value, ...(h.issued ? { issuedOn: h.issued.iso } : {}), ...(h.treasury ? { treasury: true } : {}), ...(h.condition ? { condition: h.condition.name } : {}) }, h.at);
  for (const o of e.options) {
    const poolClass = e.pools.find((p) => p.id === o.pool.name)?.classId.name ?? "";
    hold(
      {
        kind: "option",
        holder: o.holder,
        classId: poolClass,
        poolId: o.pool.name,
        shares: o.shares.value,
        strike: toMinorPrice(o.strike, cur),
        ...(o.granted ? { grantedOn: o.granted.iso } : {}),
        ...(o.vesting ? { vesting: { start: o.vesting.start.iso, months: o.vesting.months, cliffMonths: o.vesting.cliffMonths } } : {}),
        ...(o.condition ? { condition: o.condition.name } : {}),
      },
      o.at,
    );
  }
  for (const w of e.warrants) hold({ kind: "warrant", holder: w.holder, classId: w.classId.name, shares: w.shares.value, strike: toMinorPrice(w.strike, cur), ...(w.issued ? { issuedOn: w.issued.iso } : {}), ...(w.condition ? { condition: w.condition.name } : {}) }, w.at);
  const convertibles: Convertible[] = e.convertibles.map((c, i) => {
    where.set(`convertibles.${i}`, c.at);
    if (c.kind === "safe") {
      return { kind: "safe", id: c.id, holder: c.holder, purchaseAmount: c.amount.value, basis: c.basis, ...(c.cap ? { valuationCap: c.cap.value } : {}), ...(c.discount ? { discount: c.discount.value } : {}), ...(c.mfn ? { mfn: true } : {}), ...(c.issued ? { issuedOn: c.issued.iso } : {}) };
    }
    return { kind: "note", id: c.id, holder: c.holder, principal: c.principal.value, annualRate: c.rate.value, compounding: c.compounding, dayCount: c.dayCount === "act/365" ? "ACT/365" : "30/360", issuedOn: c.issued.iso, maturity: c.maturity.iso, ...(c.cap ? { valuationCap: c.cap.value } : {}), ...(c.discount ? { discount: c.discount.value } : {}) };
  });

  const before: CapTable = { classes, pools, holdings: [...holdings] };
  const located = (d: EquityDiagnostic, fallback: Located = e.at): Diagnostic => {
    const key = d.path && d.path.length >= 2 ? `${d.path[0]}.${d.path[1]}` : undefined;
    const at = (key ? where.get(key) : undefined) ?? fallback;
    const make = d.severity === "error" ? error : warning;
    return make(d.code, d.message, { span: at.span, path: at.path, ...(d.hint ? { hint: d.hint } : {}) });
  };
  const problems = validateCapTable(before);
  diagnostics.push(...problems.map((d) => located(d)));
  if (problems.some((p) => p.severity === "error")) return undefined;

  const conditions = model.conditions.map((c) => c.name);
  if (!e.financing) return { company: e.company.name, currency: cur, priceDecimals: e.priceDecimals, capTable: before, unconverted: [], conditions };

  // The financing: price the round with every commitment (terms are set at signing; a
  // conditional tranche's shares are issued only if its condition is met).
  const f = e.financing;
  const round = model.rounds.find((r) => r.name === f.round.name && r.company.name === e.company.name) as RoundInput;
  const date = firstDay(round.date);
  const preMoney = round.preMoney?.value ?? (round.pricePerShare && round.sharesOutstanding ? money(divideHalfEven(round.pricePerShare.value.num * round.sharesOutstanding.value * 10n ** BigInt(minorDigits(cur)), round.pricePerShare.value.den)) : money(0n));
  const tranches = round.commitments.flatMap((c) => c.tranches.map((t) => ({ investor: c.investor.name, tranche: t })));
  const newMoney = money(tranches.reduce((a, t) => a + t.tranche.amount.value, 0n));
  const pre = capTableAt(before, { date, metConditions: conditions, basis: { includeUnissuedPool: false, includeConvertibles: false, includeUnvestedOptions: true } });
  if (!pre.value) {
    diagnostics.push(...pre.diagnostics.map((d) => located(d)));
    return undefined;
  }
  const existing = pre.value.totals.fullyDiluted;
  const poolId = f.pool?.name ?? e.pools[0]?.id;
  if (f.topUp.kind !== "none" && poolId === undefined) {
    diagnostics.push(error("E_MISSING_FIELD", `the financing of ${e.company.name} tops up an option pool, but the company has none`, { span: f.at.span, path: f.at.path, hint: "define one under pools, or drop top-up" }));
    return undefined;
  }
  const unissuedOf = (pool: string): bigint => {
    const granted = holdings.filter((h) => h.kind === "option" && h.poolId === pool && (h.grantedOn ?? "") <= date).reduce((a, h) => a + h.shares, 0n);
    return (e.pools.find((p) => p.id === pool)?.reserved ?? 0n) - granted;
  };
  // The unissued shares of the other pools are part of the capitalization the round is priced
  // on, like the shares outstanding, and as the cap table counts them: as converted by their
  // class's ratio. Only the financing's pool is the one its top-up target is about. The existing
  // capitalization as converted to common is rounded down to a whole share (a class converting at
  // 1/2 can leave half a share).
  const ratioOfClass = (classId: string): Ratio => {
    const c = before.classes.find((x) => x.id === classId);
    return c?.kind === "preferred" ? (c.conversionRatio ?? ONE_RATIO) : ONE_RATIO;
  };
  const capitalization = e.pools
    .filter((p) => p.id !== poolId)
    .reduce((a, p) => {
      const unissued = unissuedOf(p.id);
      return unissued > 0n ? addRatio(a, mulRatio(ratio(unissued), ratioOfClass(before.pools.find((x) => x.id === p.id)?.classId ?? ""))) : a;
    }, existing);
  const priced = convertAtPricedRound({
    date,
    preMoneyValuation: preMoney,
    newMoney,
    existingShares: capitalization.num / capitalization.den,
    unissuedPool: poolId === undefined ? 0n : unissuedOf(poolId),
    ...(f.promisedOptions !== undefined ? { promisedOptions: f.promisedOptions } : {}),
    pool: f.topUp.kind === "target" ? { kind: "target", postMoneyFraction: f.topUp.fraction } : f.topUp.kind === "increase" ? { kind: "increase", shares: f.topUp.shares } : { kind: "none" },
    convertibles,
    priceDecimals: e.priceDecimals,
    minorDigits: minorDigits(cur),
  });
  // The core's paths point into the convertibles; anything else is about the financing itself.
  diagnostics.push(...priced.diagnostics.map((d) => located(d, f.at)));
  if (!priced.value) return undefined;
  const result = priced.value;

  // The solver sized the pool against its count of new shares; the tranches share exactly that
  // count in proportion to their money (largest remainder), so the cap table adds up to it.
  const trancheShares = splitByWeights(money(result.newInvestorShares), tranches.map((t) => t.tranche.amount.value));
  const issued: CompiledFinancing["issued"][number][] = [];
  for (const [index, { investor, tranche }] of tranches.entries()) {
    const shares = trancheShares[index] as bigint;
    const condition = tranche.timing.kind === "conditional" ? tranche.timing.condition.name : undefined;
    const trancheDate = firstDay(trancheMonth(tranche, round, model));
    issued.push({ investor, amount: tranche.amount.value, shares, ...(condition ? { condition } : {}), date: trancheDate });
    hold({ kind: "shares", holder: investor, classId: f.classId.name, shares, issuedOn: trancheDate, ...(condition ? { condition } : {}) }, tranche.at);
  }
  const unconverted: UnconvertedConvertible[] = [];
  result.conversions.forEach((c) => {
    const index = convertibles.findIndex((x) => x.id === c.instrumentId);
    const source = e.convertibles[index];
    hold({ kind: "shares", holder: c.holder, classId: f.classId.name, shares: c.shares, issuedOn: date }, source?.at ?? f.at);
    unconverted.push({ instrumentId: c.instrumentId, holder: c.holder, classId: f.classId.name, shares: c.shares });
  });
  const poolsAfter = pools.map((p) => (p.id === poolId ? { ...p, reserved: p.reserved + result.poolIncrease } : p));
  classes = classes.map((c) => (c.kind === "preferred" && c.id === f.classId.name && !e.classes.some((x) => x.id === c.id && x.kind === "preferred" && x.issuePrice) ? { ...c, originalIssuePrice: result.roundPrice } : c));
  return {
    company: e.company.name,
    currency: cur,
    priceDecimals: e.priceDecimals,
    capTable: { classes, pools: poolsAfter, holdings },
    unconverted,
    financing: { round: round.name, date, classId: f.classId.name, preMoney, newMoney, result, issued },
    conditions,
  };
}
