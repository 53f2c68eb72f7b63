/**
 * A priced round: SAFEs and convertible notes convert, the option pool is topped up, and new
 * investors buy shares — solved together, because each depends on the others:
 *
 * - the round price is the pre-money valuation over the pre-money capitalization, which includes
 *   the shares the convertibles receive and the pool increase;
 * - a convertible converts at the lower of its cap price and its discounted round price;
 * - the pool increase is sized to a share of the post-money, which includes everyone's shares.
 *
 * The solution is a fixed point, found by iteration from "nothing converts, no increase" with
 * exact rationals and whole shares. Every capitalization a price is computed from is returned with
 * its parts, so a reader can see what each conversion counted:
 *
 * | price of              | capitalization counted                                                       |
 * |-----------------------|------------------------------------------------------------------------------|
 * | the round             | existing + unissued pool + pool increase + all conversion shares             |
 * | post-money SAFE (cap) | existing + unissued pool + promised options beyond the pool + all conversion shares (not the pool increase, not the new money) |
 * | pre-money SAFE, note  | existing + unissued pool + pool increase (not the converting securities, not the new money) |
 *
 * Rounding: prices per share are rounded half to even to `priceDecimals` decimals of a major
 * unit (default 4: $1.2345); shares issued are whole and rounded down (no one receives a share they
 * did not pay for in full); the pool increase is rounded up (so the pool meets its target).
 */
import type { Temporal } from "temporal-polyfill";
import { money, type Money } from "../money/money.js";
import { compareRatio, divideHalfEven, divRatio, mulRatio, ONE_RATIO, ratio, subRatio, formatPercent, formatDecimal, addRatio, ZERO_RATIO, type Ratio } from "../money/ratio.js";
import { equityError, equityWarning, hasEquityErrors, type EquityDiagnostic } from "./codes.js";
import { parseIsoDate, type DayCount } from "./dates.js";
import { accruedInterest, type Compounding } from "./note-interest.js";

export interface Safe {
  readonly kind: "safe";
  readonly id: string;
  readonly holder: string;
  readonly purchaseAmount: Money;
  /** Post-money (YC 2018 onward) or pre-money (the original SAFE): decides the capitalization its cap divides. */
  readonly basis: "post-money" | "pre-money";
  readonly valuationCap?: Money;
  /** The discount on the round price: `ratio(20n, 100n)` for 20 %. */
  readonly discount?: Ratio;
  /** Most favoured nation: takes the terms of a later SAFE when they convert at a lower price. */
  readonly mfn?: boolean;
  readonly issuedOn?: string;
}

export interface ConvertibleNote {
  readonly kind: "note";
  readonly id: string;
  readonly holder: string;
  readonly principal: Money;
  readonly annualRate: Ratio;
  readonly compounding: Compounding;
  readonly dayCount: DayCount;
  readonly issuedOn: string;
  readonly maturity: string;
  /** A pre-money cap: divides the same capitalization as a pre-money SAFE's. */
  readonly valuationCap?: Money;
  readonly discount?: Ratio;
}

export type Convertible = Safe | ConvertibleNote;

export type PoolTopUp =
  | { readonly kind: "none" }
  /** Enlarge the unissued pool (promised options included) to this share of the post-money fully diluted count. */
  | { readonly kind: "target"; readonly postMoneyFraction: Ratio }
  /** Enlarge the pool by a stated number of shares. */
  | { readonly kind: "increase"; readonly shares: bigint };

export interface PricedRound {
  readonly date: string;
  readonly preMoneyValuation: Money;
  /** Cash from the round's new investors (not the converting amounts). */
  readonly newMoney: Money;
  /** Shares outstanding before the round plus options granted and warrants, as converted to common. */
  readonly existingShares: bigint;
  /** Pool shares reserved but not granted before the round. */
  readonly unissuedPool: bigint;
  /** Options promised but not yet granted (they will come out of the pool). */
  readonly promisedOptions?: bigint;
  readonly pool: PoolTopUp;
  readonly convertibles: readonly Convertible[];
  /** Decimals of a major unit the prices are rounded to; default 4. */
  readonly priceDecimals?: number;
  /** The currency's minor-unit digits; default 2. */
  readonly minorDigits?: number;
  /** Bound on the fixed-point iteration; default 100. */
  readonly maxIterations?: number;
}

