/**
 * The security ledger of an OCF package: what is outstanding on the package's date.
 *
 * OCF records a cap table as events. Every issuance creates a security, named by its
 * `security_id`. A lifecycle transaction (a cancellation, transfer, exercise, …) names the
 * security it acts on and, except an acceptance, consumes it: what stays with the holder is issued
 * again under the transaction's `balance_security_id`, and what it creates (the transferee's
 * stock, the stock an exercise gives) under its `resulting_security_ids` — each by an issuance of
 * its own in the package. So the ledger keeps, per security id, the units it still holds, and
 * replays the transactions in date order (ties in package order) up to the as-of date.
 *
 * Two readings go beyond that rule, each with a warning: a partial cancellation, repurchase,
 * transfer or conversion that names no balance security leaves the rest held under the old id
 * (OCF's schemas allow the omission; its prose says the rest is issued again), and an option
 * exercised in part keeps the rest under its id (OCF 1.2 gives an exercise no balance field).
 *
 * Pure: it reads checked objects and returns the outstanding securities, the plans' reserves and
 * the classes' conversion ratios with diagnostics.
 */
import { warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { addRatio, compareRatio, mulRatio, ratio, subRatio, ZERO_RATIO, type Ratio } from "../money/ratio.js";
import { decimalText, parseNumeric } from "./numeric.js";
import type { Monetary } from "./ocf-schema.js";
import { fieldName, nounOf, OBJECT_NOUNS, reportConfined, type OcfPackage, type PackageObject } from "./read-package.js";

export type SecurityKind = "stock" | "equity compensation" | "warrant" | "convertible";

/** The issuances, each creating one security of its kind. */
export const ISSUANCE_KINDS: Readonly<Record<string, SecurityKind>> = {
  TX_STOCK_ISSUANCE: "stock",
  TX_EQUITY_COMPENSATION_ISSUANCE: "equity compensation",
  TX_PLAN_SECURITY_ISSUANCE: "equity compensation",
  TX_WARRANT_ISSUANCE: "warrant",
  TX_CONVERTIBLE_ISSUANCE: "convertible",
};

/** What a lifecycle transaction does to the security it names. */
type Effect =
  | "cancel" // units leave the cap table (a cancellation, a repurchase)
  | "retract" // the whole security is withdrawn: it should never have been issued
  | "transfer" // units move to resulting securities of the same kind, held by someone else
  | "convert" // units become the resulting securities
  | "reissue" // the whole security is replaced by the resulting ones
  | "exercise" // units become stock
  | "release" // restricted stock units settle in stock
  | "accept" // the holder acknowledges the security: no effect on counts
  | "vesting"; // an acceleration or a vesting event: read by the importer against the grant's schedule

interface LifecycleKind {
  readonly acts: SecurityKind | "stock or equity compensation";
  readonly effect: Effect;
  /** The field stating the units taken; without one, the transaction takes the whole security. */
  readonly units?: "quantity" | "quantity_converted" | "amount";
  /** OCF gives this transaction a `balance_security_id` for the part that stays with the holder. */
  readonly balance: boolean;
  /** The kind of the securities it names as resulting ("any": a convertible may become stock or something else). */
  readonly results?: SecurityKind | "any";
}

/** Every lifecycle transaction the ledger applies, by `object_type`. */
export const LIFECYCLE: Readonly<Record<string, LifecycleKind>> = {
  TX_STOCK_CANCELLATION: { acts: "stock", effect: "cancel", units: "quantity", balance: true },
  TX_STOCK_REPURCHASE: { acts: "stock", effect: "cancel", units: "quantity", balance: true },
  TX_STOCK_RETRACTION: { acts: "stock", effect: "retract", balance: false },
  TX_STOCK_TRANSFER: { acts: "stock", effect: "transfer", units: "quantity", balance: true, results: "stock" },
  TX_STOCK_CONVERSION: { acts: "stock", effect: "convert", units: "quantity_converted", balance: true, results: "stock" },
  TX_STOCK_REISSUANCE: { acts: "stock", effect: "reissue", balance: false, results: "stock" },
  TX_STOCK_ACCEPTANCE: { acts: "stock", effect: "accept", balance: false },
  TX_EQUITY_COMPENSATION_EXERCISE: { acts: "equity compensation", effect: "exercise", units: "quantity", balance: false, results: "stock" },
  TX_PLAN_SECURITY_EXERCISE: { acts: "equity compensation", effect: "exercise", units: "quantity", balance: false, results: "stock" },
  TX_EQUITY_COMPENSATION_CANCELLATION: { acts: "equity compensation", effect: "cancel", units: "quantity", balance: true },
  TX_PLAN_SECURITY_CANCELLATION: { acts: "equity compensation", effect: "cancel", units: "quantity", balance: true },
  TX_EQUITY_COMPENSATION_RETRACTION: { acts: "equity compensation", effect: "retract", balance: false },
  TX_PLAN_SECURITY_RETRACTION: { acts: "equity compensation", effect: "retract", balance: false },
  TX_EQUITY_COMPENSATION_RELEASE: { acts: "equity compensation", effect: "release", units: "quantity", balance: false, results: "stock" },
  TX_PLAN_SECURITY_RELEASE: { acts: "equity compensation", effect: "release", units: "quantity", balance: false, results: "stock" },
  TX_EQUITY_COMPENSATION_TRANSFER: { acts: "equity compensation", effect: "transfer", units: "quantity", balance: true, results: "equity compensation" },
  TX_PLAN_SECURITY_TRANSFER: { acts: "equity compensation", effect: "transfer", units: "quantity", balance: true, results: "equity compensation" },
  TX_EQUITY_COMPENSATION_ACCEPTANCE: { acts: "equity compensation", effect: "accept", balance: false },
  TX_PLAN_SECURITY_ACCEPTANCE: { acts: "equity compensation", effect: "accept", balance: false },
  TX_WARRANT_EXERCISE: { acts: "warrant", effect: "exercise", balance: false, results: "stock" },
  TX_WARRANT_CANCELLATION: { acts: "warrant", effect: "cancel", units: "quantity", balance: true },
  TX_WARRANT_RETRACTION: { acts: "warrant", effect: "retract", balance: false },
  TX_WARRANT_TRANSFER: { acts: "warrant", effect: "transfer", units: "quantity", balance: true, results: "warrant" },
  TX_WARRANT_ACCEPTANCE: { acts: "warrant", effect: "accept", balance: false },
  // OCF 1.2's quantity_converted ("quantity of security units converted": of a convertible, its amount) is optional: without it, the whole convertible.
  TX_CONVERTIBLE_CONVERSION: { acts: "convertible", effect: "convert", units: "quantity_converted", balance: true, results: "any" },
  TX_CONVERTIBLE_CANCELLATION: { acts: "convertible", effect: "cancel", units: "amount", balance: true },
  TX_CONVERTIBLE_RETRACTION: { acts: "convertible", effect: "retract", balance: false },
  TX_CONVERTIBLE_TRANSFER: { acts: "convertible", effect: "transfer", units: "amount", balance: true, results: "convertible" },
  TX_CONVERTIBLE_ACCEPTANCE: { acts: "convertible", effect: "accept", balance: false },
  TX_VESTING_ACCELERATION: { acts: "stock or equity compensation", effect: "vesting", balance: false },
  TX_VESTING_EVENT: { acts: "stock or equity compensation", effect: "vesting", balance: false },
};

/** Transactions on a class, a plan or the issuer, applied in the same date order. */
const CLASS_AND_PLAN_TRANSACTIONS = new Set([
  "TX_STOCK_CLASS_SPLIT",
  "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT",
  "TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT",
  "TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT",
  "TX_STOCK_PLAN_POOL_ADJUSTMENT",
  "TX_STOCK_PLAN_RETURN_TO_POOL",
]);

/** A security outstanding on the as-of date. */
export interface OutstandingSecurity {
  readonly securityId: string;
  readonly kind: SecurityKind;
  readonly issuance: PackageObject;
  /** Shares (stock, options, warrants) or money in major units (convertibles) still held; absent for a warrant whose count the package does not state. */
  readonly units?: Ratio;
  /** Transactions that took part of it and left the rest under its id (a partial exercise, say). */
  readonly reducedBy: readonly PackageObject[];
  /** Stock class splits that multiplied it. */
  readonly splitBy: readonly PackageObject[];
  /** Vesting accelerations and vesting events on it, in date order. */
  readonly vesting: readonly PackageObject[];
}

/** A stock plan on the as-of date: its reserve (the last adjustment, or the initial one, changed by retired cancellations and returns) and the shares issued out of it. */
export interface PlanReserve {
  readonly size: Ratio;
  readonly issuedFromPlan: Ratio;
}

/** A stock class split applied, with its place in the replay (`order`: later events have higher numbers). */
export interface AppliedSplit {
  readonly from: PackageObject;
  readonly classId: string;
  /** New shares per old share. */
  readonly factor: Ratio;
  readonly order: number;
}

export interface SecurityLedger {
  /** In the order of their issuances in the package. */
  readonly outstanding: readonly OutstandingSecurity[];
  readonly plans: ReadonlyMap<string, PlanReserve>;
  /** The last conversion ratio adjustment of each class, by class id, with its place in the replay. */
  readonly conversionRatios: ReadonlyMap<string, { readonly ratio: Ratio; readonly from: PackageObject; readonly order: number }>;
  /** The stock class splits up to the as-of date, in the order applied. */
  readonly splits: readonly AppliedSplit[];
  /** Ids of the objects left out (with `skipInvalid`), the caller's included. */
  readonly leftOut: ReadonlySet<string>;
}

export interface LedgerOptions {
  /** The package's date: later transactions are left out, with one warning listing them. */
  readonly asOf: string;
  /** Leave out an object whose problem is confined to it (`W_OCF_SKIPPED`), and what depends on it, instead of an error. */
  readonly skipInvalid: boolean;
  /** Ids of issuances the caller has already left out: transactions on their securities are left out too. */
  readonly leftOut: ReadonlySet<string>;
}

interface Security {
  readonly id: string;
  readonly kind: SecurityKind;
  readonly issuance: PackageObject;
  units: Ratio | undefined;
  consumedBy?: PackageObject;
  readonly reducedBy: PackageObject[];
  readonly splitBy: PackageObject[];
  readonly vesting: PackageObject[];
}

type Fields = Record<string, unknown> & { readonly id: string; readonly object_type: string; readonly date: string };
const fieldsOf = (o: PackageObject): Fields => o.value as unknown as Fields;
const byDate = (a: { o: PackageObject; i: number }, b: { o: PackageObject; i: number }): number => {
  const da = fieldsOf(a.o).date;
  const db = fieldsOf(b.o).date;
  return da < db ? -1 : da > db ? 1 : a.i - b.i;
};
const numberText = (r: Ratio): string => decimalText(r);

/**
 * The security ids the package's lifecycle transactions create (their resulting and balance
 * securities), at any date: an issuance of one of them is a security issued again, not a primary
 * issuance of new shares.
 */
export function securitiesCreatedByTransactions(pkg: OcfPackage): Set<string> {
  const created = new Set<string>();
  for (const o of pkg.objects) {
    if (!LIFECYCLE[o.value.object_type]) continue;
    const f = fieldsOf(o);
    for (const id of (f.resulting_security_ids as string[] | undefined) ?? []) created.add(id);
    if (typeof f.balance_security_id === "string") created.add(f.balance_security_id);
  }
  return created;
}

/**
 * Replays the package's issuances and lifecycle transactions up to `options.asOf`. Problems are
 * errors naming the object and field (`E_OCF_REFERENCE` for a security not outstanding when a
 * transaction acts on it, `E_OCF_QUANTITY` for taking more than it holds), or with `skipInvalid`
 * warnings (`W_OCF_SKIPPED`) that leave the object, and the securities it would create, out.
 */
export function buildSecurityLedger(pkg: OcfPackage, options: LedgerOptions): { value: SecurityLedger; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const leftOut = new Set(options.leftOut);
  const byId = new Map(pkg.objects.map((o) => [o.value.id, o]));

  // Every issuance in the package, at any date: a transaction may name a security issued later in the file.
  const issuedBy = new Map<string, PackageObject>();
  const duplicates = new Set<PackageObject>();
  for (const o of pkg.objects) {
    if (!ISSUANCE_KINDS[o.value.object_type]) continue;
    const id = fieldsOf(o).security_id as string;
    if (issuedBy.has(id)) duplicates.add(o);
    else issuedBy.set(id, o);
  }
  // Only stock issued in its own right uses a plan's reserve: the balance or transferee's stock of
  // restricted stock is the same shares again, and the stock an exercise or release gives is
  // counted by the exercise.
  const createdByTransaction = securitiesCreatedByTransactions(pkg);
  // Stock a reissuance issues for a split already states the shares after the split.
  const issuedForSplit = new Map<string, Set<string>>();
  for (const o of pkg.objects) {
    const f = fieldsOf(o);
    if (f.object_type === "TX_STOCK_REISSUANCE" && typeof f.split_transaction_id === "string") {
      const ids = issuedForSplit.get(f.split_transaction_id) ?? new Set<string>();
      for (const id of (f.resulting_security_ids as string[] | undefined) ?? []) ids.add(id);
      issuedForSplit.set(f.split_transaction_id, ids);
    }
  }

  /** Securities created so far, by security id; securities left out, with the object that left them out. */
  const securities = new Map<string, Security>();
  const leftOutSecurities = new Map<string, string>();
  /** Each plan's reserve; `splitBy`: the splits of its class since the reserve was last stated, each with the reserve before and after it. */
  const plans = new Map<string, { classId: string | undefined; size: Ratio; issuedFromPlan: Ratio; retires: boolean; splitBy: Array<{ split: PackageObject; before: Ratio; after: Ratio }> }>();
  for (const p of pkg.objects) {
    if (p.value.object_type !== "STOCK_PLAN") continue;
    const f = fieldsOf(p);
    const behaviour = f.default_cancellation_behavior;
    const classId = (f.stock_class_ids as string[] | undefined)?.[0] ?? (f.stock_class_id as string | undefined);
    plans.set(p.value.id, { classId, size: parseNumeric(f.initial_shares_reserved as string) ?? ZERO_RATIO, issuedFromPlan: ZERO_RATIO, retires: behaviour === "RETIRE" || behaviour === "HOLD_AS_CAPITAL_STOCK", splitBy: [] });
  }
  const conversionRatios = new Map<string, { ratio: Ratio; from: PackageObject; order: number }>();
  const splits: AppliedSplit[] = [];
  let order = 0;

  /** A problem confined to `o`: an error, or with skipInvalid a warning that leaves `o` (and what it would create) out. */
  const problem = (o: PackageObject, field: ReadonlyArray<string | number> | undefined, code: "E_OCF_REFERENCE" | "E_OCF_QUANTITY" | "E_OCF_SCHEMA", text: string, hint?: string): void => {
    if (reportConfined(diagnostics, options.skipInvalid, o, field, code, text, hint)) leaveOut(o);
  };
  /** Leaves `o` out, and with it the securities it names as resulting or balance: they would exist only through it. */
  const leaveOut = (o: PackageObject): void => {
    if (leftOut.has(o.value.id)) return;
    leftOut.add(o.value.id);
    const f = fieldsOf(o);
    const created = [...((f.resulting_security_ids as string[] | undefined) ?? []), ...(typeof f.balance_security_id === "string" ? [f.balance_security_id] : [])];
    for (const id of created) {
      if (id === f.security_id) continue; // named by mistake (reported); the security it acts on exists without it
      const issuance = issuedBy.get(id);
      if (!issuance || leftOut.has(issuance.value.id)) continue;
      diagnostics.push(warning("W_OCF_SKIPPED", `${nounOf(issuance)} left out: it issues security ${JSON.stringify(id)}, which ${nounOf(o)} creates, and that was left out`, { span: issuance.locate(["security_id"]) }));
      securities.delete(id);
      leftOutSecurities.set(id, issuance.value.id);
      leaveOut(issuance);
    }
  };

  const unitsOfIssuance = (o: PackageObject): Ratio | undefined => {
    const f = fieldsOf(o);
    if (o.value.object_type === "TX_CONVERTIBLE_ISSUANCE") return parseNumeric((f.investment_amount as Monetary).amount);
    if (typeof f.quantity === "string") return parseNumeric(f.quantity);
    // A warrant may state its shares only in its exercise terms.
    const triggers = (f.exercise_triggers as Array<{ conversion_right: { conversion_mechanism: { type: string; converts_to_quantity?: string } } }> | undefined) ?? [];
    const fixed = triggers.map((t) => t.conversion_right.conversion_mechanism).find((m) => m.type === "FIXED_AMOUNT_CONVERSION" && typeof m.converts_to_quantity === "string");
    return fixed?.converts_to_quantity !== undefined ? parseNumeric(fixed.converts_to_quantity) : undefined;
  };

  const create = (issuance: PackageObject): Security | undefined => {
    const f = fieldsOf(issuance);
    const id = f.security_id as string;
    if (securities.has(id) || leftOutSecurities.has(id)) return securities.get(id);
    if (leftOut.has(issuance.value.id)) {
      leftOutSecurities.set(id, issuance.value.id);
      return undefined;
    }
    const security: Security = { id, kind: ISSUANCE_KINDS[f.object_type] as SecurityKind, issuance, units: unitsOfIssuance(issuance), reducedBy: [], splitBy: [], vesting: [] };
    securities.set(id, security);
    // Stock issued straight out of a plan (restricted stock) uses its reserve, once.
    const plan = typeof f.stock_plan_id === "string" ? plans.get(f.stock_plan_id) : undefined;
    if (security.kind === "stock" && plan && security.units && !createdByTransaction.has(id)) plan.issuedFromPlan = addRatio(plan.issuedFromPlan, security.units);
    return security;
  };

  /** The security `o` acts on, outstanding at its date; otherwise a reported problem. */
  const outstandingFor = (o: PackageObject, acts: LifecycleKind["acts"], allowConsumed = false): Security | undefined => {
    const f = fieldsOf(o);
    const id = f.security_id as string;
    const issuance = issuedBy.get(id);
    const leftOutBy = leftOutSecurities.get(id) ?? (issuance && leftOut.has(issuance.value.id) ? issuance.value.id : undefined);
    if (leftOutBy !== undefined || pkg.invalidIds.has(id) || (issuance && pkg.invalidIds.has(issuance.value.id))) {
      // Already reported where the issuance is; with skipInvalid, what acts on it goes too.
      if (options.skipInvalid) {
        diagnostics.push(warning("W_OCF_SKIPPED", `${nounOf(o)} left out: it acts on security ${JSON.stringify(id)}, whose issuance was left out`, { span: o.locate(["security_id"]) }));
        leaveOut(o);
      }
      return undefined;
    }
    if (!issuance) {
      problem(o, ["security_id"], "E_OCF_REFERENCE", `no issuance in the package creates the security ${JSON.stringify(id)}`, "a transaction acts on a security an issuance creates (the issuance's security_id)");
      return undefined;
    }
    const kind = ISSUANCE_KINDS[issuance.value.object_type] as SecurityKind;
    if (acts !== kind && !(acts === "stock or equity compensation" && (kind === "stock" || kind === "equity compensation"))) {
      problem(o, ["security_id"], "E_OCF_REFERENCE", `the security ${JSON.stringify(id)} is ${kind === "equity compensation" ? "equity compensation" : `a ${kind}`} (${nounOf(issuance)}), not ${acts}`);
      return undefined;
    }
    const issuedOn = fieldsOf(issuance).date;
    if (issuedOn > f.date) {
      problem(o, ["security_id"], "E_OCF_REFERENCE", `the security ${JSON.stringify(id)} is issued only on ${issuedOn} (${nounOf(issuance)}), after this transaction's date ${f.date}`);
      return undefined;
    }
    const security = create(issuance);
    if (!security) return undefined;
    if (security.consumedBy && !allowConsumed) {
      problem(o, ["security_id"], "E_OCF_REFERENCE", `the security ${JSON.stringify(id)} is no longer outstanding: ${nounOf(security.consumedBy)} consumed it on ${fieldsOf(security.consumedBy).date}`, "each security is acted on until a transaction consumes it; what remains is issued under a balance security id");
      return undefined;
    }
    return security;
  };

  /** A security `o` names as resulting or balance must be issued in the package, of the expected kind. */
  const issued = (o: PackageObject, field: ReadonlyArray<string | number>, id: string, kind: SecurityKind | "any"): PackageObject | undefined => {
    if (pkg.invalidIds.has(id)) {
      // Its issuance is reported where it is; with skipInvalid the transaction goes too, and the security it acts on stays whole.
      if (options.skipInvalid) {
        diagnostics.push(warning("W_OCF_SKIPPED", `${nounOf(o)} left out: field ${fieldName(field)}: the issuance of security ${JSON.stringify(id)} was left out`, { span: o.locate(field) }));
        leaveOut(o);
      }
      return undefined;
    }
    const issuance = issuedBy.get(id);
    if (!issuance) {
      problem(o, field, "E_OCF_REFERENCE", `no issuance in the package creates the security ${JSON.stringify(id)}`, "a resulting or balance security is created by an issuance of its own, with that security_id");
      return undefined;
    }
    const actual = ISSUANCE_KINDS[issuance.value.object_type] as SecurityKind;
    if (kind !== "any" && actual !== kind) {
      problem(o, field, "E_OCF_REFERENCE", `the security ${JSON.stringify(id)} is ${actual === "equity compensation" ? "equity compensation" : `a ${actual}`} (${nounOf(issuance)}), not ${kind}`);
      return undefined;
    }
    return issuance;
  };

  const reference = (o: PackageObject, field: string, id: string, type: string): PackageObject | undefined => {
    const target = byId.get(id);
    if (target && target.value.object_type === type) return target;
    if (!pkg.invalidIds.has(id)) problem(o, [field], "E_OCF_REFERENCE", `no ${OBJECT_NOUNS[type] ?? type} has the id ${JSON.stringify(id)}`, "the package must contain every object a transaction refers to");
    return undefined;
  };

  const classOf = (security: Security): string | undefined => {
    const f = fieldsOf(security.issuance);
    if (typeof f.stock_class_id === "string") return f.stock_class_id;
    if (security.kind === "equity compensation" && typeof f.stock_plan_id === "string") {
      const plan = byId.get(f.stock_plan_id);
      const p = plan ? fieldsOf(plan) : undefined;
      return (p?.stock_class_ids as string[] | undefined)?.[0] ?? (p?.stock_class_id as string | undefined);
    }
    const triggers = (f.exercise_triggers as Array<{ conversion_right: { converts_to_stock_class_id?: string } }> | undefined) ?? [];
    return triggers.map((t) => t.conversion_right.converts_to_stock_class_id).find((c) => c !== undefined);
  };

  const apply = (o: PackageObject, kind: LifecycleKind): void => {
    const f = fieldsOf(o);
    const reported = diagnostics.length;
    const security = outstandingFor(o, kind.acts);
    if (!security) return;
    if (kind.effect === "accept") return;
    if (kind.effect === "vesting") {
      // Stock (restricted stock) is a holding, which has no vesting in dealgraph: said here, as nothing reads it later.
      if (security.kind === "stock") diagnostics.push(warning("W_OCF_UNSUPPORTED", `${nounOf(o)}, field security_id: the vesting of stock is not read: dealgraph's holdings do not vest, so the security ${JSON.stringify(security.id)} counts in full as issued stock`, { span: o.locate(["security_id"]) }));
      else security.vesting.push(o);
      return;
    }
    let units: Ratio | undefined;
    if (kind.units === "amount") {
      const amount = f.amount as Monetary;
      const currency = (fieldsOf(security.issuance).investment_amount as Monetary).currency;
      if (amount.currency !== currency) problem(o, ["amount", "currency"], "E_OCF_SCHEMA", `the amount is in ${amount.currency}, but the convertible ${JSON.stringify(security.id)} is in ${currency}`);
      units = parseNumeric(amount.amount);
    } else if (kind.units && typeof f[kind.units] === "string") units = parseNumeric(f[kind.units] as string);
    const unitsField = kind.units === "amount" ? ["amount", "amount"] : kind.units ? [kind.units] : [];
    if (units && units.num <= 0n) problem(o, unitsField, "E_OCF_QUANTITY", `${numberText(units)} is not above zero`);
    else if (units && security.units && compareRatio(units, security.units) > 0) {
      problem(o, unitsField, "E_OCF_QUANTITY", `takes ${numberText(units)} from the security ${JSON.stringify(security.id)}, which holds ${numberText(security.units)}`, "a transaction takes at most what its security holds");
    }
    const results = (f.resulting_security_ids as string[] | undefined) ?? [];
    const balanceId = typeof f.balance_security_id === "string" ? f.balance_security_id : undefined;
    // The security a transaction consumes cannot also be what it creates: that would make the holding vanish.
    const selfNamed = [...results.map((id, i) => ({ id, field: ["resulting_security_ids", i] })), ...(balanceId !== undefined ? [{ id: balanceId, field: ["balance_security_id"] }] : [])].find((c) => c.id === security.id);
    if (selfNamed) {
      problem(o, selfNamed.field, "E_OCF_REFERENCE", `names the security it acts on, ${JSON.stringify(security.id)}, as one it creates`, "what remains or moves is issued again under a new security id, by an issuance of its own");
      return;
    }
    const resultIssuances = results.map((id, i) => issued(o, ["resulting_security_ids", i], id, kind.results ?? "any"));
    const balanceIssuance = balanceId !== undefined ? issued(o, ["balance_security_id"], balanceId, security.kind) : undefined;
    if (diagnostics.length > reported && (!options.skipInvalid || leftOut.has(o.value.id))) return;
    // A resulting or balance security whose issuance did not read: reported there, and the transaction is not applied.
    if ([...results, ...(balanceId !== undefined ? [balanceId] : [])].some((id) => pkg.invalidIds.has(id))) return;

    const held = security.units;
    const balanceUnits = balanceIssuance ? unitsOfIssuance(balanceIssuance) : undefined;
    // A transaction that states no count (a warrant exercise in OCF 1.2) takes what its balance does not hold.
    const taken = units ?? (held && balanceUnits && compareRatio(balanceUnits, held) <= 0 ? subRatio(held, balanceUnits) : held);
    const rest = taken && held ? subRatio(held, taken) : ZERO_RATIO;
    const consume = (): void => {
      security.consumedBy = o;
    };
    if (balanceIssuance) {
      consume();
      if (held && balanceUnits && compareRatio(balanceUnits, rest) !== 0) {
        diagnostics.push(warning("W_OCF_APPROXIMATED", `${nounOf(o)}, field balance_security_id: the balance security ${JSON.stringify(balanceId)} holds ${numberText(balanceUnits)}, but ${numberText(held)} − ${numberText(taken ?? ZERO_RATIO)} = ${numberText(rest)} remain; its issuance's ${numberText(balanceUnits)} are used`, { span: o.locate(["balance_security_id"]) }));
      }
    } else if (units === undefined || held === undefined || rest.num === 0n) consume();
    else {
      security.units = rest;
      security.reducedBy.push(o);
      if (kind.balance) {
        diagnostics.push(
          warning("W_OCF_APPROXIMATED", `${nounOf(o)}, field balance_security_id: takes ${numberText(units)} of the ${numberText(held)} of security ${JSON.stringify(security.id)} and names no balance security; the ${numberText(rest)} left are read as still held under ${JSON.stringify(security.id)}`, {
            span: o.locate([kind.units === "amount" ? "amount" : (kind.units ?? "security_id")]),
            hint: "OCF issues what remains again, under a new security id named as the balance_security_id",
          }),
        );
      }
    }

    // What moves to other holders, or becomes stock, should match what left the security.
    if (taken && (kind.effect === "transfer" || (kind.effect === "exercise" && security.kind === "equity compensation"))) {
      const counts = resultIssuances.map((r) => (r ? unitsOfIssuance(r) : undefined));
      if (counts.every((c): c is Ratio => c !== undefined)) {
        const total = counts.reduce(addRatio, ZERO_RATIO);
        if (compareRatio(total, taken) !== 0) {
          diagnostics.push(warning("W_OCF_APPROXIMATED", `${nounOf(o)}, field resulting_security_ids: the resulting securities hold ${numberText(total)} in all, but the transaction takes ${numberText(taken)}; the resulting issuances' counts are used`, { span: o.locate(["resulting_security_ids"]) }));
        }
      }
    }
    // The reserve behind a grant: an exercise or release issues stock out of it; a cancellation returns it unless the plan retires it.
    const planId = security.kind === "equity compensation" ? (fieldsOf(security.issuance).stock_plan_id as string | undefined) : undefined;
    const plan = planId !== undefined ? plans.get(planId) : undefined;
    if (plan && taken && (kind.effect === "exercise" || kind.effect === "release")) plan.issuedFromPlan = addRatio(plan.issuedFromPlan, taken);
    if (plan && taken && kind.effect === "cancel" && plan.retires) plan.size = subRatio(plan.size, taken);
  };

  const applyClassOrPlan = (o: PackageObject): void => {
    const f = fieldsOf(o);
    switch (f.object_type) {
      case "TX_STOCK_PLAN_POOL_ADJUSTMENT": {
        const plan = reference(o, "stock_plan_id", f.stock_plan_id as string, "STOCK_PLAN") ? plans.get(f.stock_plan_id as string) : undefined;
        const reserved = parseNumeric(f.shares_reserved as string);
        if (plan && reserved && (reserved.den !== 1n || reserved.num < 0n)) {
          problem(o, ["shares_reserved"], "E_OCF_QUANTITY", `${f.shares_reserved as string} is not a whole number of shares`, "a plan reserves whole shares");
          return;
        }
        if (plan) {
          plan.size = reserved ?? plan.size;
          plan.splitBy = []; // the reserve is stated again, in the class's shares of the day
        }
        return;
      }
      case "TX_STOCK_PLAN_RETURN_TO_POOL": {
        // The shares behind a cancelled grant go to the named plan's pool: taken from where the plan's own rule put them.
        const to = reference(o, "stock_plan_id", f.stock_plan_id as string, "STOCK_PLAN") ? plans.get(f.stock_plan_id as string) : undefined;
        const security = outstandingFor(o, "equity compensation", true);
        const quantity = parseNumeric(f.quantity as string) ?? ZERO_RATIO;
        if (!to || !security) return;
        const fromId = fieldsOf(security.issuance).stock_plan_id as string | undefined;
        const from = fromId !== undefined ? plans.get(fromId) : undefined;
        if (from && !from.retires) from.size = subRatio(from.size, quantity);
        to.size = addRatio(to.size, quantity);
        return;
      }
      case "TX_STOCK_CLASS_SPLIT": {
        if (!reference(o, "stock_class_id", f.stock_class_id as string, "STOCK_CLASS")) return;
        const split = f.split_ratio as { numerator: string; denominator: string };
        const num = parseNumeric(split.numerator);
        const den = parseNumeric(split.denominator);
        if (!num || !den || num.num <= 0n || den.num <= 0n) {
          problem(o, ["split_ratio"], "E_OCF_QUANTITY", `${split.numerator}:${split.denominator} is not a ratio of two numbers above zero`);
          return;
        }
        const factor = ratio(num.num * den.den, num.den * den.num);
        const exempt = issuedForSplit.get(o.value.id) ?? new Set<string>();
        const rounded: string[] = [];
        const others: string[] = [];
        for (const s of securities.values()) {
          if (s.consumedBy || classOf(s) !== f.stock_class_id) continue;
          if (s.kind !== "stock") {
            others.push(s.id);
            continue;
          }
          if (exempt.has(s.id) || !s.units) continue;
          const exact = mulRatio(s.units, factor);
          s.units = ratio(exact.num / exact.den);
          s.splitBy.push(o);
          if (exact.den !== 1n) rounded.push(s.id);
        }
        // OCF's split is of the class's shares; a plan's reserve is counted in those shares, so it
        // is split with them (as equity plans provide), unless a pool adjustment states it again.
        for (const plan of plans.values()) {
          if (plan.classId !== f.stock_class_id) continue;
          const before = plan.size;
          const scaled = mulRatio(plan.size, factor);
          const issued = mulRatio(plan.issuedFromPlan, factor);
          plan.size = ratio(scaled.num / scaled.den);
          plan.issuedFromPlan = ratio(issued.num / issued.den);
          plan.splitBy.push({ split: o, before, after: plan.size });
        }
        splits.push({ from: o, classId: f.stock_class_id as string, factor, order });
        if (rounded.length > 0) diagnostics.push(warning("W_OCF_APPROXIMATED", `${nounOf(o)}, field split_ratio: the split gives part of a share to ${rounded.map((id) => JSON.stringify(id)).join(", ")}; dealgraph counts whole shares and rounds down`, { span: o.locate(["split_ratio"]) }));
        if (others.length > 0) diagnostics.push(warning("W_OCF_APPROXIMATED", `${nounOf(o)}, field split_ratio: the split multiplies the class's stock only; the options and warrants over it (${others.map((id) => JSON.stringify(id)).join(", ")}) are read as their issuances state them`, { span: o.locate(["split_ratio"]), hint: "OCF records no split of options or warrants; a package that adjusts them does so with new issuances" }));
        return;
      }
      case "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT": {
        if (!reference(o, "stock_class_id", f.stock_class_id as string, "STOCK_CLASS")) return;
        const mechanism = f.new_ratio_conversion_mechanism as { ratio: { numerator: string; denominator: string } };
        const num = parseNumeric(mechanism.ratio.numerator);
        const den = parseNumeric(mechanism.ratio.denominator);
        if (!num || !den || num.num <= 0n || den.num <= 0n) {
          problem(o, ["new_ratio_conversion_mechanism", "ratio"], "E_OCF_QUANTITY", `${mechanism.ratio.numerator}/${mechanism.ratio.denominator} is not a ratio of two numbers above zero`);
          return;
        }
        conversionRatios.set(f.stock_class_id as string, { ratio: ratio(num.num * den.den, num.den * den.num), from: o, order });
        return;
      }
      case "TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT":
        // Authorized shares bound what may be issued; a cap table of issued shares does not use them.
        reference(o, "stock_class_id", f.stock_class_id as string, "STOCK_CLASS");
        return;
      default:
        return;
    }
  };

  // A transaction left out as it was read takes with it the securities it would have created.
  if (options.skipInvalid) {
    for (const o of pkg.objects) {
      const id = fieldsOf(o).security_id as string;
      const by = ISSUANCE_KINDS[o.value.object_type] ? pkg.createdByInvalid.get(id) : undefined;
      if (by === undefined || leftOut.has(o.value.id)) continue;
      diagnostics.push(warning("W_OCF_SKIPPED", `${nounOf(o)} left out: it issues security ${JSON.stringify(id)}, which ${by} creates, and that was left out`, { span: o.locate(["security_id"]) }));
      leaveOut(o);
    }
  }
  for (const o of duplicates) problem(o, ["security_id"], "E_OCF_SCHEMA", `the security id ${JSON.stringify(fieldsOf(o).security_id)} is also created by ${nounOf(issuedBy.get(fieldsOf(o).security_id as string) as PackageObject)}`, "every issuance creates a security id of its own");

  // The events up to the as-of date, in date order and package order within a day.
  const events = pkg.objects.map((o, i) => ({ o, i })).filter(({ o }) => ISSUANCE_KINDS[o.value.object_type] || LIFECYCLE[o.value.object_type] || CLASS_AND_PLAN_TRANSACTIONS.has(o.value.object_type));
  const later = events.filter(({ o }) => fieldsOf(o).date > options.asOf).sort(byDate);
  if (later.length > 0) {
    const shown = later.slice(0, 8).map(({ o }) => `${o.value.id} (${fieldsOf(o).date})`);
    const more = later.length > 8 ? ` and ${later.length - 8} more` : "";
    const first = later[0] as { o: PackageObject };
    diagnostics.push(warning("W_OCF_AFTER_AS_OF", `${later.length} transaction(s) dated after the package's as_of date, ${options.asOf}, are left out: ${shown.join(", ")}${more}`, { span: first.o.locate(["date"]), hint: "the cap table is the package's as of its date" }));
  }
  for (const { o } of events.filter(({ o }) => fieldsOf(o).date <= options.asOf).sort(byDate)) {
    if (duplicates.has(o) || leftOut.has(o.value.id)) {
      if (ISSUANCE_KINDS[o.value.object_type] && !duplicates.has(o)) create(o);
      continue;
    }
    order++;
    if (ISSUANCE_KINDS[o.value.object_type]) create(o);
    else if (LIFECYCLE[o.value.object_type]) apply(o, LIFECYCLE[o.value.object_type] as LifecycleKind);
    else applyClassOrPlan(o);
  }
  // A reserve split with its class is our reading, not the package's: said, plan by plan.
  for (const [id, plan] of plans) {
    for (const { split, before, after } of plan.splitBy) {
      diagnostics.push(
        warning("W_OCF_APPROXIMATED", `${nounOf(split)}, field split_ratio: the reserve of stock plan ${JSON.stringify(id)} over the class is read as split with it, ${numberText(before)} → ${numberText(after)} shares`, {
          span: split.locate(["split_ratio"]),
          hint: "OCF does not say whether a split changes a plan's reserve; a TX_STOCK_PLAN_POOL_ADJUSTMENT after the split states it",
        }),
      );
    }
  }

  const outstanding: OutstandingSecurity[] = [];
  for (const o of pkg.objects) {
    if (!ISSUANCE_KINDS[o.value.object_type]) continue;
    const s = securities.get(fieldsOf(o).security_id as string);
    if (!s || s.issuance !== o || s.consumedBy || leftOut.has(o.value.id)) continue;
    outstanding.push({ securityId: s.id, kind: s.kind, issuance: s.issuance, ...(s.units ? { units: s.units } : {}), reducedBy: s.reducedBy, splitBy: s.splitBy, vesting: s.vesting });
  }
  const planReserves = new Map([...plans].map(([id, p]) => [id, { size: p.size, issuedFromPlan: p.issuedFromPlan }]));
  return { value: { outstanding, plans: planReserves, conversionRatios, splits, leftOut }, diagnostics };
}
