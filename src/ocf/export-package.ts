/**
 * From a compiled equity section to an OCF package (format version 1.2.0), as of a date: what is
 * issued by then, as OCF records it — stock, option, warrant and convertible issuances, the
 * conversions of the SAFEs and notes in the financing, and the pool's top-up as an adjustment.
 *
 * OCF is a record of securities; a dealgraph model also holds rules and possibilities: a tranche
 * that waits for a condition, the financing's pricing, contracts and forecasts. Each of these is a
 * `W_OCF_NOT_EXPRESSIBLE` entry of the export's report, at the model line it comes from; fields
 * OCF requires that a model does not state are written with placeholders, listed in one
 * `W_OCF_PLACEHOLDER` entry. Nothing is left out without an entry.
 */
import { createHash } from "node:crypto";
import type { CompiledEquity } from "../compile/equity.js";
import { warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Holding, OptionGrant, ShareHolding, Warrant } from "../equity/index.js";
import type { ConvertibleInput, EquityInput } from "../model/equity-types.js";
import type { Located, ModelInput } from "../model/types.js";
import { minorDigits, toDecimalString, type Money } from "../money/money.js";
import { divRatio, ratio, type Ratio } from "../money/ratio.js";
import { slug } from "./import-package.js";
import { numericText } from "./numeric.js";
import { MANIFEST_NAME } from "./read-package.js";

/** The OCF version the package declares; `dealgraph ocf export --schemas` checks the files against that version of OCF's schemas. */
export const OCF_VERSION = "1.2.0";

export interface ExportOptions {
  /** The package's date, YYYY-MM-DD: issuances after it are left out (and listed). */
  readonly asOf: string;
  /** The manifest's `generated_at` timestamp (passed in, so the stage stays pure). */
  readonly generatedAt: string;
}

export interface ExportedPackage {
  readonly files: ReadonlyArray<{ readonly name: string; readonly text: string; readonly objects: number }>;
  /** What the package leaves out or fills in, each entry at the model line it is about. */
  readonly report: readonly Diagnostic[];
  readonly asOf: string;
}

type Json = { [key: string]: unknown };