/** A capitalization as counted for one price, part by part (parts not counted are zero). */
export interface Capitalization {
  readonly shares: bigint;
  readonly existing: bigint;
  readonly unissuedPool: bigint;
  readonly poolIncrease: bigint;
  readonly promisedOptionsBeyondPool: bigint;
  readonly convertingSecurities: bigint;
  readonly newMoneyShares: bigint;
}

export type PriceUsed = "cap" | "discount" | "round";

export interface Conversion {
  readonly instrumentId: string;
  readonly holder: string;
  readonly kind: "safe" | "note";
  /** What converts: the purchase amount, or the note's principal plus interest. */
  readonly amount: Money;
  readonly interest: Money;
  readonly capPrice?: Ratio;
  /** The capitalization the cap price divides. */
  readonly capCapitalization?: Capitalization;
  readonly discountPrice?: Ratio;
  readonly conversionPrice: Ratio;
  readonly priceUsed: PriceUsed;
  /** For an MFN SAFE, the SAFE whose terms it took (its own id when none was better). */
  readonly termsOf: string;
  readonly shares: bigint;
}

export interface PricedRoundResult {
  /** The round price, rounded; and the exact quotient it was rounded from. */
  readonly roundPrice: Ratio;
  readonly roundPriceExact: Ratio;
  readonly preMoneyCapitalization: Capitalization;
  readonly poolIncrease: bigint;
  /** The unissued pool after the round (promised options included). */
  readonly poolAfter: bigint;
  readonly newInvestorShares: bigint;
  readonly postMoneyFullyDiluted: bigint;
  readonly conversions: readonly Conversion[];
  /** Iterations until nothing changed (the confirming iteration included). */
  readonly steps: number;
}

interface State {
  readonly poolIncrease: bigint;
  readonly conversionShares: readonly bigint[];
}

const stateKey = (s: State): string => `${s.poolIncrease}|${s.conversionShares.join(",")}`;
const sumOf = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);
const ceilDiv = (n: bigint, d: bigint): bigint => (n <= 0n ? 0n : (n + d - 1n) / d);

/** Rounds a price (minor units per share) half to even to `decimals` decimals of a major unit; never to zero. */
export function roundPrice(exact: Ratio, decimals: number, minorDigits: number): Ratio {
  const major = 10n ** BigInt(minorDigits);
  const scale = 10n ** BigInt(decimals);
  const q = divideHalfEven(exact.num * scale, exact.den * major);
  return ratio((q > 0n ? q : 1n) * major, scale);
}

