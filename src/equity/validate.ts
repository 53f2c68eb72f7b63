/**
 * Checks a cap table before any computation, collecting every problem as a diagnostic. The
 * computations assume a cap table that passed: they never re-check.
 */
import { compareRatio, ZERO_RATIO, type Ratio } from "../money/ratio.js";
import { equityError, type EquityDiagnostic } from "./codes.js";
import { parseIsoDate } from "./dates.js";
import type { CapTable, PreferredClass, TierSharing } from "./types.js";

const isNegative = (r: Ratio): boolean => compareRatio(r, ZERO_RATIO) < 0;
const isPositive = (r: Ratio): boolean => compareRatio(r, ZERO_RATIO) > 0;

export function validateCapTable(capTable: CapTable): EquityDiagnostic[] {
  const out: EquityDiagnostic[] = [];
  const classIds = new Set<string>();
  const commonIds: string[] = [];
  capTable.classes.forEach((c, i) => {
    if (classIds.has(c.id)) out.push(equityError("E_EQUITY_DUPLICATE_ID", `share class "${c.id}" is defined twice`, { path: ["classes", i, "id"] }));
    classIds.add(c.id);
    if (c.kind === "common") commonIds.push(c.id);
  });

  capTable.classes.forEach((c, i) => {
    if (c.kind === "preferred") out.push(...validatePreferred(c, i, classIds, commonIds));
  });
  out.push(...validateTiers(capTable));

  const poolIds = new Map<string, bigint>();
  capTable.pools.forEach((pool, i) => {
    const path = ["pools", i];
    if (poolIds.has(pool.id)) out.push(equityError("E_EQUITY_DUPLICATE_ID", `option pool "${pool.id}" is defined twice`, { path: [...path, "id"] }));
    poolIds.set(pool.id, pool.reserved);
    if (!classIds.has(pool.classId)) out.push(unknownClass(pool.classId, [...path, "classId"], classIds));
    if (pool.reserved < 0n) out.push(negative(`option pool "${pool.id}" reserves ${pool.reserved} shares`, [...path, "reserved"]));
  });

  const grantedFromPool = new Map<string, bigint>();
  capTable.holdings.forEach((h, i) => {
    const path = ["holdings", i];
    if (!classIds.has(h.classId)) out.push(unknownClass(h.classId, [...path, "classId"], classIds));
    if (h.shares < 0n) out.push(negative(`${h.holder} holds ${h.shares} ${h.kind === "shares" ? "shares" : h.kind + "s"}`, [...path, "shares"]));
    const dateField = h.kind === "option" ? "grantedOn" : "issuedOn";
    const date = h.kind === "option" ? h.grantedOn : h.issuedOn;
    if (date !== undefined && parseIsoDate(date) === undefined)
      out.push(equityError("E_EQUITY_BAD_DATE", `"${date}" is not a calendar date`, { path: [...path, dateField], hint: "write YYYY-MM-DD" }));
    if (h.kind === "shares") return;
    if (isNegative(h.strike)) out.push(negative(`${h.holder}'s ${h.kind} has a strike below zero`, [...path, "strike"]));
    if (h.kind !== "option") return;
    if (!poolIds.has(h.poolId)) {
      out.push(equityError("E_EQUITY_UNKNOWN_CLASS", `option pool "${h.poolId}" is not defined`, { path: [...path, "poolId"], hint: `define it under pools, or use one of: ${[...poolIds.keys()].join(", ") || "(none)"}` }));
    }
    grantedFromPool.set(h.poolId, (grantedFromPool.get(h.poolId) ?? 0n) + h.shares);
    if (h.vesting !== undefined) {
      const v = h.vesting;
      if (!(v.months > 0) || v.cliffMonths < 0 || v.cliffMonths > v.months || !Number.isInteger(v.months) || !Number.isInteger(v.cliffMonths))
        out.push(equityError("E_EQUITY_VESTING_SCHEDULE", `vesting of ${v.months} months with a ${v.cliffMonths}-month cliff is not a schedule`, { path: [...path, "vesting"], hint: "months must be a positive whole number and the cliff between 0 and months" }));
      if (parseIsoDate(v.start) === undefined) out.push(equityError("E_EQUITY_BAD_DATE", `"${v.start}" is not a calendar date`, { path: [...path, "vesting", "start"], hint: "write YYYY-MM-DD" }));
    }
  });
  capTable.pools.forEach((pool, i) => {
    const granted = grantedFromPool.get(pool.id) ?? 0n;
    if (granted > pool.reserved)
      out.push(equityError("E_EQUITY_OPTIONS_EXCEED_POOL", `options over ${granted} shares are granted from pool "${pool.id}", which reserves ${pool.reserved}`, { path: ["pools", i, "reserved"], hint: `enlarge the pool by at least ${granted - pool.reserved} shares or reduce the grants` }));
  });
  return out;
}

