/**
 * From a read OCF package to a dealgraph equity section (`ImportedEquity`, in the model
 * language's own terms): stakeholders become holders, stock classes classes, stock plans pools,
 * and the issuances holdings, option grants, warrants, SAFEs and notes. The mapping is in
 * docs/ocf.md; every choice that is not one-to-one is made here, with a reason beside it.
 *
 * What is imported is what is outstanding on the manifest's `as_of` date: securities.ts replays
 * the issuances and the lifecycle transactions (cancellations, transfers, exercises, splits, …),
 * and each outstanding security becomes one holding, grant, warrant, SAFE or note.
 *
 * Anything the package says that an equity section cannot hold is a warning that names the
 * object (`W_OCF_UNSUPPORTED`, or `W_OCF_APPROXIMATED` when a nearest reading is used).
 */
import { Temporal } from "temporal-polyfill";
import { warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { unreachable } from "../diagnostics/unreachable.js";
import { vestedShares } from "../equity/vesting.js";
import { minorDigits } from "../money/money.js";
import { compareRatio, divRatio, mulRatio, ONE_RATIO, ratio, subRatio, type Ratio } from "../money/ratio.js";
import type { Span } from "../syntax/source.js";
import { decimalText, parseNumeric } from "./numeric.js";
import { noteMechanismSchema, safeMechanismSchema, type ConvertibleIssuance, type EquityCompensationIssuance, type Monetary, type StockClass, type StockIssuance, type StockPlan, type VestingTerms, type WarrantIssuance } from "./ocf-schema.js";
import { fieldName, nounOf, OBJECT_NOUNS, reportConfined, type OcfPackage, type PackageObject } from "./read-package.js";
import { buildSecurityLedger, LIFECYCLE, securitiesCreatedByTransactions, type OutstandingSecurity } from "./securities.js";

export type ImportedClass =
  | { readonly kind: "common"; readonly id: string }
  | {
      readonly kind: "preferred";
      readonly id: string;
      /** Major units per share. */
      readonly issuePrice: Ratio;
      readonly preference: Ratio;
      readonly participation: { readonly kind: "non-participating" } | { readonly kind: "capped"; readonly capMultiple: Ratio };
      readonly seniority: number;
      readonly conversionRatio?: Ratio;
      readonly convertsInto?: string;
    };

export interface ImportedVesting {
  readonly start: string;
  readonly months: number;
  readonly cliffMonths: number;
}

/** An equity section as read from OCF: names resolved, money and prices in major units. */
export interface ImportedEquity {
  readonly company: string;
  readonly currency: string;
  readonly ocfVersion: string;
  readonly asOf: string;
  /** The earliest date in the package (or the as-of date), where the model's horizon starts. */
  readonly firstDay: string;
  readonly classes: readonly ImportedClass[];
  readonly pools: ReadonlyArray<{ readonly id: string; readonly classId: string; readonly reserved: bigint }>;
  readonly holdings: ReadonlyArray<{ readonly holder: string; readonly classId: string; readonly shares: bigint; readonly issued: string }>;
  readonly options: ReadonlyArray<{ readonly holder: string; readonly pool: string; readonly shares: bigint; readonly strike: Ratio; readonly granted: string; readonly vesting?: ImportedVesting }>;
  readonly warrants: ReadonlyArray<{ readonly holder: string; readonly classId: string; readonly shares: bigint; readonly strike: Ratio; readonly issued: string }>;
  readonly safes: ReadonlyArray<{ readonly id: string; readonly holder: string; readonly amount: Ratio; readonly basis: "post-money" | "pre-money"; readonly cap?: Ratio; readonly discount?: Ratio; readonly mfn: boolean; readonly issued: string }>;
  readonly notes: ReadonlyArray<{
    readonly id: string;
    readonly holder: string;
    readonly principal: Ratio;
    readonly rate: Ratio;
    readonly compounding: "simple" | "annual" | "monthly";
    readonly dayCount: "act/365" | "30/360";
    readonly issued: string;
    readonly maturity: string;
    readonly cap?: Ratio;
    readonly discount?: Ratio;
  }>;
}

export interface ImportOptions {
  /**
   * Leave out an object whose problem is confined to it (a dangling reference, a second currency,
   * a count dealgraph cannot hold) with a `W_OCF_SKIPPED` warning, and everything that depends on
   * it, instead of an error. Default false: any such problem is an error and nothing is imported.
   */
  readonly skipInvalid?: boolean;
}

type Obj<T> = PackageObject & { readonly value: T };
type Holding = ImportedEquity["holdings"][number];
type Grant = ImportedEquity["options"][number];
type Warrant = ImportedEquity["warrants"][number];
type Safe = ImportedEquity["safes"][number];
type Note = ImportedEquity["notes"][number];

/**
 * What an issuance becomes, read before the ledger says how much of it is outstanding: the terms
 * without the count (or amount), and the warnings that matter only if some of it is outstanding.
 */
type Reading = { readonly pending: Diagnostic[] } & (
  | { readonly kind: "holding"; readonly make: (shares: bigint) => Holding }
  | { readonly kind: "option"; readonly outsidePlanClass?: string; readonly make: (shares: bigint, vesting: ImportedVesting | undefined) => Grant; readonly vesting?: ImportedVesting }
  | { readonly kind: "warrant"; readonly make: (shares: bigint) => Warrant }
  | { readonly kind: "safe"; readonly make: (amount: Ratio) => Safe }
  | { readonly kind: "note"; readonly make: (principal: Ratio) => Note }
  | { readonly kind: "unsupported" }
);

/**
 * Maps a checked OCF package onto an equity section: the securities outstanding on the manifest's
 * `as_of` date (securities.ts replays the lifecycle transactions) become holdings, option grants,
 * warrants, SAFEs and notes. Returns no value when an error was found; with
 * `options.skipInvalid`, problems confined to one object leave that object out instead.
 */
export function importPackage(pkg: OcfPackage, options: ImportOptions = {}): { value?: ImportedEquity; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const skipInvalid = options.skipInvalid === true;
  const asOf = pkg.manifest.as_of;
  const leftOut = new Set<string>();
  const at = (o: PackageObject, field?: ReadonlyArray<string | number>): { span: Span } => ({ span: o.locate(field) });
  const noun = nounOf;
  const byType = <T>(...types: string[]): Obj<T>[] => pkg.objects.filter((o) => types.includes(o.value.object_type)) as Obj<T>[];
  const byId = new Map(pkg.objects.map((o) => [o.value.id, o]));
  /** A problem confined to `o`: an error, or with skipInvalid a warning, and `o` is left out. */
  const fail = (o: PackageObject, field: ReadonlyArray<string | number> | undefined, code: "E_OCF_REFERENCE" | "E_OCF_QUANTITY" | "E_OCF_SCHEMA", text: string, hint?: string): undefined => {
    if (reportConfined(diagnostics, skipInvalid, o, field, code, text, hint)) leftOut.add(o.value.id);
    return undefined;
  };
  /** The object an id names, if it is of one of `types`; otherwise an `E_OCF_REFERENCE`. */
  const resolve = (from: PackageObject, field: string, id: string, types: readonly string[]): PackageObject | undefined => {
    const target = byId.get(id);
    const known = (target && types.includes(target.value.object_type)) || pkg.invalidIds.has(id);
    if (known && (leftOut.has(id) || pkg.invalidIds.has(id))) {
      // Already reported where it is defined; with skipInvalid, what names it goes too.
      if (skipInvalid) {
        diagnostics.push(warning("W_OCF_SKIPPED", `${noun(from)} left out: field ${field}: ${target ? noun(target) : JSON.stringify(id)} was left out`, at(from, [field])));
        leftOut.add(from.value.id);
      }
      return undefined;
    }
    if (target && known) return target;
    return fail(from, [field], "E_OCF_REFERENCE", `no ${types.map((t) => OBJECT_NOUNS[t] ?? t).join(" or ")} has the id ${JSON.stringify(id)}`, "the package must contain every object an issuance refers to");
  };

  // Money: every amount in one currency, the model's.
  let currency: string | undefined;
  const minor = (): bigint => 10n ** BigInt(minorDigits(currency ?? "USD"));
  const finerThanMinor = (value: Ratio): boolean => (value.num * minor()) % value.den !== 0n;
  const amountOf = (o: PackageObject, field: ReadonlyArray<string | number>, m: Monetary, isMoney: boolean): Ratio | undefined => {
    currency ??= m.currency;
    const name = fieldName(field);
    if (m.currency !== currency) return fail(o, [...field, "currency"], "E_OCF_SCHEMA", `${name} is in ${m.currency}, but the package's amounts are in ${currency}`, "a dealgraph model has one currency");
    const value = parseNumeric(m.amount) as Ratio;
    if (value.num < 0n) return fail(o, [...field, "amount"], "E_OCF_SCHEMA", `${name} is negative`);
    if (isMoney && finerThanMinor(value)) return fail(o, [...field, "amount"], "E_OCF_SCHEMA", `${name}: ${m.amount} is finer than the minor unit of ${currency}`);
    return value;
  };
  const wholeShares = (o: PackageObject, field: string, text: string): bigint | undefined => {
    const value = parseNumeric(text) as Ratio;
    if (value.den !== 1n || value.num <= 0n) return fail(o, [field], "E_OCF_SCHEMA", `${text} is not a whole number of shares above zero`, "dealgraph counts whole shares");
    return value.num;
  };
  const unsupported = (o: PackageObject, field: string | undefined, why: string): Diagnostic => warning("W_OCF_UNSUPPORTED", `${noun(o)}${field ? `, field ${field}` : ""}: ${why}`, at(o, field ? [field] : ["object_type"]));
  const approximated = (o: PackageObject, field: string, why: string): Diagnostic => warning("W_OCF_APPROXIMATED", `${noun(o)}, field ${field}: ${why}`, at(o, [field]));

  // Stakeholders are holders, by legal name; two stakeholders with one name keep their ids apart.
  const holders = new Map<string, string>();
  const stakeholders = byType<{ id: string; name: { legal_name: string } }>("STAKEHOLDER");
  const nameCount = new Map<string, number>();
  for (const s of stakeholders) nameCount.set(s.value.name.legal_name, (nameCount.get(s.value.name.legal_name) ?? 0) + 1);
  for (const s of stakeholders) holders.set(s.value.id, (nameCount.get(s.value.name.legal_name) ?? 0) > 1 ? `${s.value.name.legal_name} (${s.value.id})` : s.value.name.legal_name);
  const holderOf = (o: PackageObject & { value: { stakeholder_id: string } }): string | undefined => (resolve(o, "stakeholder_id", o.value.stakeholder_id, ["STAKEHOLDER"]) ? holders.get(o.value.stakeholder_id) : undefined);

  // Classes and plans are named by their names, as model keys.
  const keys = new Set<string>();
  const keyFor = (name: string, id: string): string => {
    const base = slug(name) || slug(id) || "class";
    let key = base;
    for (let n = 2; keys.has(key); n++) key = `${base}-${n}`;
    keys.add(key);
    return key;
  };
  const classObjects = byType<StockClass>("STOCK_CLASS");
  const classKey = new Map(classObjects.map((c) => [c.value.id, keyFor(c.value.name, c.value.id)]));
  const stockIssuances = byType<StockIssuance>("TX_STOCK_ISSUANCE");
  // OCF ranks seniority upwards (the highest number is paid first); dealgraph's 1 is paid first.
  const preferredSeniorities = [...new Set(classObjects.filter((c) => c.value.class_type === "PREFERRED").map((c) => c.value.seniority))]
    .map((s) => ({ text: s, value: parseNumeric(s) as Ratio }))
    .sort((a, b) => compareRatio(b.value, a.value));
  const rank = (text: string): number => {
    const value = parseNumeric(text) as Ratio;
    return preferredSeniorities.findIndex((s) => compareRatio(s.value, value) === 0) + 1;
  };
  // A class's original issue price is what its shares were first sold at: not the price stated on
  // stock a transfer, conversion or cancellation issues again, nor a sale after the package's date.
  const reissued = securitiesCreatedByTransactions(pkg);
  /** A preferred class's original issue price: its price_per_share, or else the one price all its stock was first issued at, up to as_of. */
  const issuePriceOf = (c: Obj<StockClass>): Ratio | undefined => {
    if (c.value.price_per_share) return amountOf(c, ["price_per_share"], c.value.price_per_share, false);
    const issued = stockIssuances.filter((s) => s.value.stock_class_id === c.value.id && s.value.date <= asOf && !reissued.has(s.value.security_id));
    const prices = [...new Map(issued.map((s) => [`${decimalText(parseNumeric(s.value.share_price.amount) as Ratio)} ${s.value.share_price.currency}`, s])).entries()];
    const need = "dealgraph needs a preferred class's original issue price for its preference";
    if (prices.length === 1) {
      const [text, first] = prices[0] as [string, Obj<StockIssuance>];
      const price = amountOf(first, ["share_price"], first.value.share_price, false);
      if (price) diagnostics.push(approximated(c, "price_per_share", `is missing; every stock issuance of the class up to ${asOf} (${issued.length}, the securities transactions issue again aside) is at ${text} a share, read as the class's original issue price`));
      return price;
    }
    if (prices.length === 0) return fail(c, ["price_per_share"], "E_OCF_SCHEMA", `is missing, and no stock of the class is issued up to ${asOf} (the securities transactions issue again aside) to state a price; ${need}`, "add price_per_share (the original issue price) to the stock class");
    return fail(c, ["price_per_share"], "E_OCF_SCHEMA", `is missing, and the class's stock issuances are at different prices (${prices.map(([text]) => text).join(", ")}); ${need}`, "add price_per_share (the original issue price) to the stock class");
  };
  const classes: ImportedClass[] = [];
  for (const c of classObjects) {
    const id = classKey.get(c.value.id) as string;
    if (c.value.class_type === "COMMON") {
      classes.push({ kind: "common", id });
      continue;
    }
    const issuePrice = issuePriceOf(c);
    const preference = c.value.liquidation_preference_multiple ? (parseNumeric(c.value.liquidation_preference_multiple) as Ratio) : ONE_RATIO;
    // OCF has no participation flag, only a cap: no cap, or a cap not above the preference, is
    // non-participating (participation would add nothing); a higher cap is a total-return cap.
    const cap = c.value.participation_cap_multiple ? (parseNumeric(c.value.participation_cap_multiple) as Ratio) : undefined;
    const participation = cap && compareRatio(cap, preference) > 0 ? ({ kind: "capped", capMultiple: cap } as const) : ({ kind: "non-participating" } as const);
    let conversionRatio: Ratio | undefined;
    let convertsInto: string | undefined;
    (c.value.conversion_rights ?? []).forEach((right, i) => {
      const mechanism = right.conversion_mechanism as { type: string; ratio?: { numerator?: string; denominator?: string } };
      const target = right.converts_to_stock_class_id ? classObjects.find((x) => x.value.id === right.converts_to_stock_class_id) : undefined;
      const num = mechanism.ratio?.numerator !== undefined ? parseNumeric(mechanism.ratio.numerator) : undefined;
      const den = mechanism.ratio?.denominator !== undefined ? parseNumeric(mechanism.ratio.denominator) : undefined;
      if (mechanism.type !== "RATIO_CONVERSION" || !target || target.value.class_type !== "COMMON" || !num || !den || den.num === 0n || conversionRatio) {
        diagnostics.push(unsupported(c, `conversion_rights[${i}]`, conversionRatio ? "a second conversion right is not read; the first is used" : "only a ratio conversion into a common class of the package is read"));
        return;
      }
      conversionRatio = divRatio(num, den);
      convertsInto = classKey.get(target.value.id);
    });
    if (!issuePrice) continue;
    classes.push({
      kind: "preferred",
      id,
      issuePrice,
      preference,
      participation,
      seniority: rank(c.value.seniority),
      ...(conversionRatio && compareRatio(conversionRatio, ONE_RATIO) !== 0 ? { conversionRatio } : {}),
      ...(convertsInto ? { convertsInto } : {}),
    });
  }

  // Plans are pools, over their (first) class; their reserve comes from the ledger.
  const plans = byType<StockPlan>("STOCK_PLAN");
  const planKey = new Map(plans.map((p) => [p.value.id, keyFor(p.value.plan_name, p.value.id)]));
  const poolClass = new Map<string, string>();
  for (const p of plans) {
    const classIds = p.value.stock_class_ids ?? (p.value.stock_class_id ? [p.value.stock_class_id] : []);
    if (classIds.length === 0) {
      fail(p, ["stock_class_ids"], "E_OCF_SCHEMA", "names no stock class (stock_class_ids)");
      continue;
    }
    if (classIds.length > 1) diagnostics.push(approximated(p, "stock_class_ids", `a plan over ${classIds.length} classes is read as a pool of the first, ${classIds[0]}`));
    const cls = resolve(p, p.value.stock_class_ids ? "stock_class_ids" : "stock_class_id", classIds[0] as string, ["STOCK_CLASS"]);
    wholeShares(p, "initial_shares_reserved", p.value.initial_shares_reserved);
    if (cls && !leftOut.has(p.value.id)) poolClass.set(planKey.get(p.value.id) as string, classKey.get(cls.value.id) as string);
  }

  const vestingTerms = new Map(byType<VestingTerms>("VESTING_TERMS").map((v) => [v.value.id, { object: v, schedule: readSchedule(v.value) }]));
  for (const { object, schedule } of vestingTerms.values()) {
    if (typeof schedule === "string") diagnostics.push(unsupported(object, "vesting_conditions", `${schedule}; grants on these terms are read as vested at grant`));
    else if (object.value.allocation_type !== "CUMULATIVE_ROUND_DOWN") diagnostics.push(approximated(object, "allocation_type", `dealgraph rounds each month's vested count down (CUMULATIVE_ROUND_DOWN), not ${object.value.allocation_type}: a vested count may differ by a share`));
  }
  // A vesting start is a term of the grant (it may fall after the package's date), not an event on its count.
  const vestingStart = new Map(byType<{ security_id: string; date: string }>("TX_VESTING_START").map((v) => [v.value.security_id, v.value.date]));
  // A balance or resulting security is the same award issued again (after a cancellation in part,
  // a transfer): it vests from the vesting start of the security it came from, not from its own date.
  const issuedAgainFrom = new Map<string, { source: string; by: PackageObject }>();
  for (const o of pkg.objects) {
    if (!LIFECYCLE[o.value.object_type]) continue;
    const f = o.value as { security_id?: string; resulting_security_ids?: string[]; balance_security_id?: string };
    for (const id of [...(f.resulting_security_ids ?? []), ...(f.balance_security_id !== undefined ? [f.balance_security_id] : [])]) {
      if (f.security_id !== undefined && id !== f.security_id && !issuedAgainFrom.has(id)) issuedAgainFrom.set(id, { source: f.security_id, by: o });
    }
  }
  const grantBySecurity = new Map(byType<EquityCompensationIssuance>("TX_EQUITY_COMPENSATION_ISSUANCE", "TX_PLAN_SECURITY_ISSUANCE").map((g) => [g.value.security_id, g]));
  /** The vesting start of a grant: its own TX_VESTING_START, else that of the grant it was issued again from, else its date. */
  const vestingStartOf = (g: Obj<EquityCompensationIssuance>): { start: string; from?: { grant: Obj<EquityCompensationIssuance>; by: PackageObject } } => {
    const own = vestingStart.get(g.value.security_id);
    if (own !== undefined) return { start: own };
    const seen = new Set([g.value.security_id]);
    for (let id = g.value.security_id, step = issuedAgainFrom.get(id); step; step = issuedAgainFrom.get(id)) {
      const source = grantBySecurity.get(step.source);
      if (!source || seen.has(step.source)) break;
      seen.add(step.source);
      const start = vestingStart.get(step.source);
      if (start !== undefined || !issuedAgainFrom.has(step.source)) return { start: start ?? source.value.date, from: { grant: source, by: step.by } };
      id = step.source;
    }
    return { start: g.value.date };
  };

  // Every issuance up to the package's date is read, outstanding or not: a mistake in one is a mistake in the package.
  const readings = new Map<string, Reading>();
  const dated = <T extends { date: string }>(list: Obj<T>[]): Obj<T>[] => list.filter((o) => o.value.date <= asOf);

  for (const s of dated(stockIssuances)) {
    const holder = holderOf(s);
    const cls = resolve(s, "stock_class_id", s.value.stock_class_id, ["STOCK_CLASS"]);
    wholeShares(s, "quantity", s.value.quantity);
    amountOf(s, ["share_price"], s.value.share_price, false);
    if (holder === undefined || !cls || leftOut.has(s.value.id)) continue;
    const classId = classKey.get(cls.value.id) as string;
    readings.set(s.value.id, { kind: "holding", pending: [], make: (shares) => ({ holder, classId, shares, issued: s.value.date }) });
  }

  for (const g of dated(byType<EquityCompensationIssuance>("TX_EQUITY_COMPENSATION_ISSUANCE", "TX_PLAN_SECURITY_ISSUANCE"))) {
    const pending: Diagnostic[] = [];
    if (!["OPTION", "OPTION_ISO", "OPTION_NSO"].includes(g.value.compensation_type)) {
      readings.set(g.value.id, { kind: "unsupported", pending: [unsupported(g, "compensation_type", `${g.value.compensation_type} is not an option; dealgraph's grants are options with a strike`)] });
      continue;
    }
    const holder = holderOf(g);
    wholeShares(g, "quantity", g.value.quantity);
    const strike = g.value.exercise_price ? amountOf(g, ["exercise_price"], g.value.exercise_price, false) : fail(g, ["exercise_price"], "E_OCF_SCHEMA", "is missing; an option needs its exercise price");
    let pool: string | undefined;
    let outsidePlanClass: string | undefined;
    if (g.value.stock_plan_id) {
      pool = resolve(g, "stock_plan_id", g.value.stock_plan_id, ["STOCK_PLAN"]) ? planKey.get(g.value.stock_plan_id) : undefined;
      const cls = g.value.stock_class_id ? resolve(g, "stock_class_id", g.value.stock_class_id, ["STOCK_CLASS"]) : undefined;
      if (pool && cls && poolClass.get(pool) !== classKey.get(cls.value.id)) pending.push(approximated(g, "stock_class_id", `the grant is read over its plan's class, ${poolClass.get(pool) ?? "?"}`));
    } else if (g.value.stock_class_id) {
      if (resolve(g, "stock_class_id", g.value.stock_class_id, ["STOCK_CLASS"])) {
        // dealgraph draws every grant from a pool: grants outside any plan share one made for them.
        const cls = classKey.get(g.value.stock_class_id) as string;
        outsidePlanClass = cls;
        pool = `outside-plan-${cls}`;
        pending.push(approximated(g, "stock_plan_id", `a grant outside any plan is drawn from a pool made for such grants, "${pool}", reserving exactly what they grant`));
      }
    } else {
      fail(g, undefined, "E_OCF_SCHEMA", "names neither a stock plan (stock_plan_id) nor a stock class (stock_class_id)");
    }
    let vesting: ImportedVesting | undefined;
    if (g.value.vesting_terms_id) {
      const terms = resolve(g, "vesting_terms_id", g.value.vesting_terms_id, ["VESTING_TERMS"]) ? vestingTerms.get(g.value.vesting_terms_id) : undefined;
      if (terms && typeof terms.schedule !== "string") {
        const { start, from } = vestingStartOf(g);
        vesting = { start, ...terms.schedule };
        if (from) pending.push(approximated(g, "vesting_terms_id", `the grant is issued again from ${noun(from.grant)} (by ${noun(from.by)}) and states no vesting start of its own; it is read as vesting from that grant's vesting start, ${start}, on its own count`));
      }
    } else if ("vestings" in g.value) pending.push(unsupported(g, "vestings", "explicit vesting dates are not read; the grant is read as vested at grant"));
    if (holder === undefined || strike === undefined || pool === undefined || leftOut.has(g.value.id)) continue;
    const poolId = pool;
    readings.set(g.value.id, {
      kind: "option",
      pending,
      ...(outsidePlanClass ? { outsidePlanClass } : {}),
      ...(vesting ? { vesting } : {}),
      make: (shares, v) => ({ holder, pool: poolId, shares, strike, granted: g.value.date, ...(v ? { vesting: v } : {}) }),
    });
  }

  for (const w of dated(byType<WarrantIssuance>("TX_WARRANT_ISSUANCE"))) {
    const holder = holderOf(w);
    const right = w.value.exercise_triggers.map((t) => t.conversion_right).find((r) => r.converts_to_stock_class_id);
    const fixed = w.value.exercise_triggers.map((t) => t.conversion_right.conversion_mechanism as { type: string; converts_to_quantity?: string }).find((m) => m.type === "FIXED_AMOUNT_CONVERSION" && m.converts_to_quantity);
    const quantity = w.value.quantity ?? fixed?.converts_to_quantity;
    if (!right?.converts_to_stock_class_id || quantity === undefined || !w.value.exercise_price) {
      const missing = [!right?.converts_to_stock_class_id && "the class it is exercised into", quantity === undefined && "its share count", !w.value.exercise_price && "its exercise price"].filter(Boolean).join(", ");
      readings.set(w.value.id, { kind: "unsupported", pending: [unsupported(w, undefined, `a warrant without ${missing} is not read (dealgraph's warrants are a fixed number of shares of one class at a strike)`)] });
      continue;
    }
    const cls = resolve(w, "exercise_triggers", right.converts_to_stock_class_id, ["STOCK_CLASS"]);
    wholeShares(w, w.value.quantity !== undefined ? "quantity" : "exercise_triggers", quantity);
    const strike = amountOf(w, ["exercise_price"], w.value.exercise_price, false);
    if (holder === undefined || !cls || strike === undefined || leftOut.has(w.value.id)) continue;
    const classId = classKey.get(cls.value.id) as string;
    readings.set(w.value.id, { kind: "warrant", pending: [], make: (shares) => ({ holder, classId, shares, strike, issued: w.value.date }) });
  }

  for (const c of dated(byType<ConvertibleIssuance>("TX_CONVERTIBLE_ISSUANCE"))) {
    const holder = holderOf(c);
    const amount = amountOf(c, ["investment_amount"], c.value.investment_amount, true);
    const mechanisms = c.value.conversion_triggers.map((t) => t.conversion_right.conversion_mechanism);
    const index = mechanisms.findIndex((m) => m.type === (c.value.convertible_type === "SAFE" ? "SAFE_CONVERSION" : "CONVERTIBLE_NOTE_CONVERSION"));
    if (c.value.convertible_type === "CONVERTIBLE_SECURITY" || index < 0) {
      const why = c.value.convertible_type === "CONVERTIBLE_SECURITY" ? "a convertible security other than a SAFE or a note is not read" : `no conversion trigger states the terms of a ${c.value.convertible_type} (a ${c.value.convertible_type === "SAFE" ? "SAFE_CONVERSION" : "CONVERTIBLE_NOTE_CONVERSION"} mechanism)`;
      readings.set(c.value.id, { kind: "unsupported", pending: [unsupported(c, "convertible_type", why)] });
      continue;
    }
    const field = ["conversion_triggers", index, "conversion_right", "conversion_mechanism"];
    const checkMechanism = (c.value.convertible_type === "SAFE" ? safeMechanismSchema : noteMechanismSchema).safeParse(mechanisms[index]);
    if (!checkMechanism.success) {
      for (const issue of checkMechanism.error.issues) fail(c, [...field, ...issue.path.filter((k): k is string | number => typeof k !== "symbol")], "E_OCF_SCHEMA", issue.message);
      continue;
    }
    const m = checkMechanism.data as { conversion_valuation_cap?: Monetary; conversion_discount?: string };
    const cap = m.conversion_valuation_cap ? amountOf(c, [...field, "conversion_valuation_cap"], m.conversion_valuation_cap, true) : undefined;
    const discount = m.conversion_discount ? (parseNumeric(m.conversion_discount.startsWith(".") ? `0${m.conversion_discount}` : m.conversion_discount) as Ratio) : undefined;
    if (discount && discount.num >= discount.den) {
      fail(c, [...field, "conversion_discount"], "E_OCF_SCHEMA", "a discount of 100 % would convert for nothing");
      continue;
    }
    if (holder === undefined || amount === undefined || (m.conversion_valuation_cap && !cap) || leftOut.has(c.value.id)) continue;
    const terms = { ...(cap ? { cap } : {}), ...(discount && discount.num > 0n ? { discount } : {}) };
    const id = c.value.security_id;
    if (c.value.convertible_type === "SAFE") {
      const safe = checkMechanism.data as { conversion_mfn: boolean; conversion_timing?: "PRE_MONEY" | "POST_MONEY" };
      // Without a stated timing, a SAFE is read as post-money, today's standard form.
      const basis = safe.conversion_timing === "PRE_MONEY" ? "pre-money" : "post-money";
      readings.set(c.value.id, { kind: "safe", pending: [], make: (invested) => ({ id, holder, amount: invested, basis, ...terms, mfn: safe.conversion_mfn, issued: c.value.date }) });
      continue;
    }
    const note = checkMechanism.data as { interest_rates: Array<{ rate: string }>; day_count_convention: "ACTUAL_365" | "30_360"; interest_accrual_period: string; compounding_type: "COMPOUNDING" | "SIMPLE" };
    const maturity = c.value.conversion_triggers.find((t) => t.type === "AUTOMATIC_ON_DATE" && t.trigger_date)?.trigger_date;
    if (!maturity) {
      readings.set(c.value.id, { kind: "unsupported", pending: [unsupported(c, "conversion_triggers", "a note without a maturity date (an AUTOMATIC_ON_DATE trigger) is not read; dealgraph's notes state one")] });
      continue;
    }
    const pending: Diagnostic[] = [];
    const rateText = note.interest_rates[0]?.rate ?? "0";
    if (note.interest_rates.length > 1) pending.push(approximated(c, "conversion_triggers", "a note with several interest rates is read at its first rate"));
    let compounding: "simple" | "annual" | "monthly" = "simple";
    if (note.compounding_type === "COMPOUNDING") {
      compounding = note.interest_accrual_period === "MONTHLY" ? "monthly" : "annual";
      if (!["MONTHLY", "ANNUAL"].includes(note.interest_accrual_period)) pending.push(approximated(c, "conversion_triggers", `interest compounding ${note.interest_accrual_period} is read as annual (dealgraph compounds annually or monthly)`));
    }
    const rate = parseNumeric(rateText.startsWith(".") ? `0${rateText}` : rateText) as Ratio;
    const dayCount = note.day_count_convention === "ACTUAL_365" ? "act/365" : "30/360";
    readings.set(c.value.id, { kind: "note", pending, make: (principal) => ({ id, holder, principal, rate, compounding, dayCount, issued: c.value.date, maturity, ...terms }) });
  }

  // The ledger: which securities are outstanding on the package's date, and how much of each.
  const ledger = buildSecurityLedger(pkg, { asOf, skipInvalid, leftOut });
  diagnostics.push(...ledger.diagnostics);
  for (const id of ledger.value.leftOut) leftOut.add(id);

  const dates: string[] = [];
  const holdings: Holding[] = [];
  const options_: Grant[] = [];
  const warrants: Warrant[] = [];
  const safes: Safe[] = [];
  const notes: Note[] = [];
  const outsidePlan = new Map<string, bigint>();
  /** The whole shares a security holds after its transactions. */
  const sharesHeld = (s: OutstandingSecurity): bigint | undefined => {
    const units = s.units;
    if (units && units.den === 1n && units.num > 0n) return units.num;
    return fail(s.issuance, ["quantity"], "E_OCF_QUANTITY", `after its transactions the security ${JSON.stringify(s.securityId)} holds ${units ? decimalText(units) : "an unknown count of"} shares; dealgraph counts whole shares`);
  };
  for (const s of ledger.value.outstanding) {
    const reading = readings.get(s.issuance.value.id);
    if (!reading || leftOut.has(s.issuance.value.id)) continue;
    diagnostics.push(...reading.pending);
    const issued = (s.issuance.value as { date: string }).date;
    switch (reading.kind) {
      case "unsupported":
        continue;
      case "holding": {
        const shares = sharesHeld(s);
        if (shares === undefined) continue;
        holdings.push(reading.make(shares));
        break;
      }
      case "warrant": {
        const shares = sharesHeld(s);
        if (shares === undefined) continue;
        warrants.push(reading.make(shares));
        break;
      }
      case "option": {
        const shares = sharesHeld(s);
        if (shares === undefined) continue;
        const vesting = vestingAfter(s, shares, reading.vesting);
        if (reading.outsidePlanClass) outsidePlan.set(reading.outsidePlanClass, (outsidePlan.get(reading.outsidePlanClass) ?? 0n) + shares);
        options_.push(reading.make(shares, vesting));
        break;
      }
      case "safe":
      case "note": {
        const amount = s.units as Ratio;
        if (finerThanMinor(amount)) {
          fail(s.issuance, ["investment_amount"], "E_OCF_QUANTITY", `after its transactions the convertible ${JSON.stringify(s.securityId)} holds ${decimalText(amount)}, finer than the minor unit of ${currency ?? "USD"}`);
          continue;
        }
        if (reading.kind === "safe") safes.push(reading.make(amount));
        else notes.push(reading.make(amount));
        break;
      }
      default:
        unreachable(reading);
    }
    dates.push(issued);
  }

  /**
   * A grant's vesting after the transactions on it. dealgraph vests a grant on one monthly
   * schedule, so what is read is said: an exercise in part, an acceleration, a vesting event.
   */
  function vestingAfter(s: OutstandingSecurity, shares: bigint, vesting: ImportedVesting | undefined): ImportedVesting | undefined {
    let result = vesting;
    const exercised = s.reducedBy.filter((t) => LIFECYCLE[t.value.object_type]?.effect === "exercise" || LIFECYCLE[t.value.object_type]?.effect === "release");
    if (result && exercised.length > 0) {
      diagnostics.push(approximated(s.issuance, "vesting_terms_id", `after ${exercised.map(noun).join(", ")}, the ${shares} options left vest on the grant's schedule as a grant of ${shares}; dealgraph cannot count the exercised shares as the first to have vested`));
    }
    for (const t of s.vesting) {
      const date = (t.value as { date: string }).date;
      if (t.value.object_type === "TX_VESTING_EVENT") {
        diagnostics.push(unsupported(t, "vesting_condition_id", `a vesting event is not read: dealgraph vests a grant on a monthly schedule only; the grant ${JSON.stringify(s.securityId)} vests as its terms are read`));
        continue;
      }
      if (!result) continue; // vested at grant already: an acceleration changes nothing
      const quantity = parseNumeric((t.value as { quantity: string }).quantity) as Ratio;
      const vested = vestedShares(shares, { start: result.start, months: result.months, cliffMonths: result.cliffMonths }, Temporal.PlainDate.from(result.start), Temporal.PlainDate.from(date));
      if (compareRatio(quantity, ratio(shares - vested)) >= 0) {
        diagnostics.push(approximated(t, "quantity", `the acceleration vests the rest of the grant ${JSON.stringify(s.securityId)} on ${date}; the grant is read as vested at grant, so before ${date} it shows more vested than the package`));
        result = undefined;
      } else {
        diagnostics.push(unsupported(t, "quantity", `an acceleration of ${decimalText(quantity)} of the ${shares - vested} unvested shares of the grant ${JSON.stringify(s.securityId)} is not applied: dealgraph vests a grant on one monthly schedule`));
      }
    }
    return result;
  }

  // Pools: the plan's reserve on the package's date, less the shares issued out of it (exercises,
  // releases, stock issued from the plan): what dealgraph's pool can still grant from.
  const pools: Array<ImportedEquity["pools"][number]> = [];
  for (const p of plans) {
    const id = planKey.get(p.value.id) as string;
    const classId = poolClass.get(id);
    const reserve = ledger.value.plans.get(p.value.id);
    if (!classId || !reserve || leftOut.has(p.value.id)) continue;
    const left = subRatio(reserve.size, reserve.issuedFromPlan);
    if (left.den !== 1n || left.num < 0n) {
      fail(p, ["initial_shares_reserved"], "E_OCF_QUANTITY", `on ${asOf} the plan reserves ${decimalText(reserve.size)} shares, of which ${decimalText(reserve.issuedFromPlan)} were issued as stock; ${decimalText(left)} is not a whole number of shares to grant from`);
      continue;
    }
    pools.push({ id, classId, reserved: left.num });
  }
  for (const [cls, reserved] of outsidePlan) pools.push({ id: `outside-plan-${cls}`, classId: cls, reserved });

  // A conversion ratio adjustment sets the class's ratio from its date; dealgraph's classes have one ratio, the latest.
  // A split of the class converted into changes the unit the ratio counts: a 2:1 split of common
  // makes each preferred share convert into twice as many common shares (as a charter's
  // adjustment for splits provides). OCF does not say so, and records such a change as a
  // conversion ratio adjustment; so a split after the class's last adjustment (or after its
  // issue, without one) multiplies its ratio, with a warning naming the class.
  const classIdOfKey = new Map([...classKey].map(([objectId, key]) => [key, objectId]));
  const adjustedClasses = classes.map((c) => {
    const objectId = classIdOfKey.get(c.id);
    const adjustment = objectId !== undefined ? ledger.value.conversionRatios.get(objectId) : undefined;
    if (c.kind !== "preferred" || !c.convertsInto) {
      if (adjustment) diagnostics.push(unsupported(adjustment.from, "new_ratio_conversion_mechanism", `the class ${c.id} has no ratio conversion into a common class that dealgraph reads; the adjustment is not applied`));
      return c;
    }
    const targetId = classIdOfKey.get(c.convertsInto);
    // The class's stated ratio is read as of its first issuance: a split before it is already in the ratio.
    const firstIssued = stockIssuances.filter((s) => s.value.stock_class_id === objectId).map((s) => s.value.date).sort()[0];
    let current = adjustment ? adjustment.ratio : (c.conversionRatio ?? ONE_RATIO);
    for (const split of ledger.value.splits) {
      const splitDate = (split.from.value as { date: string }).date;
      if (split.classId !== targetId || firstIssued === undefined || splitDate <= firstIssued || (adjustment && split.order < adjustment.order)) continue;
      const before = current;
      current = mulRatio(current, split.factor);
      diagnostics.push(
        warning("W_OCF_APPROXIMATED", `${noun(split.from)}, field split_ratio: the class ${c.id} converts into the split class; its conversion ratio is read as split with it, ${decimalText(before)} → ${decimalText(current)}`, {
          ...at(split.from, ["split_ratio"]),
          hint: "OCF does not say whether a split changes another class's conversion ratio; a TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT after the split states it",
        }),
      );
    }
    const { conversionRatio: _previous, ...rest } = c;
    return compareRatio(current, ONE_RATIO) === 0 ? rest : { ...rest, conversionRatio: current };
  });
  // A split of a preferred class: its price and conversion are stated per share, and dealgraph does not restate them.
  for (const split of ledger.value.splits) {
    const cls = classObjects.find((o) => o.value.id === split.classId);
    if (cls?.value.class_type === "PREFERRED") diagnostics.push(approximated(split.from, "split_ratio", `the preferred class ${classKey.get(cls.value.id) ?? cls.value.id} is split; its issue price and conversion ratio are read as the package states them, not divided by the split`));
  }

  const company = pkg.manifest.issuer.legal_name;
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const firstDay = [...dates, asOf].sort()[0] as string;
  return { value: { company, currency: currency ?? "USD", ocfVersion: pkg.manifest.ocf_version, asOf, firstDay, classes: adjustedClasses, pools, holdings, options: options_, warrants, safes, notes }, diagnostics };
}

/**
 * The schedule of vesting terms, if they are dealgraph's kind: nothing at the start, optionally
 * a cliff of C months vesting C/M, then 1/M each month until M months have passed. Otherwise the
 * reason they are not.
 */
export function readSchedule(terms: VestingTerms): { months: number; cliffMonths: number } | string {
  const conditions = new Map(terms.vesting_conditions.map((c) => [c.id, c]));
  const portion = (c: VestingTerms["vesting_conditions"][number]): Ratio | undefined => {
    if (c.portion?.remainder) return undefined;
    if (c.portion) {
      const n = parseNumeric(c.portion.numerator);
      const d = parseNumeric(c.portion.denominator);
      return n && d && d.num !== 0n ? divRatio(n, d) : undefined;
    }
    return c.quantity !== undefined && parseNumeric(c.quantity)?.num === 0n ? ratio(0n) : undefined;
  };
  const monthly = (c: VestingTerms["vesting_conditions"][number] | undefined, after: string): { length: number; occurrences: number } | undefined =>
    c && c.trigger.type === "VESTING_SCHEDULE_RELATIVE" && c.trigger.relative_to_condition_id === after && c.trigger.period?.type === "MONTHS" ? c.trigger.period : undefined;
  const starts = terms.vesting_conditions.filter((c) => c.trigger.type === "VESTING_START_DATE");
  const start = starts[0];
  const notOurs = "they are not a monthly schedule after an optional cliff";
  if (starts.length !== 1 || !start || portion(start)?.num !== 0n || start.next_condition_ids.length !== 1) return notOurs;
  const first = conditions.get(start.next_condition_ids[0] as string);
  const firstPeriod = monthly(first, start.id);
  if (!first || !firstPeriod) return notOurs;
  const firstPortion = portion(first);
  if (firstPeriod.length === 1 && first.next_condition_ids.length === 0) {
    const months = firstPeriod.occurrences;
    return firstPortion && compareRatio(firstPortion, ratio(1n, BigInt(months))) === 0 ? { months, cliffMonths: 0 } : notOurs;
  }
  if (firstPeriod.occurrences !== 1 || first.next_condition_ids.length !== 1) return notOurs;
  const rest = conditions.get(first.next_condition_ids[0] as string);
  const restPeriod = monthly(rest, first.id);
  if (!rest || !restPeriod || restPeriod.length !== 1 || rest.next_condition_ids.length !== 0) return notOurs;
  const months = firstPeriod.length + restPeriod.occurrences;
  const restPortion = portion(rest);
  const ok = firstPortion && restPortion && compareRatio(firstPortion, ratio(BigInt(firstPeriod.length), BigInt(months))) === 0 && compareRatio(restPortion, ratio(1n, BigInt(months))) === 0;
  return ok ? { months, cliffMonths: firstPeriod.length } : notOurs;
}

/** A name as a model key: lower case, words joined by hyphens. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