/** Converts the round's convertibles, tops up the pool and prices the round. Never throws: problems are diagnostics. */
export function convertAtPricedRound(round: PricedRound): { value: PricedRoundResult | null; diagnostics: EquityDiagnostic[] } {
  const diagnostics = validateRound(round);
  if (hasEquityErrors(diagnostics)) return { value: null, diagnostics };
  const date = parseIsoDate(round.date) as Temporal.PlainDate;
  const decimals = round.priceDecimals ?? 4;
  const digits = round.minorDigits ?? 2;
  // Claims below 100 % settle geometrically, at their own rate: 10,000 steps is room for claims of
  // 99.8 % at 6 price decimals. Claims of 100 % or more are refused before iterating (below).
  const maxIterations = round.maxIterations ?? 10_000;
  const promised = round.promisedOptions ?? 0n;
  const promisedBeyondPool = promised > round.unissuedPool ? promised - round.unissuedPool : 0n;

  const amounts = round.convertibles.map((c) => {
    if (c.kind === "safe") return { amount: c.purchaseAmount, interest: money(0n) };
    const interest = accruedInterest(c.principal, c.annualRate, c.compounding, c.dayCount, parseIsoDate(c.issuedOn) as Temporal.PlainDate, date);
    return { amount: money(c.principal + interest), interest };
  });
  round.convertibles.forEach((c, i) => {
    if (c.kind === "note" && parseIsoDate(c.maturity)!.until(date).sign > 0)
      diagnostics.push(equityWarning("W_EQUITY_NOTE_PAST_MATURITY", `note "${c.id}" matured on ${c.maturity}, before the round on ${round.date}; interest is accrued to the round`, { path: ["convertibles", i, "maturity"], hint: "check whether the holder already demanded repayment or an extension was signed" }));
  });

  const price = (exact: Ratio): Ratio => roundPrice(exact, decimals, digits);

  /** Everything one iteration computes from a guess of the pool increase and the conversion shares. */
  const iterate = (s: State) => {
    const converting = sumOf(s.conversionShares);
    const preMoneyCapitalization: Capitalization = { shares: round.existingShares + round.unissuedPool + s.poolIncrease + converting, existing: round.existingShares, unissuedPool: round.unissuedPool, poolIncrease: s.poolIncrease, promisedOptionsBeyondPool: 0n, convertingSecurities: converting, newMoneyShares: 0n };
    const roundPriceExact = ratio(round.preMoneyValuation, preMoneyCapitalization.shares);
    const roundPrice = price(roundPriceExact);
    const newInvestorShares = floorShares(round.newMoney, roundPrice);
    const postMoneySafeCapitalization: Capitalization = { shares: round.existingShares + round.unissuedPool + promisedBeyondPool + converting, existing: round.existingShares, unissuedPool: round.unissuedPool, poolIncrease: 0n, promisedOptionsBeyondPool: promisedBeyondPool, convertingSecurities: converting, newMoneyShares: 0n };
    const preMoneySafeCapitalization: Capitalization = { shares: round.existingShares + round.unissuedPool + s.poolIncrease, existing: round.existingShares, unissuedPool: round.unissuedPool, poolIncrease: s.poolIncrease, promisedOptionsBeyondPool: 0n, convertingSecurities: 0n, newMoneyShares: 0n };

    const termsPrice = (c: Convertible): { capPrice?: Ratio; capCapitalization?: Capitalization; discountPrice?: Ratio; conversionPrice: Ratio; priceUsed: PriceUsed } => {
      const capCapitalization = c.valuationCap === undefined ? undefined : c.kind === "safe" && c.basis === "post-money" ? postMoneySafeCapitalization : preMoneySafeCapitalization;
      const capPrice = capCapitalization === undefined ? undefined : price(ratio(c.valuationCap as Money, capCapitalization.shares));
      const discountPrice = c.discount === undefined ? undefined : price(mulRatio(roundPrice, subRatio(ONE_RATIO, c.discount)));
      let conversionPrice = roundPrice;
      let priceUsed: PriceUsed = "round";
      if (discountPrice !== undefined && compareRatio(discountPrice, conversionPrice) < 0) [conversionPrice, priceUsed] = [discountPrice, "discount"];
      if (capPrice !== undefined && compareRatio(capPrice, conversionPrice) < 0) [conversionPrice, priceUsed] = [capPrice, "cap"];
      return { ...(capPrice && { capPrice, capCapitalization }), ...(discountPrice && { discountPrice }), conversionPrice, priceUsed };
    };

    const conversions: Conversion[] = round.convertibles.map((c, i) => {
      let terms = termsPrice(c);
      let termsOf = c.id;
      if (c.kind === "safe" && c.mfn === true) {
        for (const later of laterSafes(round.convertibles, i)) {
          const theirs = termsPrice({ ...later, purchaseAmount: c.purchaseAmount });
          if (compareRatio(theirs.conversionPrice, terms.conversionPrice) < 0) [terms, termsOf] = [theirs, later.id];
        }
      }
      const { amount, interest } = amounts[i]!;
      return { instrumentId: c.id, holder: c.holder, kind: c.kind, amount, interest, ...terms, termsOf, shares: floorShares(amount, terms.conversionPrice) };
    });
    const convertingNext = sumOf(conversions.map((c) => c.shares));
    let poolIncrease = 0n;
    if (round.pool.kind === "increase") poolIncrease = round.pool.shares;
    if (round.pool.kind === "target") {
      // (unissued + increase) = f x (existing + unissued + increase + converting + new), solved for the increase.
      const f = round.pool.postMoneyFraction;
      const others = round.existingShares + convertingNext + newInvestorShares;
      poolIncrease = ceilDiv(f.num * (others + round.unissuedPool) - f.den * round.unissuedPool, f.den - f.num);
    }
    return { next: { poolIncrease, conversionShares: conversions.map((c) => c.shares) }, roundPrice, roundPriceExact, preMoneyCapitalization, newInvestorShares, conversions, postMoneySafeCapitalization };
  };

  const claims = claimsOf(round);
  let state: State = { poolIncrease: 0n, conversionShares: round.convertibles.map(() => 0n) };
  const seen = new Map<string, number>([[stateKey(state), 0]]);
  for (let step = 1; step <= maxIterations; step++) {
    const r = iterate(state);
    if (stateKey(r.next) === stateKey(state)) {
      if (claims.impossible) {
        // Rounded prices can stop the iteration at an absurd share count; no exact solution exists.
        diagnostics.push(equityError("E_EQUITY_NO_FIXED_POINT", `the conversion has no fixed point: ${claims.text}; the iteration stopped after ${step} steps only because prices are rounded (at ${formatDecimal(r.roundPrice, 6)} minor units a share)`, { path: ["convertibles"], hint: NO_FIXED_POINT_HINT }));
        return { value: null, diagnostics };
      }
      const zero = pricesRoundingToZero(round, r, decimals, digits);
      if (zero.length > 0) {
        diagnostics.push(...zero);
        return { value: null, diagnostics };
      }
      const poolAfter = round.unissuedPool + r.next.poolIncrease;
      return {
        value: {
          roundPrice: r.roundPrice,
          roundPriceExact: r.roundPriceExact,
          preMoneyCapitalization: r.preMoneyCapitalization,
          poolIncrease: r.next.poolIncrease,
          poolAfter,
          newInvestorShares: r.newInvestorShares,
          postMoneyFullyDiluted: r.preMoneyCapitalization.shares + r.newInvestorShares,
          conversions: r.conversions,
          steps: step,
        },
        diagnostics,
      };
    }
    const earlier = seen.get(stateKey(r.next));
    if (earlier !== undefined) {
      diagnostics.push(
        equityError("E_EQUITY_NO_FIXED_POINT", `the conversion does not settle: after ${step} steps it returns to the state of step ${earlier} (pool increase ${r.next.poolIncrease}, conversion shares ${r.next.conversionShares.join(", ")}) and cycles`, {
          path: ["convertibles"],
          hint: "whole-share rounding makes two states each produce the other; a price rounded to more decimals (priceDecimals) usually breaks the tie",
        }),
      );
      return { value: null, diagnostics };
    }
    seen.set(stateKey(r.next), step);
    state = r.next;
  }
  diagnostics.push(equityError("E_EQUITY_NO_FIXED_POINT", `the conversion did not settle within ${maxIterations} steps: ${claims.text}`, { path: ["convertibles"], hint: NO_FIXED_POINT_HINT }));
  return { value: null, diagnostics };
}