function validatePreferred(c: PreferredClass, i: number, classIds: ReadonlySet<string>, commonIds: readonly string[]): EquityDiagnostic[] {
  const out: EquityDiagnostic[] = [];
  const path = ["classes", i];
  if (isNegative(c.originalIssuePrice)) out.push(negative(`class "${c.id}" has an original issue price below zero`, [...path, "originalIssuePrice"]));
  else if (!isPositive(c.originalIssuePrice)) out.push(equityError("E_EQUITY_ZERO_PRICE", `class "${c.id}" has an original issue price of zero`, { path: [...path, "originalIssuePrice"], hint: "preferences and caps are multiples of this price" }));
  if (isNegative(c.liquidationMultiple)) out.push(negative(`class "${c.id}" has a liquidation multiple below zero`, [...path, "liquidationMultiple"]));
  if (c.conversionRatio !== undefined && !isPositive(c.conversionRatio))
    out.push(negative(`class "${c.id}" has a conversion ratio that is not positive`, [...path, "conversionRatio"]));
  if (c.participation.kind === "capped") {
    const cap = c.participation.capMultiple;
    if (isNegative(cap)) out.push(negative(`class "${c.id}" has a participation cap below zero`, [...path, "participation", "capMultiple"]));
    else if (compareRatio(cap, c.liquidationMultiple) < 0)
      out.push(equityError("E_EQUITY_CAP_BELOW_PREFERENCE", `class "${c.id}" caps its total return below its own liquidation preference`, { path: [...path, "participation", "capMultiple"], hint: "the cap is a total-return multiple: it includes the preference, so it must be at least the liquidation multiple" }));
  }
  if (!Number.isInteger(c.seniority) || c.seniority < 1)
    out.push(equityError("E_EQUITY_NEGATIVE_AMOUNT", `class "${c.id}" has seniority ${c.seniority}`, { path: [...path, "seniority"], hint: "seniority is a whole number from 1 (paid first)" }));
  if (c.convertsInto !== undefined) {
    if (!classIds.has(c.convertsInto)) out.push(unknownClass(c.convertsInto, [...path, "convertsInto"], classIds));
    else if (!commonIds.includes(c.convertsInto))
      out.push(equityError("E_EQUITY_NO_COMMON_CLASS", `class "${c.id}" converts into "${c.convertsInto}", which is not a common class`, { path: [...path, "convertsInto"], hint: `convert into one of: ${commonIds.join(", ") || "(no common class defined)"}` }));
  } else if (commonIds.length !== 1) {
    out.push(equityError("E_EQUITY_NO_COMMON_CLASS", `class "${c.id}" does not say which common class it converts into, and there ${commonIds.length === 0 ? "is none" : `are ${commonIds.length}`}`, { path, hint: commonIds.length === 0 ? "add a class of kind common" : "state convertsInto" }));
  }
  return out;
}

function validateTiers(capTable: CapTable): EquityDiagnostic[] {
  const out: EquityDiagnostic[] = [];
  const firstRule = new Map<number, { id: string; rule: TierSharing }>();
  capTable.classes.forEach((c, i) => {
    if (c.kind !== "preferred") return;
    const rule = c.tierSharing ?? "by-preference";
    const first = firstRule.get(c.seniority);
    if (first === undefined) firstRule.set(c.seniority, { id: c.id, rule });
    else if (first.rule !== rule)
      out.push(equityError("E_EQUITY_SENIORITY_CONFLICT", `classes "${first.id}" and "${c.id}" share seniority ${c.seniority} but "${first.id}" shares the tier ${first.rule} and "${c.id}" ${rule}`, { path: ["classes", i, "tierSharing"], hint: "classes of one tier are paid together, so they must share it the same way; or give them different seniorities" }));
  });
  return out;
}

function unknownClass(id: string, path: ReadonlyArray<string | number>, known: ReadonlySet<string>): EquityDiagnostic {
  return equityError("E_EQUITY_UNKNOWN_CLASS", `share class "${id}" is not defined`, { path, hint: `define it under classes, or use one of: ${[...known].join(", ") || "(none)"}` });
}

function negative(message: string, path: ReadonlyArray<string | number>): EquityDiagnostic {
  return equityError("E_EQUITY_NEGATIVE_AMOUNT", message, { path, hint: "share counts, prices, multiples and caps cannot be below zero" });
}