export function exportPackage(model: ModelInput, eq: CompiledEquity, section: EquityInput, options: ExportOptions): ExportedPackage {
  const { asOf } = options;
  const report: Diagnostic[] = [];
  const placeholders = new Set<string>();
  const note = (message: string, at: Located | undefined, hint?: string): void => void report.push(warning("W_OCF_NOT_EXPRESSIBLE", message, { ...(at ? { span: at.span, path: at.path } : {}), ...(hint ? { hint } : {}) }));
  const currency = eq.currency;
  const scale = 10n ** BigInt(minorDigits(currency));
  const monetaryMajor = (major: Ratio): Json => ({ amount: numericText(major).text, currency });
  const perShare = (minorPerShare: Ratio): Json => monetaryMajor(ratio(minorPerShare.num, minorPerShare.den * scale));
  const money = (m: Money): Json => ({ amount: toDecimalString(m, currency).replace(/,/g, ""), currency });
  const decimal = (r: Ratio): string => numericText(r).text;

  // Dates: OCF needs one on every issuance; an undated holding is written at the earliest date.
  const datesInModel = [...eq.capTable.holdings.map((h) => (h.kind === "option" ? h.grantedOn : h.issuedOn)), ...section.convertibles.map((c) => c.issued?.iso)].filter((d): d is string => d !== undefined).sort();
  const earliest = datesInModel[0] ?? asOf;
  const dated = (day: string | undefined): string => {
    if (day !== undefined) return day;
    placeholders.add(`issuances without a date in the model are dated ${earliest}, the earliest date in it`);
    return earliest;
  };

  // Stakeholders: every holder, by name.
  const stakeholderIds = new Map<string, string>();
  const stakeholder = (holder: string): string => {
    let id = stakeholderIds.get(holder);
    if (id) return id;
    const base = `sh-${slug(holder) || "holder"}`;
    id = base;
    for (let n = 2; [...stakeholderIds.values()].includes(id); n++) id = `${base}-${n}`;
    stakeholderIds.set(holder, id);
    return id;
  };

  // Classes: OCF ranks seniority upwards, so dealgraph's 1 (paid first) becomes the highest number.
  const preferred = eq.capTable.classes.filter((c) => c.kind === "preferred");
  const maxSeniority = Math.max(0, ...preferred.map((c) => c.seniority));
  const commonIds = eq.capTable.classes.filter((c) => c.kind === "common").map((c) => c.id);
  const classAt = (id: string): Located | undefined => section.classes.find((c) => c.id === id)?.at;
  placeholders.add("classes: authorized shares NOT APPLICABLE, one vote per share, certificate prefix from the class id");
  const stockClasses = eq.capTable.classes.map((c): Json => {
    const base = { object_type: "STOCK_CLASS", id: c.id, name: c.id, default_id_prefix: `${c.id}-`, initial_shares_authorized: "NOT APPLICABLE", votes_per_share: "1" };
    if (c.kind === "common") return { ...base, class_type: "COMMON", seniority: "1" };
    if (c.participation.kind === "participating") note(`share class "${c.id}" participates without a cap; OCF has only a participation cap, so the package shows it without one, which reads as non-participating`, classAt(c.id));
    if (c.tierSharing === "by-shares") note(`share class "${c.id}" shares a shortfall of its tier by shares; OCF has no field for how a tier is shared`, classAt(c.id));
    const conversionRatio = c.conversionRatio ?? ratio(1n);
    return {
      ...base,
      class_type: "PREFERRED",
      price_per_share: perShare(c.originalIssuePrice),
      seniority: String(maxSeniority - c.seniority + 2),
      liquidation_preference_multiple: decimal(c.liquidationMultiple),
      ...(c.participation.kind === "capped" ? { participation_cap_multiple: decimal(c.participation.capMultiple) } : {}),
      conversion_rights: [
        {
          type: "STOCK_CLASS_CONVERSION_RIGHT",
          conversion_mechanism: { type: "RATIO_CONVERSION", conversion_price: perShare(divRatio(c.originalIssuePrice, conversionRatio)), ratio: { numerator: conversionRatio.num.toString(), denominator: conversionRatio.den.toString() }, rounding_type: "NORMAL" },
          converts_to_stock_class_id: c.convertsInto ?? commonIds[0] ?? "",
        },
      ],
    };
  });

  const transactions: Array<{ date: string; json: Json }> = [];
  const financing = eq.financing;
  const financed = financing !== undefined && financing.date <= asOf;
  const later: string[] = [];

  // Plans, and the financing's top-up as a pool adjustment on the round's date.
  const stockPlans = section.pools.map((p): Json => {
    const after = eq.capTable.pools.find((x) => x.id === p.id)?.reserved ?? p.reserved;
    if (after !== p.reserved && financing) {
      if (financed) transactions.push({ date: financing.date, json: { object_type: "TX_STOCK_PLAN_POOL_ADJUSTMENT", id: `tx-pool-${p.id}-${financing.date}`, date: financing.date, stock_plan_id: p.id, shares_reserved: after.toString() } });
      else later.push(`the top-up of pool "${p.id}" to ${after} shares (${financing.date})`);
    }
    return { object_type: "STOCK_PLAN", id: p.id, plan_name: p.id, initial_shares_reserved: p.reserved.toString(), stock_class_ids: [p.classId.name] };
  });

  // Vesting terms, one object per schedule.
  const vestingTerms = new Map<string, Json>();
  const vestingTermsFor = (months: number, cliff: number): string => {
    const id = `monthly-${months}-cliff-${cliff}`;
    if (vestingTerms.has(id)) return id;
    const period = (length: number, occurrences: number) => ({ length, type: "MONTHS", occurrences, day_of_month: "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH" });
    const monthly = (after: string) => ({ id: "monthly", portion: { numerator: "1", denominator: String(months) }, trigger: { type: "VESTING_SCHEDULE_RELATIVE", period: period(1, months - cliff), relative_to_condition_id: after }, next_condition_ids: [] });
    const conditions =
      cliff > 0
        ? [
            { id: "start", quantity: "0", trigger: { type: "VESTING_START_DATE" }, next_condition_ids: ["cliff"] },
            { id: "cliff", portion: { numerator: String(cliff), denominator: String(months) }, trigger: { type: "VESTING_SCHEDULE_RELATIVE", period: period(cliff, 1), relative_to_condition_id: "start" }, next_condition_ids: cliff < months ? ["monthly"] : [] },
            ...(cliff < months ? [monthly("cliff")] : []),
          ]
        : [{ id: "start", quantity: "0", trigger: { type: "VESTING_START_DATE" }, next_condition_ids: ["monthly"] }, monthly("start")];
    vestingTerms.set(id, {
      object_type: "VESTING_TERMS",
      id,
      name: `${months} months${cliff > 0 ? `, ${cliff}-month cliff` : ""}`,
      description: `Nothing before ${cliff > 0 ? `the ${cliff}-month cliff, then ${cliff}/${months} at it and` : "the first month, then"} 1/${months} each month until month ${months}; vested counts rounded down`,
      allocation_type: "CUMULATIVE_ROUND_DOWN",
      vesting_conditions: conditions,
    });
    return id;
  };

  // The compiled holdings, in the order compile/equity.ts builds them: the written holdings,
  // options and warrants, then the financing's tranches, then its conversions.
  const written = eq.capTable.holdings.slice(0, section.holdings.length + section.options.length + section.warrants.length);
  const tranches = financing ? eq.capTable.holdings.slice(written.length, written.length + financing.issued.length) : [];
  const conversions = financing ? eq.capTable.holdings.slice(written.length + tranches.length) : [];
  const round = financing ? model.rounds.find((r) => r.name === financing.round && r.company.name === eq.company) : undefined;
  const trancheAt = round ? round.commitments.flatMap((c) => c.tranches.map((t) => t.at)) : [];
  let counter = 0;
  const securityId = (kind: string, holder: string): string => `sec-${kind}-${++counter}-${slug(holder) || "holder"}`;
  const issueStock = (h: ShareHolding, price: Ratio | undefined, at: Located | undefined, what: string): string | undefined => {
    if (h.condition) {
      note(`${what}: ${h.shares} shares of ${h.classId} to ${h.holder} wait for the condition "${h.condition}"; OCF records issued securities only, with no conditional issuance, so they are not in the package`, at, "export again once the condition is met, or read both cases with `dealgraph captable`");
      return undefined;
    }
    if (h.treasury) {
      note(`${what}: ${h.shares} treasury shares of ${h.classId} are issued but held by the company; OCF has no treasury holding, so they are not in the package`, at);
      return undefined;
    }
    if (h.issuedOn !== undefined && h.issuedOn > asOf) {
      later.push(`${h.shares} ${h.classId} shares to ${h.holder} (${h.issuedOn})`);
      return undefined;
    }
    const cls = eq.capTable.classes.find((c) => c.id === h.classId);
    const sharePrice = price ?? (cls?.kind === "preferred" ? cls.originalIssuePrice : undefined);
    if (!sharePrice) placeholders.add("stock issuances of common stock: share price 0 (the model does not say what common was bought for)");
    const id = securityId("stock", h.holder);
    transactions.push({
      date: dated(h.issuedOn),
      json: { object_type: "TX_STOCK_ISSUANCE", id: `tx-${id}`, date: dated(h.issuedOn), security_id: id, custom_id: id, stakeholder_id: stakeholder(h.holder), stock_class_id: h.classId, quantity: h.shares.toString(), share_price: sharePrice ? perShare(sharePrice) : monetaryMajor(ratio(0n)), stock_legend_ids: [], security_law_exemptions: [] },
    });
    return id;
  };

  let optionIndex = 0;
  let warrantIndex = 0;
  written.forEach((h: Holding, i) => {
    if (h.kind === "shares") {
      const source = section.holdings[i];
      issueStock(h, undefined, source?.at, `holding ${i + 1}`);
      return;
    }
    if (h.kind === "option") {
      const source = section.options[optionIndex++];
      exportOption(h, source?.at, `option grant ${optionIndex}`);
      return;
    }
    const source = section.warrants[warrantIndex++];
    exportWarrant(h, source?.at, `warrant ${warrantIndex}`);
  });

  function exportOption(o: OptionGrant, at: Located | undefined, what: string): void {
    if (o.condition) return note(`${what}: ${o.shares} options to ${o.holder} wait for the condition "${o.condition}"; OCF has no conditional grant, so they are not in the package`, at);
    if (o.grantedOn !== undefined && o.grantedOn > asOf) return void later.push(`${o.shares} options to ${o.holder} (${o.grantedOn})`);
    const id = securityId("option", o.holder);
    const date = dated(o.grantedOn);
    const terms = o.vesting ? vestingTermsFor(o.vesting.months, o.vesting.cliffMonths) : undefined;
    transactions.push({
      date,
      json: {
        object_type: "TX_EQUITY_COMPENSATION_ISSUANCE",
        id: `tx-${id}`,
        date,
        security_id: id,
        custom_id: id,
        stakeholder_id: stakeholder(o.holder),
        compensation_type: "OPTION",
        quantity: o.shares.toString(),
        exercise_price: perShare(o.strike),
        stock_plan_id: o.poolId,
        stock_class_id: o.classId,
        ...(terms ? { vesting_terms_id: terms } : {}),
        expiration_date: null,
        termination_exercise_windows: [],
        security_law_exemptions: [],
      },
    });
    if (o.vesting) transactions.push({ date: o.vesting.start, json: { object_type: "TX_VESTING_START", id: `tx-${id}-vesting-start`, date: o.vesting.start, security_id: id, vesting_condition_id: "start" } });
  }

  function exportWarrant(w: Warrant, at: Located | undefined, what: string): void {
    if (w.condition) return note(`${what}: a warrant over ${w.shares} shares to ${w.holder} waits for the condition "${w.condition}"; OCF has no conditional issuance, so it is not in the package`, at);
    if (w.issuedOn !== undefined && w.issuedOn > asOf) return void later.push(`a warrant over ${w.shares} shares to ${w.holder} (${w.issuedOn})`);
    placeholders.add("warrants: purchase price 0 (the model does not state one)");
    const id = securityId("warrant", w.holder);
    const date = dated(w.issuedOn);
    transactions.push({
      date,
      json: {
        object_type: "TX_WARRANT_ISSUANCE",
        id: `tx-${id}`,
        date,
        security_id: id,
        custom_id: id,
        stakeholder_id: stakeholder(w.holder),
        quantity: w.shares.toString(),
        exercise_price: perShare(w.strike),
        purchase_price: monetaryMajor(ratio(0n)),
        exercise_triggers: [
          {
            type: "ELECTIVE_AT_WILL",
            trigger_id: "exercise",
            conversion_right: { type: "WARRANT_CONVERSION_RIGHT", conversion_mechanism: { type: "FIXED_AMOUNT_CONVERSION", converts_to_quantity: w.shares.toString() }, converts_to_stock_class_id: w.classId },
          },
        ],
        security_law_exemptions: [],
      },
    });
  }

  // The financing's tranches are stock issuances at the round price.
  tranches.forEach((h, i) => {
    if (h.kind === "shares") issueStock(h, financing?.result.roundPrice, trancheAt[i], `the ${financing?.round ?? ""} tranche of ${h.holder}`);
  });

  // SAFEs and notes: the issuance, and — once the financing is on or before the package's date —
  // its conversion and the stock issued for it.
  section.convertibles.forEach((c, i) => {
    const issued = c.issued?.iso;
    const what = `${c.kind === "safe" ? "SAFE" : "note"} "${c.id}"`;
    if (issued !== undefined && issued > asOf) return void later.push(`${what} of ${c.holder} (${issued})`);
    if (c.kind === "safe" && !issued) placeholders.add(`SAFEs without an issue date are dated ${earliest}`);
    if (c.kind === "safe") placeholders.add("convertibles: seniority 1 (the model does not rank convertibles)");
    // The convertible's own id is its security id, so an imported SAFE keeps its name.
    const id = c.id || `convertible-${i + 1}`;
    const date = dated(issued);
    transactions.push({ date, json: convertibleIssuance(c, id, date, stakeholder(c.holder), money, decimal) });
    const conversionIndex = financing?.result.conversions.findIndex((x) => x.instrumentId === c.id) ?? -1;
    const conversion = financing?.result.conversions[conversionIndex];
    const holding = conversions[conversionIndex];
    if (!financing || !conversion || !holding || holding.kind !== "shares") return;
    if (!financed) return void later.push(`the conversion of ${what} into ${conversion.shares} ${financing.classId} shares (${financing.date})`);
    const resulting = issueStock(holding, conversion.conversionPrice, c.at, `the conversion of ${what}`);
    transactions.push({
      date: financing.date,
      json: { object_type: "TX_CONVERTIBLE_CONVERSION", id: `tx-${id}-conversion`, date: financing.date, security_id: id, reason_text: `converted in the priced round ${financing.round}`, trigger_id: "next-equity-financing", resulting_security_ids: resulting ? [resulting] : [] },
    });
  });

  if (later.length > 0) note(`${later.length} event(s) dated after the package's date, ${asOf}, are not in it: ${later.join("; ")}`, section.at, "export with a later --at to include them");
  if (section.financing && financing) {
    const topUp = section.financing.topUp;
    const rule = topUp.kind === "target" ? `a pool top-up to ${decimal(ratio(topUp.fraction.num * 100n, topUp.fraction.den))} % of the post-money` : topUp.kind === "increase" ? `a pool increase of ${topUp.shares} shares` : "no pool top-up";
    note(
      `the financing "${financing.round}" is a rule (pre-money ${toDecimalString(financing.preMoney, currency)} ${currency}, ${rule}, conversions at the round price); OCF records securities, not how a round is priced, so the package holds ${financed ? "its outcome: the shares issued, the conversions and the pool adjustment" : `none of it: the round is after ${asOf}`}`,
      section.financing.at,
    );
  }
  const contracts = model.contracts;
  if (contracts.length > 0) note(`${contracts.length} contract(s) of the model (${contracts.map((c) => c.name).join(", ")}) are commercial agreements, not securities; OCF describes a cap table only`, contracts[0]?.at);
  if (model.forecasts.length > 0) note(`the forecasts of ${model.forecasts.map((f) => f.company.name).join(", ")} have no place in a cap table`, model.forecasts[0]?.at);
  if (model.flows.length > 0) note(`${model.flows.length} flow(s) between parties have no place in a cap table`, model.flows[0]?.at);
  const others = model.equity.filter((e) => e.company.name !== eq.company);
  if (others.length > 0) note(`the equity of ${others.map((e) => e.company.name).join(", ")} is not exported: an OCF package is one issuer's (choose it with --company)`, others[0]?.at);

  placeholders.add(`issuer: formation date ${earliest} (the earliest date in the model) and country of formation US`);
  placeholders.add("stakeholders: INSTITUTION (the model does not say whether a holder is a person)");
  report.push(warning("W_OCF_PLACEHOLDER", `OCF requires fields the model does not state; they are written as: ${[...placeholders].sort().join("; ")}`, { span: section.at.span, path: section.at.path, hint: "correct them in the package before sharing it" }));

  transactions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const stakeholders = [...stakeholderIds].map(([name, id]) => ({ object_type: "STAKEHOLDER", id, name: { legal_name: name }, stakeholder_type: "INSTITUTION" }));
  const file = (name: string, fileType: string, items: readonly unknown[]) => ({ name, text: `${JSON.stringify({ file_type: fileType, items }, null, 2)}\n`, objects: items.length });
  const files = [
    file("Stakeholders.ocf.json", "OCF_STAKEHOLDERS_FILE", stakeholders),
    file("StockClasses.ocf.json", "OCF_STOCK_CLASSES_FILE", stockClasses),
    file("StockPlans.ocf.json", "OCF_STOCK_PLANS_FILE", stockPlans),
    file("VestingTerms.ocf.json", "OCF_VESTING_TERMS_FILE", [...vestingTerms.values()]),
    file("Transactions.ocf.json", "OCF_TRANSACTIONS_FILE", transactions.map((t) => t.json)),
    file("StockLegends.ocf.json", "OCF_STOCK_LEGEND_TEMPLATES_FILE", []),
    file("Valuations.ocf.json", "OCF_VALUATIONS_FILE", []),
  ];
  const listed = (name: string) => [{ filepath: `./${name}`, md5: createHash("md5").update(files.find((f) => f.name === name)?.text ?? "").digest("hex") }];
  const manifest = {
    ocf_version: OCF_VERSION,
    file_type: "OCF_MANIFEST_FILE",
    issuer: { object_type: "ISSUER", id: `issuer-${slug(eq.company) || "company"}`, legal_name: eq.company, formation_date: earliest, country_of_formation: "US" },
    as_of: asOf,
    generated_at: options.generatedAt,
    stakeholders_files: listed("Stakeholders.ocf.json"),
    stock_classes_files: listed("StockClasses.ocf.json"),
    stock_plans_files: listed("StockPlans.ocf.json"),
    vesting_terms_files: listed("VestingTerms.ocf.json"),
    transactions_files: listed("Transactions.ocf.json"),
    stock_legend_templates_files: listed("StockLegends.ocf.json"),
    valuations_files: listed("Valuations.ocf.json"),
  };
  return { files: [{ name: MANIFEST_NAME, text: `${JSON.stringify(manifest, null, 2)}\n`, objects: 1 }, ...files], report, asOf };
}