/**
 * The prices of a settled round that are below half a unit of the last decimal: `roundPrice`
 * raises them to one unit rather than zero, and shares bought at that price are then far fewer than
 * the terms give (a cap of one cent over 8,000,000 shares is 1/8,000,000 of a cent a share).
 */
function pricesRoundingToZero(round: PricedRound, r: { readonly roundPrice: Ratio; readonly roundPriceExact: Ratio; readonly conversions: readonly Conversion[] }, decimals: number, digits: number): EquityDiagnostic[] {
  const roundsToZero = (exact: Ratio): boolean => divideHalfEven(exact.num * 10n ** BigInt(decimals), exact.den * 10n ** BigInt(digits)) <= 0n;
  const hint = "prices per share are rounded to price-decimals decimals of a major unit; state more (up to 12), or check the valuation and the caps";
  const smallest = `${decimals} decimal${decimals === 1 ? "" : "s"} of a major unit`;
  const out: EquityDiagnostic[] = [];
  if (roundsToZero(r.roundPriceExact)) out.push(equityError("E_EQUITY_ZERO_PRICE", `the round price (${formatDecimal(r.roundPriceExact, 12)} minor units a share) rounds to zero at ${smallest}`, { path: ["preMoneyValuation"], hint }));
  r.conversions.forEach((c, i) => {
    // Either price of the terms it converts on: one raised from zero may tie with, or hide behind, the other.
    const terms = round.convertibles.find((x) => x.id === c.termsOf) ?? round.convertibles[i];
    const candidates: Array<[string, Ratio | undefined]> = [
      ["cap", terms?.valuationCap !== undefined && c.capCapitalization ? ratio(terms.valuationCap, c.capCapitalization.shares) : undefined],
      ["discount", terms?.discount ? mulRatio(r.roundPrice, subRatio(ONE_RATIO, terms.discount)) : undefined],
    ];
    for (const [which, exact] of candidates)
      if (exact !== undefined && roundsToZero(exact)) out.push(equityError("E_EQUITY_ZERO_PRICE", `the ${which} price of "${c.instrumentId}" (${formatDecimal(exact, 12)} minor units a share) rounds to zero at ${smallest}`, { path: ["convertibles", i], hint }));
  });
  return out;
}

const floorShares = (amount: Money, pricePerShare: Ratio): bigint => (amount * pricePerShare.den) / pricePerShare.num;

