/**
 * From a read OCF package to a dealgraph equity section (`ImportedEquity`, in the model
 * language's own terms): stakeholders become holders, stock classes classes, stock plans pools,
 * and the issuances holdings, option grants, warrants, SAFEs and notes. The mapping is in
 * docs/ocf.md; every choice that is not one-to-one is made here, with a reason beside it.
 *
 * Anything the package says that an equity section cannot hold is a warning that names the
 * object (`W_OCF_UNSUPPORTED`, or `W_OCF_APPROXIMATED` when a nearest reading is used).
 */
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { minorDigits } from "../money/money.js";
import { compareRatio, divRatio, ONE_RATIO, ratio, type Ratio } from "../money/ratio.js";
import type { Span } from "../syntax/source.js";
import { parseNumeric } from "./numeric.js";
import { noteMechanismSchema, safeMechanismSchema, type ConvertibleIssuance, type EquityCompensationIssuance, type Monetary, type StockClass, type VestingTerms, type WarrantIssuance } from "./ocf-schema.js";
import { OBJECT_NOUNS, type OcfPackage, type PackageObject } from "./read-package.js";

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

type Obj<T> = PackageObject & { readonly value: T };

export function importPackage(pkg: OcfPackage): { value?: ImportedEquity; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (o: PackageObject, field?: ReadonlyArray<string | number>): { span: Span } => ({ span: o.locate(field) });
  const noun = (o: PackageObject): string => `${OBJECT_NOUNS[o.value.object_type] ?? o.value.object_type} ${JSON.stringify(o.value.id)}`;
  const byType = <T>(...types: string[]): Obj<T>[] => pkg.objects.filter((o) => types.includes(o.value.object_type)) as Obj<T>[];
  const byId = new Map(pkg.objects.map((o) => [o.value.id, o]));
  /** The object an id names, if it is of one of `types`; otherwise an `E_OCF_REFERENCE`. */
  const resolve = (from: PackageObject, field: string, id: string, types: readonly string[]): PackageObject | undefined => {
    const target = byId.get(id);
    if (target && types.includes(target.value.object_type)) return target;
    if (pkg.invalidIds.has(id)) return undefined; // already reported where it is defined
    diagnostics.push(error("E_OCF_REFERENCE", `${noun(from)}, field ${field}: no ${types.map((t) => OBJECT_NOUNS[t] ?? t).join(" or ")} has the id ${JSON.stringify(id)}`, { ...at(from, [field]), hint: "the package must contain every object an issuance refers to" }));
    return undefined;
  };

  // Money: every amount in one currency, the model's.
  let currency: string | undefined;
  const minor = (): bigint => 10n ** BigInt(minorDigits(currency ?? "USD"));
  const amountOf = (o: PackageObject, field: ReadonlyArray<string | number>, m: Monetary, isMoney: boolean): Ratio | undefined => {
    currency ??= m.currency;
    const name = field.join(".");
    if (m.currency !== currency) {
      diagnostics.push(error("E_OCF_SCHEMA", `${noun(o)}, field ${name}: the currency is ${m.currency}, but the package's amounts are in ${currency}`, { ...at(o, [...field, "currency"]), hint: "a dealgraph model has one currency" }));
      return undefined;
    }
    const value = parseNumeric(m.amount) as Ratio;
    if (value.num < 0n) {
      diagnostics.push(error("E_OCF_SCHEMA", `${noun(o)}, field ${name}: the amount is negative`, at(o, [...field, "amount"])));
      return undefined;
    }
    if (isMoney && (value.num * minor()) % value.den !== 0n) {
      diagnostics.push(error("E_OCF_SCHEMA", `${noun(o)}, field ${name}: ${m.amount} is finer than the minor unit of ${currency}`, at(o, [...field, "amount"])));
      return undefined;
    }
    return value;
  };
  const wholeShares = (o: PackageObject, field: string, text: string): bigint | undefined => {
    const value = parseNumeric(text) as Ratio;
    if (value.den !== 1n || value.num <= 0n) {
      diagnostics.push(error("E_OCF_SCHEMA", `${noun(o)}, field ${field}: ${text} is not a whole number of shares above zero`, { ...at(o, [field]), hint: "dealgraph counts whole shares" }));
      return undefined;
    }
    return value.num;
  };
  const unsupported = (o: PackageObject, field: string | undefined, why: string): void => {
    diagnostics.push(warning("W_OCF_UNSUPPORTED", `${noun(o)}${field ? `, field ${field}` : ""}: ${why}`, at(o, field ? [field] : ["object_type"])));
  };
  const approximated = (o: PackageObject, field: string, why: string): void => {
    diagnostics.push(warning("W_OCF_APPROXIMATED", `${noun(o)}, field ${field}: ${why}`, at(o, [field])));
  };

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
  // OCF ranks seniority upwards (the highest number is paid first); dealgraph's 1 is paid first.
  const preferredSeniorities = [...new Set(classObjects.filter((c) => c.value.class_type === "PREFERRED").map((c) => c.value.seniority))]
    .map((s) => ({ text: s, value: parseNumeric(s) as Ratio }))
    .sort((a, b) => compareRatio(b.value, a.value));
  const rank = (text: string): number => {
    const value = parseNumeric(text) as Ratio;
    return preferredSeniorities.findIndex((s) => compareRatio(s.value, value) === 0) + 1;
  };
  const classes: ImportedClass[] = [];
  for (const c of classObjects) {
    const id = classKey.get(c.value.id) as string;
    if (c.value.class_type === "COMMON") {
      classes.push({ kind: "common", id });
      continue;
    }
    if (!c.value.price_per_share) {
      diagnostics.push(error("E_OCF_SCHEMA", `${noun(c)}, field price_per_share: is missing; dealgraph needs a preferred class's original issue price for its preference`, at(c, ["price_per_share"])));
      continue;
    }
    const issuePrice = amountOf(c, ["price_per_share"], c.value.price_per_share, false);
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
        unsupported(c, `conversion_rights[${i}]`, conversionRatio ? "a second conversion right is not read; the first is used" : "only a ratio conversion into a common class of the package is read");
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

  // Plans are pools; a pool adjustment dated on or before the package's date sets the reserve.
  const plans = byType<{ id: string; plan_name: string; initial_shares_reserved: string; stock_class_id?: string; stock_class_ids?: string[] }>("STOCK_PLAN");
  const planKey = new Map(plans.map((p) => [p.value.id, keyFor(p.value.plan_name, p.value.id)]));
  const adjustments = byType<{ id: string; date: string; stock_plan_id: string; shares_reserved: string }>("TX_STOCK_PLAN_POOL_ADJUSTMENT")
    .filter((a) => resolve(a, "stock_plan_id", a.value.stock_plan_id, ["STOCK_PLAN"]) && a.value.date <= pkg.manifest.as_of)
    .sort((a, b) => (a.value.date < b.value.date ? -1 : a.value.date > b.value.date ? 1 : 0));
  const pools: Array<ImportedEquity["pools"][number]> = [];
  const poolClass = new Map<string, string>();
  for (const p of plans) {
    const classIds = p.value.stock_class_ids ?? (p.value.stock_class_id ? [p.value.stock_class_id] : []);
    if (classIds.length === 0) {
      diagnostics.push(error("E_OCF_SCHEMA", `${noun(p)}: names no stock class (stock_class_ids)`, at(p, ["stock_class_ids"])));
      continue;
    }
    if (classIds.length > 1) approximated(p, "stock_class_ids", `a plan over ${classIds.length} classes is read as a pool of the first, ${classIds[0]}`);
    const cls = resolve(p, p.value.stock_class_ids ? "stock_class_ids" : "stock_class_id", classIds[0] as string, ["STOCK_CLASS"]);
    const adjustment = adjustments.filter((a) => a.value.stock_plan_id === p.value.id).at(-1);
    const reserved = adjustment ? wholeShares(adjustment, "shares_reserved", adjustment.value.shares_reserved) : wholeShares(p, "initial_shares_reserved", p.value.initial_shares_reserved);
    if (!cls || reserved === undefined) continue;
    const id = planKey.get(p.value.id) as string;
    poolClass.set(id, classKey.get(cls.value.id) as string);
    pools.push({ id, classId: classKey.get(cls.value.id) as string, reserved });
  }

  const vestingTerms = new Map(byType<VestingTerms>("VESTING_TERMS").map((v) => [v.value.id, { object: v, schedule: readSchedule(v.value) }]));
  for (const { object, schedule } of vestingTerms.values()) {
    if (typeof schedule === "string") unsupported(object, "vesting_conditions", `${schedule}; grants on these terms are read as vested at grant`);
    else if (object.value.allocation_type !== "CUMULATIVE_ROUND_DOWN") approximated(object, "allocation_type", `dealgraph rounds each month's vested count down (CUMULATIVE_ROUND_DOWN), not ${object.value.allocation_type}: a vested count may differ by a share`);
  }
  const vestingStart = new Map(byType<{ security_id: string; date: string }>("TX_VESTING_START").map((v) => [v.value.security_id, v.value.date]));
  const converted = new Set(byType<{ security_id: string }>("TX_CONVERTIBLE_CONVERSION").map((c) => c.value.security_id));
  const dates: string[] = [];

  const holdings: Array<ImportedEquity["holdings"][number]> = [];
  for (const s of byType<{ id: string; date: string; security_id: string; stakeholder_id: string; stock_class_id: string; quantity: string; share_price: Monetary }>("TX_STOCK_ISSUANCE")) {
    const holder = holderOf(s);
    const cls = resolve(s, "stock_class_id", s.value.stock_class_id, ["STOCK_CLASS"]);
    const shares = wholeShares(s, "quantity", s.value.quantity);
    amountOf(s, ["share_price"], s.value.share_price, false);
    if (holder === undefined || !cls || shares === undefined) continue;
    dates.push(s.value.date);
    holdings.push({ holder, classId: classKey.get(cls.value.id) as string, shares, issued: s.value.date });
  }

  const options: Array<ImportedEquity["options"][number]> = [];
  const outsidePlan = new Map<string, bigint>();
  for (const g of byType<EquityCompensationIssuance>("TX_EQUITY_COMPENSATION_ISSUANCE", "TX_PLAN_SECURITY_ISSUANCE")) {
    if (!["OPTION", "OPTION_ISO", "OPTION_NSO"].includes(g.value.compensation_type)) {
      unsupported(g, "compensation_type", `${g.value.compensation_type} is not an option; dealgraph's grants are options with a strike`);
      continue;
    }
    const holder = holderOf(g);
    const shares = wholeShares(g, "quantity", g.value.quantity);
    if (!g.value.exercise_price) diagnostics.push(error("E_OCF_SCHEMA", `${noun(g)}, field exercise_price: is missing; an option needs its exercise price`, at(g, ["exercise_price"])));
    const strike = g.value.exercise_price ? amountOf(g, ["exercise_price"], g.value.exercise_price, false) : undefined;
    let pool: string | undefined;
    if (g.value.stock_plan_id) {
      pool = resolve(g, "stock_plan_id", g.value.stock_plan_id, ["STOCK_PLAN"]) ? planKey.get(g.value.stock_plan_id) : undefined;
      const cls = g.value.stock_class_id ? resolve(g, "stock_class_id", g.value.stock_class_id, ["STOCK_CLASS"]) : undefined;
      if (pool && cls && poolClass.get(pool) !== classKey.get(cls.value.id)) approximated(g, "stock_class_id", `the grant is read over its plan's class, ${poolClass.get(pool) ?? "?"}`);
    } else if (g.value.stock_class_id && resolve(g, "stock_class_id", g.value.stock_class_id, ["STOCK_CLASS"])) {
      // dealgraph draws every grant from a pool: grants outside any plan share one made for them.
      const cls = classKey.get(g.value.stock_class_id) as string;
      pool = `outside-plan-${cls}`;
      outsidePlan.set(cls, (outsidePlan.get(cls) ?? 0n) + (shares ?? 0n));
      approximated(g, "stock_plan_id", `a grant outside any plan is drawn from a pool made for such grants, "${pool}", reserving exactly what they grant`);
    } else {
      diagnostics.push(error("E_OCF_SCHEMA", `${noun(g)}: names neither a stock plan (stock_plan_id) nor a stock class (stock_class_id)`, at(g, ["object_type"])));
    }
    let vesting: ImportedVesting | undefined;
    if (g.value.vesting_terms_id) {
      const terms = resolve(g, "vesting_terms_id", g.value.vesting_terms_id, ["VESTING_TERMS"]) ? vestingTerms.get(g.value.vesting_terms_id) : undefined;
      if (terms && typeof terms.schedule !== "string") vesting = { start: vestingStart.get(g.value.security_id) ?? g.value.date, ...terms.schedule };
    } else if ("vestings" in g.value) unsupported(g, "vestings", "explicit vesting dates are not read; the grant is read as vested at grant");
    if (holder === undefined || shares === undefined || strike === undefined || pool === undefined) continue;
    dates.push(g.value.date);
    options.push({ holder, pool, shares, strike, granted: g.value.date, ...(vesting ? { vesting } : {}) });
  }
  for (const [cls, reserved] of outsidePlan) pools.push({ id: `outside-plan-${cls}`, classId: cls, reserved });

  const warrants: Array<ImportedEquity["warrants"][number]> = [];
  for (const w of byType<WarrantIssuance>("TX_WARRANT_ISSUANCE")) {
    const holder = holderOf(w);
    const right = w.value.exercise_triggers.map((t) => t.conversion_right).find((r) => r.converts_to_stock_class_id);
    const fixed = w.value.exercise_triggers.map((t) => t.conversion_right.conversion_mechanism as { type: string; converts_to_quantity?: string }).find((m) => m.type === "FIXED_AMOUNT_CONVERSION" && m.converts_to_quantity);
    const quantity = w.value.quantity ?? fixed?.converts_to_quantity;
    if (!right?.converts_to_stock_class_id || quantity === undefined || !w.value.exercise_price) {
      const missing = [!right?.converts_to_stock_class_id && "the class it is exercised into", quantity === undefined && "its share count", !w.value.exercise_price && "its exercise price"].filter(Boolean).join(", ");
      unsupported(w, undefined, `a warrant without ${missing} is not read (dealgraph's warrants are a fixed number of shares of one class at a strike)`);
      continue;
    }
    const cls = resolve(w, "exercise_triggers", right.converts_to_stock_class_id, ["STOCK_CLASS"]);
    const shares = wholeShares(w, w.value.quantity !== undefined ? "quantity" : "exercise_triggers", quantity);
    const strike = amountOf(w, ["exercise_price"], w.value.exercise_price, false);
    if (holder === undefined || !cls || shares === undefined || strike === undefined) continue;
    dates.push(w.value.date);
    warrants.push({ holder, classId: classKey.get(cls.value.id) as string, shares, strike, issued: w.value.date });
  }

  const safes: Array<ImportedEquity["safes"][number]> = [];
  const notes: Array<ImportedEquity["notes"][number]> = [];
  for (const c of byType<ConvertibleIssuance>("TX_CONVERTIBLE_ISSUANCE")) {
    // A converted convertible is in the cap table as the stock issued for it.
    if (converted.has(c.value.security_id)) continue;
    const holder = holderOf(c);
    const amount = amountOf(c, ["investment_amount"], c.value.investment_amount, true);
    const mechanisms = c.value.conversion_triggers.map((t) => t.conversion_right.conversion_mechanism);
    const index = mechanisms.findIndex((m) => m.type === (c.value.convertible_type === "SAFE" ? "SAFE_CONVERSION" : "CONVERTIBLE_NOTE_CONVERSION"));
    if (c.value.convertible_type === "CONVERTIBLE_SECURITY" || index < 0) {
      unsupported(c, "convertible_type", c.value.convertible_type === "CONVERTIBLE_SECURITY" ? "a convertible security other than a SAFE or a note is not read" : `no conversion trigger states the terms of a ${c.value.convertible_type} (a ${c.value.convertible_type === "SAFE" ? "SAFE_CONVERSION" : "CONVERTIBLE_NOTE_CONVERSION"} mechanism)`);
      continue;
    }
    const field = ["conversion_triggers", index, "conversion_right", "conversion_mechanism"];
    const checkMechanism = (c.value.convertible_type === "SAFE" ? safeMechanismSchema : noteMechanismSchema).safeParse(mechanisms[index]);
    if (!checkMechanism.success) {
      for (const issue of checkMechanism.error.issues) diagnostics.push(error("E_OCF_SCHEMA", `${noun(c)}, field ${field.join(".")}.${issue.path.join(".")}: ${issue.message}`, at(c, [...field, ...issue.path.filter((k): k is string | number => typeof k !== "symbol")])));
      continue;
    }
    const m = checkMechanism.data as { conversion_valuation_cap?: Monetary; conversion_discount?: string };
    const cap = m.conversion_valuation_cap ? amountOf(c, [...field, "conversion_valuation_cap"], m.conversion_valuation_cap, true) : undefined;
    const discount = m.conversion_discount ? (parseNumeric(m.conversion_discount.startsWith(".") ? `0${m.conversion_discount}` : m.conversion_discount) as Ratio) : undefined;
    if (discount && discount.num >= discount.den) {
      diagnostics.push(error("E_OCF_SCHEMA", `${noun(c)}, field ${field.join(".")}.conversion_discount: a discount of 100 % would convert for nothing`, at(c, [...field, "conversion_discount"])));
      continue;
    }
    if (holder === undefined || amount === undefined || (m.conversion_valuation_cap && !cap)) continue;
    const terms = { ...(cap ? { cap } : {}), ...(discount && discount.num > 0n ? { discount } : {}) };
    if (c.value.convertible_type === "SAFE") {
      const safe = checkMechanism.data as { conversion_mfn: boolean; conversion_timing?: "PRE_MONEY" | "POST_MONEY" };
      dates.push(c.value.date);
      // Without a stated timing, a SAFE is read as post-money, today's standard form.
      safes.push({ id: c.value.security_id, holder, amount, basis: safe.conversion_timing === "PRE_MONEY" ? "pre-money" : "post-money", ...terms, mfn: safe.conversion_mfn, issued: c.value.date });
      continue;
    }
    const note = checkMechanism.data as { interest_rates: Array<{ rate: string }>; day_count_convention: "ACTUAL_365" | "30_360"; interest_accrual_period: string; compounding_type: "COMPOUNDING" | "SIMPLE" };
    const maturity = c.value.conversion_triggers.find((t) => t.type === "AUTOMATIC_ON_DATE" && t.trigger_date)?.trigger_date;
    if (!maturity) {
      unsupported(c, "conversion_triggers", "a note without a maturity date (an AUTOMATIC_ON_DATE trigger) is not read; dealgraph's notes state one");
      continue;
    }
    const rateText = note.interest_rates[0]?.rate ?? "0";
    if (note.interest_rates.length > 1) approximated(c, "conversion_triggers", "a note with several interest rates is read at its first rate");
    let compounding: "simple" | "annual" | "monthly" = "simple";
    if (note.compounding_type === "COMPOUNDING") {
      compounding = note.interest_accrual_period === "MONTHLY" ? "monthly" : "annual";
      if (!["MONTHLY", "ANNUAL"].includes(note.interest_accrual_period)) approximated(c, "conversion_triggers", `interest compounding ${note.interest_accrual_period} is read as annual (dealgraph compounds annually or monthly)`);
    }
    dates.push(c.value.date);
    notes.push({ id: c.value.security_id, holder, principal: amount, rate: parseNumeric(rateText.startsWith(".") ? `0${rateText}` : rateText) as Ratio, compounding, dayCount: note.day_count_convention === "ACTUAL_365" ? "act/365" : "30/360", issued: c.value.date, maturity, ...terms });
  }

  const company = pkg.manifest.issuer.legal_name;
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const firstDay = [...dates, pkg.manifest.as_of].sort()[0] as string;
  return { value: { company, currency: currency ?? "USD", ocfVersion: pkg.manifest.ocf_version, asOf: pkg.manifest.as_of, firstDay, classes, pools, holdings, options, warrants, safes, notes }, diagnostics };
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