function convertibleIssuance(c: ConvertibleInput, id: string, date: string, stakeholderId: string, money: (m: Money) => Json, decimal: (r: Ratio) => string): Json {
  const terms = { ...(c.cap ? { conversion_valuation_cap: money(c.cap.value) } : {}), ...(c.discount ? { conversion_discount: decimal(c.discount.value) } : {}) };
  const right = (mechanism: Json) => ({ type: "CONVERTIBLE_CONVERSION_RIGHT", conversion_mechanism: mechanism, converts_to_future_round: true });
  const nextRound = (mechanism: Json) => ({ type: "AUTOMATIC_ON_CONDITION", trigger_id: "next-equity-financing", trigger_condition: "the next priced equity financing", conversion_right: right(mechanism) });
  const base = { object_type: "TX_CONVERTIBLE_ISSUANCE", id: `tx-${id}`, date, security_id: id, custom_id: c.id, stakeholder_id: stakeholderId, seniority: 1, security_law_exemptions: [] };
  if (c.kind === "safe") {
    const mechanism = { type: "SAFE_CONVERSION", conversion_mfn: c.mfn, conversion_timing: c.basis === "pre-money" ? "PRE_MONEY" : "POST_MONEY", ...terms };
    return { ...base, convertible_type: "SAFE", investment_amount: money(c.amount.value), conversion_triggers: [nextRound(mechanism)] };
  }
  const mechanism = {
    type: "CONVERTIBLE_NOTE_CONVERSION",
    interest_rates: [{ rate: decimal(c.rate.value), accrual_start_date: c.issued.iso }],
    day_count_convention: c.dayCount === "act/365" ? "ACTUAL_365" : "30_360",
    interest_payout: "DEFERRED",
    interest_accrual_period: c.compounding === "monthly" ? "MONTHLY" : "ANNUAL",
    compounding_type: c.compounding === "simple" ? "SIMPLE" : "COMPOUNDING",
    ...terms,
  };
  // The maturity is an automatic trigger on its date: dealgraph reads a note's maturity from it.
  const maturity = { type: "AUTOMATIC_ON_DATE", trigger_id: "maturity", trigger_date: c.maturity.iso, conversion_right: right(mechanism) };
  return { ...base, convertible_type: "NOTE", investment_amount: money(c.principal.value), conversion_triggers: [nextRound(mechanism), maturity] };
}