/** SAFEs issued after the i-th (by date when both have one, otherwise listed after it). */
function laterSafes(all: readonly Convertible[], i: number): Safe[] {
  const me = all[i] as Safe;
  return all.flatMap((c, j) => {
    if (c.kind !== "safe" || j === i) return [];
    const later = me.issuedOn !== undefined && c.issuedOn !== undefined ? c.issuedOn > me.issuedOn : j > i;
    return later ? [c] : [];
  });
}

const NO_FIXED_POINT_HINT = "a fixed point needs the post-money SAFEs to claim less than 100 % of the capitalization, and the convertibles at their discounted prices with the pool target less than 100 % of the pre-money; check the caps, discounts, amounts and the pool target";

/**
 * What the convertibles and the pool target claim, at least: post-money SAFEs their amounts over
 * their caps (of the capitalization that includes them); convertibles with a discount or no cap
 * their amounts over the discounted pre-money, and a pool target its share of the post-money (both
 * of the pre-money capitalization that includes them). Each is a lower bound, so at 100 % or more
 * no fixed point exists: the shares they need grow with every step.
 */
function claimsOf(round: PricedRound): { impossible: boolean; text: string } {
  // A pool target f is a share of the post-money, which the new money enlarges by newMoney /
  // pre-money of the pre-money capitalization: the topped-up pool alone claims f x (1 + that) of it.
  const poolClaim = round.pool.kind === "target" && round.preMoneyValuation > 0n ? mulRatio(round.pool.postMoneyFraction, addRatio(ONE_RATIO, ratio(round.newMoney, round.preMoneyValuation))) : ZERO_RATIO;
  let postMoneyClaims = ZERO_RATIO;
  let discountedClaims = ZERO_RATIO;
  // Every share of the pre-money capitalization each convertible claims at least, beside the pool's.
  let withPool = poolClaim;
  for (const c of round.convertibles) {
    if (c.kind === "safe" && c.basis === "post-money" && c.valuationCap !== undefined && c.valuationCap > 0n) postMoneyClaims = addRatio(postMoneyClaims, ratio(c.purchaseAmount, c.valuationCap));
    const amount = c.kind === "safe" ? c.purchaseAmount : c.principal;
    // A convertible converts at its discounted price or below (a cap only lowers the price), so
    // one with a discount claims at least amount / (pre-money x (1 - discount)) of the pre-money
    // capitalization, capped or not; one with neither cap nor discount converts at the round price.
    const d = c.discount ?? ZERO_RATIO;
    const discounted = (c.valuationCap === undefined || c.discount !== undefined) && compareRatio(d, ONE_RATIO) < 0 && round.preMoneyValuation > 0n ? divRatio(ratio(amount, round.preMoneyValuation), subRatio(ONE_RATIO, d)) : ZERO_RATIO;
    discountedClaims = addRatio(discountedClaims, discounted);
    // A capped pre-money SAFE or note also receives at least amount / cap of the shares before
    // the convertibles (existing + pool), so at least that share of the pool's claim.
    const ofPool = !(c.kind === "safe" && c.basis === "post-money") && c.valuationCap !== undefined && c.valuationCap > 0n ? mulRatio(ratio(amount, c.valuationCap), poolClaim) : ZERO_RATIO;
    withPool = addRatio(withPool, compareRatio(discounted, ofPool) >= 0 ? discounted : ofPool);
  }
  // At 100 % or more nothing is left for the existing shares: the shares needed grow every step.
  const impossible = compareRatio(postMoneyClaims, ONE_RATIO) >= 0 || compareRatio(discountedClaims, ONE_RATIO) >= 0 || compareRatio(withPool, ONE_RATIO) >= 0;
  const poolText = round.pool.kind === "target" ? `, and the pool target ${formatPercent(poolClaim)} of the pre-money capitalization (its share of a post-money the new money enlarges; ${formatPercent(withPool)} with the convertibles)` : "";
  return {
    impossible,
    text: `post-money SAFEs claim ${formatPercent(postMoneyClaims)} of the company capitalization (their amounts over their caps) and convertibles with a discount or no cap ${formatPercent(discountedClaims)} of the pre-money at their discounted prices${poolText}`,
  };
}

function validateRound(round: PricedRound): EquityDiagnostic[] {
  const out: EquityDiagnostic[] = [];
  if (parseIsoDate(round.date) === undefined) out.push(equityError("E_EQUITY_BAD_DATE", `"${round.date}" is not a calendar date`, { path: ["date"], hint: "write YYYY-MM-DD" }));
  if (round.preMoneyValuation <= 0n) out.push(equityError("E_EQUITY_ZERO_PRICE", `the pre-money valuation must be positive, not ${round.preMoneyValuation}`, { path: ["preMoneyValuation"], hint: "the round price is the pre-money valuation over the capitalization" }));
  for (const [field, v] of [["newMoney", round.newMoney], ["existingShares", round.existingShares], ["unissuedPool", round.unissuedPool], ["promisedOptions", round.promisedOptions ?? 0n]] as const)
    if (v < 0n) out.push(equityError("E_EQUITY_NEGATIVE_AMOUNT", `${field} is below zero (${v})`, { path: [field], hint: "amounts and share counts cannot be negative" }));
  // Every price divides a capitalization that includes at least the existing shares and the
  // unissued pool; with neither, the first step would divide by zero shares.
  if (round.existingShares >= 0n && round.unissuedPool >= 0n && round.existingShares + round.unissuedPool === 0n)
    out.push(equityError("E_EQUITY_NO_SHARES", "there are no shares before the round (no shares outstanding, no options, no unissued pool): the round price and the caps' prices divide by the shares before it", { path: ["existingShares"], hint: "issue the founders' shares (or reserve a pool) on or before the round's date" }));
  if (round.pool.kind === "target") {
    const f = round.pool.postMoneyFraction;
    if (f.num < 0n || f.num >= f.den) out.push(equityError("E_EQUITY_POOL_TARGET_RANGE", `a pool target of ${formatPercent(f)} of the post-money cannot be met`, { path: ["pool", "postMoneyFraction"], hint: "the target must be at least 0 % and below 100 %" }));
  }
  if (round.pool.kind === "increase" && round.pool.shares < 0n) out.push(equityError("E_EQUITY_NEGATIVE_AMOUNT", `a pool increase of ${round.pool.shares} shares`, { path: ["pool", "shares"], hint: "a pool increase cannot be negative" }));
  const ids = new Set<string>();
  round.convertibles.forEach((c, i) => {
    const path = ["convertibles", i];
    if (ids.has(c.id)) out.push(equityError("E_EQUITY_DUPLICATE_ID", `convertible "${c.id}" is listed twice`, { path: [...path, "id"] }));
    ids.add(c.id);
    const amount = c.kind === "safe" ? c.purchaseAmount : c.principal;
    if (amount < 0n) out.push(equityError("E_EQUITY_NEGATIVE_AMOUNT", `convertible "${c.id}" has a negative amount`, { path: [...path, c.kind === "safe" ? "purchaseAmount" : "principal"], hint: "amounts cannot be negative" }));
    if (c.valuationCap !== undefined && c.valuationCap < 0n) out.push(equityError("E_EQUITY_NEGATIVE_AMOUNT", `convertible "${c.id}" has a valuation cap below zero`, { path: [...path, "valuationCap"], hint: "a valuation cap is a company value: state it as a positive amount" }));
    else if (c.valuationCap === 0n) out.push(equityError("E_EQUITY_ZERO_PRICE", `convertible "${c.id}" has a valuation cap of zero`, { path: [...path, "valuationCap"], hint: "a zero cap would convert at a zero price into unlimited shares" }));
    if (c.discount !== undefined && (c.discount.num < 0n || c.discount.num >= c.discount.den))
      out.push(equityError("E_EQUITY_DISCOUNT_RANGE", `convertible "${c.id}" has a discount of ${formatPercent(c.discount)}`, { path: [...path, "discount"], hint: "a discount must be at least 0 % and below 100 %: at 100 % the shares would be free" }));
    if (c.kind === "note") {
      if (c.annualRate.num < 0n) out.push(equityError("E_EQUITY_NEGATIVE_AMOUNT", `note "${c.id}" has a negative interest rate`, { path: [...path, "annualRate"], hint: "state the rate as a non-negative percentage" }));
      for (const field of ["issuedOn", "maturity"] as const)
        if (parseIsoDate(c[field]) === undefined) out.push(equityError("E_EQUITY_BAD_DATE", `"${c[field]}" is not a calendar date`, { path: [...path, field], hint: "write YYYY-MM-DD" }));
    }
    if (c.kind === "safe" && c.issuedOn !== undefined && parseIsoDate(c.issuedOn) === undefined) out.push(equityError("E_EQUITY_BAD_DATE", `"${c.issuedOn}" is not a calendar date`, { path: [...path, "issuedOn"], hint: "write YYYY-MM-DD" }));
  });
  return out;
}
