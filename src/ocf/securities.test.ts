/**
 * The security ledger, by example: small packages of our own invented company, Fernhill
 * Instruments, written inline — the same stakeholders, classes and plan each time, and the
 * transactions under test — imported, and their cap table read with literal numbers.
 */
import { describe, expect, it } from "vitest";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { ratio } from "../money/ratio.js";
import { importPackage, type ImportedEquity } from "./import-package.js";
import { renderImportedModel } from "./model-text.js";
import { MANIFEST_NAME, readPackage } from "./read-package.js";
import { capTableOf } from "./test-support/cap-table.js";

type Json = Record<string, unknown>;

const usd = (amount: string) => ({ amount, currency: "USD" });
const stock = (id: string, securityId: string, holder: string, quantity: string, date: string, more: Json = {}): Json => ({
  object_type: "TX_STOCK_ISSUANCE", id, security_id: securityId, custom_id: id, date, stakeholder_id: holder, stock_class_id: "cls-common",
  quantity, share_price: usd("0.01"), stock_legend_ids: [], security_law_exemptions: [], ...more,
});
const option = (id: string, securityId: string, holder: string, quantity: string, date: string, more: Json = {}): Json => ({
  object_type: "TX_EQUITY_COMPENSATION_ISSUANCE", id, security_id: securityId, custom_id: id, date, stakeholder_id: holder, compensation_type: "OPTION_NSO",
  quantity, exercise_price: usd("0.25"), stock_plan_id: "plan-2024", expiration_date: null, termination_exercise_windows: [], security_law_exemptions: [], ...more,
});
const warrant = (id: string, securityId: string, holder: string, quantity: string, date: string): Json => ({
  object_type: "TX_WARRANT_ISSUANCE", id, security_id: securityId, custom_id: id, date, stakeholder_id: holder, quantity, exercise_price: usd("0.50"), purchase_price: usd("0"),
  exercise_triggers: [{ type: "ELECTIVE_AT_WILL", trigger_id: "at-will", conversion_right: { type: "WARRANT_CONVERSION_RIGHT", converts_to_stock_class_id: "cls-common", conversion_mechanism: { type: "FIXED_AMOUNT_CONVERSION", converts_to_quantity: quantity } } }],
  security_law_exemptions: [],
});
const safe = (id: string, securityId: string, holder: string, amount: string, date: string): Json => ({
  object_type: "TX_CONVERTIBLE_ISSUANCE", id, security_id: securityId, custom_id: id, date, stakeholder_id: holder, convertible_type: "SAFE", investment_amount: usd(amount), seniority: 1,
  conversion_triggers: [{ type: "AUTOMATIC_ON_CONDITION", trigger_id: "next-round", trigger_condition: "an equity financing", conversion_right: { type: "CONVERTIBLE_CONVERSION_RIGHT", converts_to_future_round: true, conversion_mechanism: { type: "SAFE_CONVERSION", conversion_mfn: false, conversion_timing: "POST_MONEY", conversion_valuation_cap: usd("6000000") } } }],
  security_law_exemptions: [],
});
/** A lifecycle transaction: its type, id, security, date and fields. */
const tx = (object_type: string, id: string, security_id: string, date: string, more: Json = {}): Json => ({ object_type, id, security_id, date, ...more });

const COMMON = { object_type: "STOCK_CLASS", id: "cls-common", name: "Common", class_type: "COMMON", default_id_prefix: "C-", initial_shares_authorized: "10000000", votes_per_share: "1", seniority: "1" };
const SEED = { object_type: "STOCK_CLASS", id: "cls-seed", name: "Seed Preferred", class_type: "PREFERRED", default_id_prefix: "S-", initial_shares_authorized: "2000000", votes_per_share: "1", seniority: "2" };
const PLAN = { object_type: "STOCK_PLAN", id: "plan-2024", plan_name: "2024 Plan", initial_shares_reserved: "500000", stock_class_ids: ["cls-common"] };
const PEOPLE = [
  ["sh-mara", "Mara Lind"],
  ["sh-oskar", "Oskar Brandt"],
  ["sh-juno", "Juno Park"],
  ["sh-kestrel", "Kestrel Bank"],
].map(([id, name]) => ({ object_type: "STAKEHOLDER", id, name: { legal_name: name }, stakeholder_type: "INDIVIDUAL" }));

/** Fernhill's founders' stock, the same in every package: Mara 1,000,000 and Oskar 300,000 common. */
const FOUNDERS = [stock("tx-mara", "sec-mara", "sh-mara", "1000000", "2023-01-10"), stock("tx-oskar", "sec-oskar", "sh-oskar", "300000", "2023-01-10")];

interface Imported {
  readonly equity?: ImportedEquity;
  readonly diagnostics: Array<[string, string]>;
  /** The cap table on the package's date, one line per holder and class: what is non-zero. */
  readonly table: string[];
}

/** Twelve months, a twelfth each month from the vesting start. */
const MONTHLY_12 = {
  object_type: "VESTING_TERMS", id: "vt-12", name: "12 months", description: "a twelfth a month", allocation_type: "CUMULATIVE_ROUND_DOWN",
  vesting_conditions: [
    { id: "start", quantity: "0", trigger: { type: "VESTING_START_DATE" }, next_condition_ids: ["monthly"] },
    { id: "monthly", portion: { numerator: "1", denominator: "12" }, trigger: { type: "VESTING_SCHEDULE_RELATIVE", period: { length: 1, type: "MONTHS", occurrences: 12, day_of_month: "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH" }, relative_to_condition_id: "start" }, next_condition_ids: [] },
  ],
};

interface InlineOptions {
  readonly asOf?: string;
  readonly classes?: Json[];
  readonly plan?: Json;
  readonly skipInvalid?: boolean;
  /** Ids another check found wrong (readPackage's `exclude`). */
  readonly exclude?: ReadonlySet<string>;
  /** Files of the package replaced (or, when undefined, removed) by name. */
  readonly files?: Record<string, Json | undefined>;
}

function importInline(transactions: Json[], options: InlineOptions = {}): Imported {
  const asOf = options.asOf ?? "2025-06-30";
  const files: Record<string, Json> = {
    [MANIFEST_NAME]: {
      ocf_version: "1.2.0", file_type: "OCF_MANIFEST_FILE", as_of: asOf, generated_at: "2025-07-01T09:00:00Z",
      issuer: { object_type: "ISSUER", id: "issuer-fernhill", legal_name: "Fernhill Instruments", formation_date: "2023-01-02", country_of_formation: "US" },
      stakeholders_files: [{ filepath: "./Stakeholders.ocf.json" }], stock_classes_files: [{ filepath: "./StockClasses.ocf.json" }],
      stock_plans_files: [{ filepath: "./StockPlans.ocf.json" }], vesting_terms_files: [{ filepath: "./VestingTerms.ocf.json" }], transactions_files: [{ filepath: "./Transactions.ocf.json" }],
    },
    "Stakeholders.ocf.json": { file_type: "OCF_STAKEHOLDERS_FILE", items: PEOPLE },
    "StockClasses.ocf.json": { file_type: "OCF_STOCK_CLASSES_FILE", items: options.classes ?? [COMMON] },
    "StockPlans.ocf.json": { file_type: "OCF_STOCK_PLANS_FILE", items: [options.plan ?? PLAN] },
    "VestingTerms.ocf.json": { file_type: "OCF_VESTING_TERMS_FILE", items: [MONTHLY_12] },
    "Transactions.ocf.json": { file_type: "OCF_TRANSACTIONS_FILE", items: transactions },
  };
  for (const [name, file] of Object.entries(options.files ?? {})) {
    if (file) files[name] = file;
    else delete files[name];
  }
  const readFile = (name: string) => (files[name] ? { ok: true as const, text: JSON.stringify(files[name], null, 2) } : { ok: false as const, reason: "ENOENT" });
  const skip = options.skipInvalid === true;
  const read = readPackage("fernhill", readFile, (dir, file) => `${dir}/${file}`, { skipInvalid: skip, ...(options.exclude ? { exclude: options.exclude } : {}) });
  const imported = read.value ? importPackage(read.value, { skipInvalid: skip }) : { diagnostics: [] as Diagnostic[] };
  const diagnostics = sortDiagnostics([...read.diagnostics, ...imported.diagnostics]).map((d): [string, string] => [d.code, d.message]);
  // As the import operation does: an error anywhere, in reading or importing, imports nothing.
  if (!imported.value || diagnostics.some(([code]) => code.startsWith("E_"))) return { diagnostics, table: [] };
  const table = capTableOf("fernhill.yaml", renderImportedModel(imported.value, "fernhill"), asOf);
  const lines = (table?.rows ?? []).map((r) => {
    const parts = r.holder.startsWith("pool:")
      ? [`${r.fullyDiluted.num} unissued`]
      : [r.issued && `${r.issued} issued`, r.optionsGranted && `${r.optionsGranted} options (${r.optionsVested} vested)`, r.warrants && `${r.warrants} warrants`].filter(Boolean);
    return `${r.holder} ${r.classId}: ${parts.join(", ")}`;
  });
  return { equity: imported.value, diagnostics, table: lines };
}

describe("the security ledger", () => {
  describe("stock", () => {
    it("a cancellation in part: the balance security holds what is left", () => {
      const r = importInline([
        ...FOUNDERS,
        tx("TX_STOCK_CANCELLATION", "tx-cancel", "sec-mara", "2024-03-01", { quantity: "250000", reason_text: "unvested at departure", balance_security_id: "sec-mara-2" }),
        stock("tx-mara-2", "sec-mara-2", "sh-mara", "750000", "2024-03-01"),
      ]);
      expect(r.diagnostics).toEqual([]);
      expect(r.table).toEqual(["Oskar Brandt common: 300000 issued", "Mara Lind common: 750000 issued", "pool:2024-plan common: 500000 unissued"]);
      // The holding is the balance security, issued on the date of the cancellation.
      expect(r.equity?.holdings[1]).toEqual({ holder: "Mara Lind", classId: "common", shares: 750_000n, issued: "2024-03-01" });
    });

    it("a transfer to another holder: the transferee's issuance holds the shares moved, the balance the rest", () => {
      const r = importInline([
        ...FOUNDERS,
        tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-mara", "2024-05-20", { quantity: "400000", resulting_security_ids: ["sec-juno"], balance_security_id: "sec-mara-2" }),
        stock("tx-juno", "sec-juno", "sh-juno", "400000", "2024-05-20", { share_price: usd("0.80") }),
        stock("tx-mara-2", "sec-mara-2", "sh-mara", "600000", "2024-05-20"),
      ]);
      expect(r.diagnostics).toEqual([]);
      expect(r.table).toEqual(["Oskar Brandt common: 300000 issued", "Juno Park common: 400000 issued", "Mara Lind common: 600000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("a balance or resulting security whose count does not add up is used as issued, with a warning", () => {
      const r = importInline([
        ...FOUNDERS,
        tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-mara", "2024-05-20", { quantity: "400000", resulting_security_ids: ["sec-juno"], balance_security_id: "sec-mara-2" }),
        stock("tx-juno", "sec-juno", "sh-juno", "390000", "2024-05-20"),
        stock("tx-mara-2", "sec-mara-2", "sh-mara", "610000", "2024-05-20"),
      ]);
      expect(r.diagnostics).toEqual([
        ["W_OCF_APPROXIMATED", 'stock transfer "tx-transfer", field resulting_security_ids: the resulting securities hold 390000 in all, but the transaction takes 400000; the resulting issuances\' counts are used'],
        ["W_OCF_APPROXIMATED", 'stock transfer "tx-transfer", field balance_security_id: the balance security "sec-mara-2" holds 610000, but 1000000 − 400000 = 600000 remain; its issuance\'s 610000 are used'],
      ]);
      expect(r.table).toEqual(["Oskar Brandt common: 300000 issued", "Juno Park common: 390000 issued", "Mara Lind common: 610000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("a repurchase of all the shares consumes the security; one in part without a balance keeps the rest, with a warning", () => {
      const r = importInline([
        ...FOUNDERS,
        tx("TX_STOCK_REPURCHASE", "tx-buyback-oskar", "sec-oskar", "2024-09-01", { quantity: "300000", price: usd("0.40") }),
        tx("TX_STOCK_REPURCHASE", "tx-buyback-mara", "sec-mara", "2024-09-01", { quantity: "100000", price: usd("0.40") }),
      ]);
      expect(r.table).toEqual(["Mara Lind common: 900000 issued", "pool:2024-plan common: 500000 unissued"]);
      expect(r.diagnostics).toEqual([
        [
          "W_OCF_APPROXIMATED",
          'stock repurchase "tx-buyback-mara", field balance_security_id: takes 100000 of the 1000000 of security "sec-mara" and names no balance security; the 900000 left are read as still held under "sec-mara"',
        ],
      ]);
    });

    it("a retraction withdraws the whole security; an acceptance changes nothing", () => {
      const r = importInline([...FOUNDERS, tx("TX_STOCK_ACCEPTANCE", "tx-accept", "sec-mara", "2023-01-11"), tx("TX_STOCK_RETRACTION", "tx-retract", "sec-oskar", "2023-02-01", { reason_text: "issued in error" })]);
      expect(r.diagnostics).toEqual([]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("a 2:1 split doubles the class's stock issued before it, not what is issued after", () => {
      const r = importInline([
        ...FOUNDERS,
        { object_type: "TX_STOCK_CLASS_SPLIT", id: "tx-split", date: "2024-06-01", stock_class_id: "cls-common", split_ratio: { numerator: "2", denominator: "1" } },
        stock("tx-juno", "sec-juno", "sh-juno", "100000", "2024-07-01"),
      ]);
      // The plan's reserve is counted in the class's shares, so it is split with them, with a warning: OCF does not say.
      expect(r.diagnostics).toEqual([["W_OCF_APPROXIMATED", 'stock class split "tx-split", field split_ratio: the reserve of stock plan "plan-2024" over the class is read as split with it, 500000 → 1000000 shares']]);
      expect(r.table).toEqual(["Mara Lind common: 2000000 issued", "Oskar Brandt common: 600000 issued", "Juno Park common: 100000 issued", "pool:2024-plan common: 1000000 unissued"]);
    });

    it("a split of common: a preferred class converting into it converts into as many more, and the plan's reserve grows with it, unless the package states them again", () => {
      const seed = { ...SEED, price_per_share: usd("1.00"), conversion_rights: [{ type: "STOCK_CLASS_CONVERSION_RIGHT", conversion_mechanism: { type: "RATIO_CONVERSION", ratio: { numerator: "1", denominator: "1" }, conversion_price: usd("1.00"), rounding_type: "NORMAL" }, converts_to_stock_class_id: "cls-common" }] };
      const split = { object_type: "TX_STOCK_CLASS_SPLIT", id: "tx-split", date: "2024-06-01", stock_class_id: "cls-common", split_ratio: { numerator: "2", denominator: "1" } };
      const transactions = [
        ...FOUNDERS,
        stock("tx-juno-seed", "sec-juno-seed", "sh-juno", "200000", "2024-01-15", { stock_class_id: "cls-seed", share_price: usd("1.00") }),
        stock("tx-kestrel-rsa", "sec-kestrel-rsa", "sh-kestrel", "50000", "2024-02-01", { stock_plan_id: "plan-2024" }),
        split,
      ];
      const r = importInline(transactions, { classes: [COMMON, seed] });
      expect(r.diagnostics).toEqual([
        ["W_OCF_APPROXIMATED", 'stock class split "tx-split", field split_ratio: the reserve of stock plan "plan-2024" over the class is read as split with it, 500000 → 1000000 shares'],
        ["W_OCF_APPROXIMATED", 'stock class split "tx-split", field split_ratio: the class seed-preferred converts into the split class; its conversion ratio is read as split with it, 1 → 2'],
      ]);
      expect(r.equity?.classes[1]).toMatchObject({ id: "seed-preferred", conversionRatio: ratio(2n) });
      // 1,000,000 reserved after the split, less the restricted stock issued from it, 50,000 split into 100,000.
      expect(r.equity?.pools).toEqual([{ id: "2024-plan", classId: "common", reserved: 900_000n }]);
      expect(r.table).toEqual(["Mara Lind common: 2000000 issued", "Oskar Brandt common: 600000 issued", "Juno Park seed-preferred: 200000 issued", "Kestrel Bank common: 100000 issued", "pool:2024-plan common: 900000 unissued"]);

      // A pool adjustment and a conversion ratio adjustment after the split state the reserve and the ratio: no warning, their numbers.
      const stated = importInline(
        [
          ...transactions,
          { object_type: "TX_STOCK_PLAN_POOL_ADJUSTMENT", id: "tx-pool", date: "2024-06-01", stock_plan_id: "plan-2024", shares_reserved: "1200000", board_approval_date: "2024-05-20" },
          { object_type: "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT", id: "tx-ratio", date: "2024-06-02", stock_class_id: "cls-seed", new_ratio_conversion_mechanism: { type: "RATIO_CONVERSION", conversion_price: usd("0.40"), ratio: { numerator: "5", denominator: "2" }, rounding_type: "NORMAL" } },
        ],
        { classes: [COMMON, seed] },
      );
      expect(stated.diagnostics).toEqual([]);
      expect(stated.equity?.classes[1]).toMatchObject({ id: "seed-preferred", conversionRatio: ratio(5n, 2n) });
      expect(stated.equity?.pools).toEqual([{ id: "2024-plan", classId: "common", reserved: 1_100_000n }]);
    });

    it("a split of common before a preferred class is first issued leaves its ratio as stated; a split of the preferred class says its price and ratio are kept", () => {
      const seed = { ...SEED, price_per_share: usd("1.00"), conversion_rights: [{ type: "STOCK_CLASS_CONVERSION_RIGHT", conversion_mechanism: { type: "RATIO_CONVERSION", ratio: { numerator: "1", denominator: "1" }, conversion_price: usd("1.00"), rounding_type: "NORMAL" }, converts_to_stock_class_id: "cls-common" }] };
      const commonSplit = { object_type: "TX_STOCK_CLASS_SPLIT", id: "tx-common-split", date: "2024-01-01", stock_class_id: "cls-common", split_ratio: { numerator: "2", denominator: "1" } };
      const seedSplit = { object_type: "TX_STOCK_CLASS_SPLIT", id: "tx-seed-split", date: "2024-06-01", stock_class_id: "cls-seed", split_ratio: { numerator: "2", denominator: "1" } };
      const r = importInline([...FOUNDERS, commonSplit, stock("tx-juno-seed", "sec-juno-seed", "sh-juno", "200000", "2024-02-01", { stock_class_id: "cls-seed", share_price: usd("1.00") }), seedSplit], { classes: [COMMON, seed] });
      expect(r.diagnostics).toEqual([
        ["W_OCF_APPROXIMATED", 'stock class split "tx-common-split", field split_ratio: the reserve of stock plan "plan-2024" over the class is read as split with it, 500000 → 1000000 shares'],
        ["W_OCF_APPROXIMATED", 'stock class split "tx-seed-split", field split_ratio: the preferred class seed-preferred is split; its issue price and conversion ratio are read as the package states them, not divided by the split'],
      ]);
      expect(r.equity?.classes[1]).toEqual({ kind: "preferred", id: "seed-preferred", issuePrice: ratio(1n), preference: ratio(1n), participation: { kind: "non-participating" }, seniority: 1, convertsInto: "common" });
      expect(r.table).toEqual(["Mara Lind common: 2000000 issued", "Oskar Brandt common: 600000 issued", "Juno Park seed-preferred: 400000 issued", "pool:2024-plan common: 1000000 unissued"]);
    });

    it("a 3:2 split that gives part of a share rounds each security down, with a warning", () => {
      const r = importInline([stock("tx-juno", "sec-juno", "sh-juno", "1001", "2023-01-10"), { object_type: "TX_STOCK_CLASS_SPLIT", id: "tx-split", date: "2024-06-01", stock_class_id: "cls-common", split_ratio: { numerator: "3", denominator: "2" } }]);
      expect(r.table[0]).toBe("Juno Park common: 1501 issued");
      expect(r.diagnostics).toEqual([
        ["W_OCF_APPROXIMATED", 'stock class split "tx-split", field split_ratio: the split gives part of a share to "sec-juno"; dealgraph counts whole shares and rounds down'],
        ["W_OCF_APPROXIMATED", 'stock class split "tx-split", field split_ratio: the reserve of stock plan "plan-2024" over the class is read as split with it, 500000 → 750000 shares'],
      ]);
    });

    it("a vesting acceleration or event on restricted stock is reported as not read: holdings do not vest", () => {
      const r = importInline([
        ...FOUNDERS,
        tx("TX_VESTING_ACCELERATION", "tx-acc", "sec-mara", "2024-01-01", { quantity: "100000", reason_text: "board decision" }),
        tx("TX_VESTING_EVENT", "tx-event", "sec-oskar", "2024-02-01", { vesting_condition_id: "milestone" }),
      ]);
      expect(r.diagnostics).toEqual([
        ["W_OCF_UNSUPPORTED", 'vesting acceleration "tx-acc", field security_id: the vesting of stock is not read: dealgraph\'s holdings do not vest, so the security "sec-mara" counts in full as issued stock'],
        ["W_OCF_UNSUPPORTED", 'vesting event "tx-event", field security_id: the vesting of stock is not read: dealgraph\'s holdings do not vest, so the security "sec-oskar" counts in full as issued stock'],
      ]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("a conversion ratio adjustment sets the class's ratio", () => {
      const seed = { ...SEED, price_per_share: usd("1.00"), conversion_rights: [{ type: "STOCK_CLASS_CONVERSION_RIGHT", conversion_mechanism: { type: "RATIO_CONVERSION", ratio: { numerator: "1", denominator: "1" }, conversion_price: usd("1.00"), rounding_type: "NORMAL" }, converts_to_stock_class_id: "cls-common" }] };
      const adjustment = { object_type: "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT", id: "tx-reprice", date: "2025-01-10", stock_class_id: "cls-seed", new_ratio_conversion_mechanism: { type: "RATIO_CONVERSION", conversion_price: usd("0.80"), ratio: { numerator: "5", denominator: "4" }, rounding_type: "NORMAL" } };
      const r = importInline([...FOUNDERS, adjustment], { classes: [COMMON, seed] });
      expect(r.diagnostics).toEqual([]);
      expect(r.equity?.classes[1]).toMatchObject({ id: "seed-preferred", conversionRatio: ratio(5n, 4n) });
    });

    it("a conversion of preferred into common: the preferred is consumed, the common issued for it counts", () => {
      const seed = { ...SEED, price_per_share: usd("1.00"), conversion_rights: [{ type: "STOCK_CLASS_CONVERSION_RIGHT", conversion_mechanism: { type: "RATIO_CONVERSION", ratio: { numerator: "1", denominator: "1" }, conversion_price: usd("1.00"), rounding_type: "NORMAL" }, converts_to_stock_class_id: "cls-common" }] };
      const r = importInline(
        [
          ...FOUNDERS,
          stock("tx-juno-seed", "sec-juno-seed", "sh-juno", "200000", "2024-01-15", { stock_class_id: "cls-seed", share_price: usd("1.00") }),
          tx("TX_STOCK_CONVERSION", "tx-convert", "sec-juno-seed", "2025-02-01", { quantity_converted: "200000", resulting_security_ids: ["sec-juno-common"] }),
          stock("tx-juno-common", "sec-juno-common", "sh-juno", "200000", "2025-02-01"),
        ],
        { classes: [COMMON, seed] },
      );
      expect(r.diagnostics).toEqual([]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "Juno Park common: 200000 issued", "pool:2024-plan common: 500000 unissued"]);
    });
  });

  describe("options and warrants", () => {
    it("an option exercised into common: options down, common up, the pool's reserve less the shares issued from it", () => {
      const r = importInline([
        ...FOUNDERS,
        option("tx-grant-juno", "sec-juno-option", "sh-juno", "100000", "2024-02-01"),
        tx("TX_EQUITY_COMPENSATION_EXERCISE", "tx-exercise", "sec-juno-option", "2025-01-15", { quantity: "40000", resulting_security_ids: ["sec-juno-common"] }),
        stock("tx-juno-common", "sec-juno-common", "sh-juno", "40000", "2025-01-15", { share_price: usd("0.25") }),
      ]);
      expect(r.diagnostics).toEqual([]);
      // Fully diluted stays 1,800,000: 40,000 options became 40,000 shares, and the pool can grant 400,000 more.
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "Juno Park common: 40000 issued, 60000 options (60000 vested)", "pool:2024-plan common: 400000 unissued"]);
      expect(r.equity?.pools).toEqual([{ id: "2024-plan", classId: "common", reserved: 460_000n }]);
    });

    it("an option cancelled returns its shares to the pool, unless the plan retires cancelled shares; a return to pool says where they go", () => {
      const grant = option("tx-grant-juno", "sec-juno-option", "sh-juno", "100000", "2024-02-01");
      const cancel = tx("TX_PLAN_SECURITY_CANCELLATION", "tx-cancel-option", "sec-juno-option", "2024-11-30", { quantity: "100000", reason_text: "left the company" });
      const retiring = { ...PLAN, default_cancellation_behavior: "RETIRE" };
      const returned = tx("TX_STOCK_PLAN_RETURN_TO_POOL", "tx-return", "sec-juno-option", "2024-11-30", { stock_plan_id: "plan-2024", quantity: "100000", reason_text: "board decision" });
      expect(importInline([...FOUNDERS, grant]).table.at(-1)).toBe("pool:2024-plan common: 400000 unissued");
      expect(importInline([...FOUNDERS, grant, cancel]).table.at(-1)).toBe("pool:2024-plan common: 500000 unissued");
      expect(importInline([...FOUNDERS, grant, cancel], { plan: retiring }).table.at(-1)).toBe("pool:2024-plan common: 400000 unissued");
      expect(importInline([...FOUNDERS, grant, cancel, returned], { plan: retiring }).table.at(-1)).toBe("pool:2024-plan common: 500000 unissued");
      expect(importInline([...FOUNDERS, grant, cancel, returned]).table.at(-1)).toBe("pool:2024-plan common: 500000 unissued");
    });

    it("restricted stock issued from the plan uses its reserve once, however often it is transferred or cancelled in part", () => {
      const r = importInline([
        ...FOUNDERS,
        stock("tx-juno-rsa", "sec-juno-rsa", "sh-juno", "100000", "2024-02-01", { stock_plan_id: "plan-2024" }),
        tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-juno-rsa", "2024-06-01", { quantity: "40000", resulting_security_ids: ["sec-kestrel-rsa"], balance_security_id: "sec-juno-rsa-2" }),
        stock("tx-kestrel-rsa", "sec-kestrel-rsa", "sh-kestrel", "40000", "2024-06-01", { stock_plan_id: "plan-2024" }),
        stock("tx-juno-rsa-2", "sec-juno-rsa-2", "sh-juno", "60000", "2024-06-01", { stock_plan_id: "plan-2024" }),
        tx("TX_STOCK_CANCELLATION", "tx-cancel", "sec-juno-rsa-2", "2024-09-01", { quantity: "10000", reason_text: "forfeited", balance_security_id: "sec-juno-rsa-3" }),
        stock("tx-juno-rsa-3", "sec-juno-rsa-3", "sh-juno", "50000", "2024-09-01", { stock_plan_id: "plan-2024" }),
      ]);
      expect(r.diagnostics).toEqual([]);
      // 500,000 reserved, 100,000 issued from it as stock: 400,000 left to grant from.
      expect(r.equity?.pools).toEqual([{ id: "2024-plan", classId: "common", reserved: 400_000n }]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "Kestrel Bank common: 40000 issued", "Juno Park common: 50000 issued", "pool:2024-plan common: 400000 unissued"]);
    });

    it("a warrant exercised in full becomes the stock issued for it", () => {
      const r = importInline([
        ...FOUNDERS,
        warrant("tx-warrant", "sec-kestrel-warrant", "sh-kestrel", "50000", "2024-04-01"),
        tx("TX_WARRANT_EXERCISE", "tx-warrant-exercise", "sec-kestrel-warrant", "2025-03-01", { trigger_id: "at-will", resulting_security_ids: ["sec-kestrel-common"] }),
        stock("tx-kestrel-common", "sec-kestrel-common", "sh-kestrel", "50000", "2025-03-01", { share_price: usd("0.50") }),
      ]);
      expect(r.diagnostics).toEqual([]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "Kestrel Bank common: 50000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("before the exercise date, the package's as-of date shows the warrant, and lists the later transactions in one warning", () => {
      const r = importInline(
        [
          ...FOUNDERS,
          warrant("tx-warrant", "sec-kestrel-warrant", "sh-kestrel", "50000", "2024-04-01"),
          tx("TX_WARRANT_EXERCISE", "tx-warrant-exercise", "sec-kestrel-warrant", "2025-03-01", { trigger_id: "at-will", resulting_security_ids: ["sec-kestrel-common"] }),
          stock("tx-kestrel-common", "sec-kestrel-common", "sh-kestrel", "50000", "2025-03-01", { share_price: usd("0.50") }),
        ],
        { asOf: "2024-12-31" },
      );
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "Kestrel Bank common: 50000 warrants", "pool:2024-plan common: 500000 unissued"]);
      expect(r.diagnostics).toEqual([["W_OCF_AFTER_AS_OF", "2 transaction(s) dated after the package's as_of date, 2024-12-31, are left out: tx-warrant-exercise (2025-03-01), tx-kestrel-common (2025-03-01)"]]);
    });

    it("an option exercised in part keeps vesting on its schedule as a smaller grant, said with a warning", () => {
      const r = importInline([
        { object_type: "TX_VESTING_START", id: "tx-vs", security_id: "sec-juno-option", date: "2024-02-01", vesting_condition_id: "start" },
        option("tx-grant-juno", "sec-juno-option", "sh-juno", "120000", "2024-02-01", { vesting_terms_id: "vt-12" }),
        tx("TX_EQUITY_COMPENSATION_EXERCISE", "tx-exercise", "sec-juno-option", "2024-08-15", { quantity: "20000", resulting_security_ids: ["sec-juno-common"] }),
        stock("tx-juno-common", "sec-juno-common", "sh-juno", "20000", "2024-08-15"),
      ]);
      expect(r.diagnostics).toEqual([
        ["W_OCF_APPROXIMATED", 'equity compensation issuance "tx-grant-juno", field vesting_terms_id: after equity compensation exercise "tx-exercise", the 100000 options left vest on the grant\'s schedule as a grant of 100000; dealgraph cannot count the exercised shares as the first to have vested'],
      ]);
      expect(r.equity?.options).toEqual([{ holder: "Juno Park", pool: "2024-plan", shares: 100_000n, strike: ratio(1n, 4n), granted: "2024-02-01", vesting: { start: "2024-02-01", months: 12, cliffMonths: 0 } }]);
    });

    it("the balance of a grant cancelled in part vests from the original grant's vesting start, said with a warning", () => {
      const r = importInline([
        option("tx-grant-juno", "sec-juno-option", "sh-juno", "120000", "2024-02-01", { vesting_terms_id: "vt-12" }),
        { object_type: "TX_VESTING_START", id: "tx-vs", security_id: "sec-juno-option", date: "2024-01-01", vesting_condition_id: "start" },
        tx("TX_EQUITY_COMPENSATION_CANCELLATION", "tx-cancel", "sec-juno-option", "2024-10-01", { quantity: "24000", reason_text: "resized", balance_security_id: "sec-juno-option-2" }),
        option("tx-grant-juno-2", "sec-juno-option-2", "sh-juno", "96000", "2024-10-01", { vesting_terms_id: "vt-12" }),
      ]);
      expect(r.diagnostics).toEqual([
        ["W_OCF_APPROXIMATED", 'equity compensation issuance "tx-grant-juno-2", field vesting_terms_id: the grant is issued again from equity compensation issuance "tx-grant-juno" (by equity compensation cancellation "tx-cancel") and states no vesting start of its own; it is read as vesting from that grant\'s vesting start, 2024-01-01, on its own count'],
      ]);
      expect(r.equity?.options[0]?.vesting).toEqual({ start: "2024-01-01", months: 12, cliffMonths: 0 });
      // Twelve months from 2024-01-01 by the as-of date: all 96,000 vested (from the balance's own date, 2024-10-01, it would be 8 of 12).
      expect(r.table).toEqual(["Juno Park common: 96000 options (96000 vested)", "pool:2024-plan common: 404000 unissued"]);
    });

    it("an acceleration of everything unvested reads the grant as vested at grant; one of part of it is not applied", () => {
      const grant = option("tx-grant-juno", "sec-juno-option", "sh-juno", "120000", "2024-07-01", { vesting_terms_id: "vt-12" });
      // On 2025-01-01, six months served: 60,000 vested, 60,000 unvested.
      const all = importInline([grant, tx("TX_VESTING_ACCELERATION", "tx-acc", "sec-juno-option", "2025-01-01", { quantity: "60000", reason_text: "acquisition" })]);
      expect(all.equity?.options[0]?.vesting).toBeUndefined();
      expect(all.diagnostics).toEqual([["W_OCF_APPROXIMATED", 'vesting acceleration "tx-acc", field quantity: the acceleration vests the rest of the grant "sec-juno-option" on 2025-01-01; the grant is read as vested at grant, so before 2025-01-01 it shows more vested than the package']]);
      const part = importInline([grant, tx("TX_VESTING_ACCELERATION", "tx-acc", "sec-juno-option", "2025-01-01", { quantity: "10000", reason_text: "bonus" })]);
      expect(part.equity?.options[0]?.vesting).toEqual({ start: "2024-07-01", months: 12, cliffMonths: 0 });
      expect(part.diagnostics).toEqual([["W_OCF_UNSUPPORTED", 'vesting acceleration "tx-acc", field quantity: an acceleration of 10000 of the 60000 unvested shares of the grant "sec-juno-option" is not applied: dealgraph vests a grant on one monthly schedule']]);
    });
  });

  describe("convertibles", () => {
    it("a SAFE cancelled is no longer in the equity section; the other stays", () => {
      const r = importInline([
        ...FOUNDERS,
        safe("tx-safe-juno", "sec-safe-juno", "sh-juno", "150000", "2024-03-01"),
        safe("tx-safe-kestrel", "sec-safe-kestrel", "sh-kestrel", "250000", "2024-03-05"),
        tx("TX_CONVERTIBLE_CANCELLATION", "tx-safe-cancel", "sec-safe-juno", "2024-10-01", { amount: usd("150000"), reason_text: "refunded" }),
      ]);
      expect(r.diagnostics).toEqual([]);
      expect(r.equity?.safes.map((s) => [s.holder, s.amount])).toEqual([["Kestrel Bank", ratio(250_000n)]]);
    });

    it("a SAFE converted in part: quantity_converted is the amount converted, the balance SAFE holds the rest", () => {
      const conversion = (more: Json) => tx("TX_CONVERTIBLE_CONVERSION", "tx-safe-converts", "sec-safe-juno", "2024-10-01", { trigger_id: "next-round", reason_text: "seed round", resulting_security_ids: ["sec-juno-common"], balance_security_id: "sec-safe-juno-2", ...more });
      const transactions = (more: Json) => [...FOUNDERS, safe("tx-safe-juno", "sec-safe-juno", "sh-juno", "150000", "2024-03-01"), conversion(more), stock("tx-juno-common", "sec-juno-common", "sh-juno", "50000", "2024-10-01"), safe("tx-safe-juno-2", "sec-safe-juno-2", "sh-juno", "90000", "2024-10-01")];
      const r = importInline(transactions({ quantity_converted: "60000" }));
      expect(r.diagnostics).toEqual([]);
      expect(r.equity?.safes.map((s) => [s.id, s.amount])).toEqual([["sec-safe-juno-2", ratio(90_000n)]]);
      expect(importInline(transactions({ quantity_converted: "200000" })).diagnostics).toEqual([["E_OCF_QUANTITY", 'convertible conversion "tx-safe-converts", field quantity_converted: takes 200000 from the security "sec-safe-juno", which holds 150000']]);
    });

    it("a warrant exercise, which states no count in OCF 1.2, takes what its balance warrant does not hold", () => {
      const r = importInline([
        ...FOUNDERS,
        warrant("tx-warrant", "sec-kestrel-warrant", "sh-kestrel", "50000", "2024-04-01"),
        tx("TX_WARRANT_EXERCISE", "tx-warrant-exercise", "sec-kestrel-warrant", "2025-03-01", { trigger_id: "at-will", resulting_security_ids: ["sec-kestrel-common"], balance_security_id: "sec-kestrel-warrant-2" }),
        stock("tx-kestrel-common", "sec-kestrel-common", "sh-kestrel", "20000", "2025-03-01", { share_price: usd("0.50") }),
        warrant("tx-warrant-2", "sec-kestrel-warrant-2", "sh-kestrel", "30000", "2025-03-01"),
      ]);
      expect(r.diagnostics).toEqual([]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "Kestrel Bank common: 20000 issued, 30000 warrants", "pool:2024-plan common: 500000 unissued"]);
    });

    it("a SAFE transferred is held by the transferee's convertible", () => {
      const r = importInline([
        ...FOUNDERS,
        safe("tx-safe-juno", "sec-safe-juno", "sh-juno", "150000", "2024-03-01"),
        tx("TX_CONVERTIBLE_TRANSFER", "tx-safe-transfer", "sec-safe-juno", "2024-10-01", { amount: usd("150000"), resulting_security_ids: ["sec-safe-oskar"] }),
        safe("tx-safe-oskar", "sec-safe-oskar", "sh-oskar", "150000", "2024-10-01"),
      ]);
      expect(r.diagnostics).toEqual([]);
      expect(r.equity?.safes.map((s) => [s.id, s.holder, s.amount])).toEqual([["sec-safe-oskar", "Oskar Brandt", ratio(150_000n)]]);
    });
  });

  describe("a preferred class without price_per_share", () => {
    it("takes the one price all its stock was issued at, with a warning", () => {
      const r = importInline([...FOUNDERS, stock("tx-juno-seed", "sec-juno-seed", "sh-juno", "200000", "2024-01-15", { stock_class_id: "cls-seed", share_price: usd("1.25") })], { classes: [COMMON, SEED] });
      expect(r.diagnostics).toEqual([["W_OCF_APPROXIMATED", 'stock class "cls-seed", field price_per_share: is missing; every stock issuance of the class up to 2025-06-30 (1, the securities transactions issue again aside) is at 1.25 USD a share, read as the class\'s original issue price']]);
      expect(r.equity?.classes[1]).toMatchObject({ id: "seed-preferred", issuePrice: ratio(5n, 4n) });
    });

    it("reads the price of the class's first sale, not of stock a transfer issues again, nor of a sale after the package's date", () => {
      const seedStock = (id: string, securityId: string, holder: string, quantity: string, date: string, price: string) => stock(id, securityId, holder, quantity, date, { stock_class_id: "cls-seed", share_price: usd(price) });
      const r = importInline(
        [
          seedStock("tx-juno-seed", "sec-juno-seed", "sh-juno", "200000", "2024-01-15", "1.25"),
          tx("TX_STOCK_TRANSFER", "tx-juno-sells", "sec-juno-seed", "2024-09-01", { quantity: "200000", resulting_security_ids: ["sec-kestrel-seed"] }),
          seedStock("tx-kestrel-seed", "sec-kestrel-seed", "sh-kestrel", "200000", "2024-09-01", "2.10"),
          seedStock("tx-mara-seed", "sec-mara-seed", "sh-mara", "100000", "2025-09-01", "3.00"),
        ],
        { classes: [COMMON, SEED] },
      );
      expect(r.diagnostics).toEqual([
        ["W_OCF_APPROXIMATED", 'stock class "cls-seed", field price_per_share: is missing; every stock issuance of the class up to 2025-06-30 (1, the securities transactions issue again aside) is at 1.25 USD a share, read as the class\'s original issue price'],
        ["W_OCF_AFTER_AS_OF", "1 transaction(s) dated after the package's as_of date, 2025-06-30, are left out: tx-mara-seed (2025-09-01)"],
      ]);
      expect(r.equity?.classes[1]).toMatchObject({ id: "seed-preferred", issuePrice: ratio(5n, 4n) });
    });

    it("is an error when its stock was issued at different prices", () => {
      const r = importInline(
        [stock("tx-juno-seed", "sec-juno-seed", "sh-juno", "200000", "2024-01-15", { stock_class_id: "cls-seed", share_price: usd("1.25") }), stock("tx-mara-seed", "sec-mara-seed", "sh-mara", "100000", "2024-02-15", { stock_class_id: "cls-seed", share_price: usd("1.00") })],
        { classes: [COMMON, SEED] },
      );
      expect(r.diagnostics).toEqual([["E_OCF_SCHEMA", 'stock class "cls-seed", field price_per_share: is missing, and the class\'s stock issuances are at different prices (1.25 USD, 1 USD); dealgraph needs a preferred class\'s original issue price for its preference']]);
    });
  });

  describe("invalid input", () => {
    it("a transaction on a security no issuance creates", () => {
      const r = importInline([...FOUNDERS, tx("TX_STOCK_CANCELLATION", "tx-cancel", "sec-nobody", "2024-03-01", { quantity: "10", reason_text: "typo" })]);
      expect(r.equity).toBeUndefined();
      expect(r.diagnostics).toEqual([["E_OCF_REFERENCE", 'stock cancellation "tx-cancel", field security_id: no issuance in the package creates the security "sec-nobody"']]);
    });

    it("a transaction on a security already consumed", () => {
      const r = importInline([
        ...FOUNDERS,
        tx("TX_STOCK_CANCELLATION", "tx-cancel-1", "sec-oskar", "2024-03-01", { quantity: "300000", reason_text: "forfeited" }),
        tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-oskar", "2024-04-01", { quantity: "300000", resulting_security_ids: ["sec-juno"] }),
        stock("tx-juno", "sec-juno", "sh-juno", "300000", "2024-04-01"),
      ]);
      expect(r.diagnostics).toEqual([["E_OCF_REFERENCE", 'stock transfer "tx-transfer", field security_id: the security "sec-oskar" is no longer outstanding: stock cancellation "tx-cancel-1" consumed it on 2024-03-01']]);
    });

    it("a transfer whose resulting security no issuance creates", () => {
      const r = importInline([...FOUNDERS, tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-oskar", "2024-04-01", { quantity: "300000", resulting_security_ids: ["sec-juno"] })]);
      expect(r.diagnostics).toEqual([["E_OCF_REFERENCE", 'stock transfer "tx-transfer", field resulting_security_ids[0]: no issuance in the package creates the security "sec-juno"']]);
    });

    it("a transaction dated before the security is issued, or on a security of another kind", () => {
      const r = importInline([
        ...FOUNDERS,
        warrant("tx-warrant", "sec-kestrel-warrant", "sh-kestrel", "50000", "2024-04-01"),
        tx("TX_STOCK_CANCELLATION", "tx-early", "sec-mara", "2022-12-01", { quantity: "10", reason_text: "?" }),
        tx("TX_STOCK_CANCELLATION", "tx-wrong-kind", "sec-kestrel-warrant", "2024-05-01", { quantity: "10", reason_text: "?" }),
      ]);
      expect(r.diagnostics).toEqual([
        ["E_OCF_REFERENCE", 'stock cancellation "tx-early", field security_id: the security "sec-mara" is issued only on 2023-01-10 (stock issuance "tx-mara"), after this transaction\'s date 2022-12-01'],
        ["E_OCF_REFERENCE", 'stock cancellation "tx-wrong-kind", field security_id: the security "sec-kestrel-warrant" is a warrant (warrant issuance "tx-warrant"), not stock'],
      ]);
    });

    it("a date the calendar does not have is a schema error at the date, wherever it is; 29 February of a leap year reads", () => {
      const grant = option("tx-grant-juno", "sec-juno-option", "sh-juno", "120000", "2024-02-29", { vesting_terms_id: "vt-12" });
      const r = importInline([
        grant,
        { object_type: "TX_VESTING_START", id: "tx-vs", security_id: "sec-juno-option", date: "2023-02-29", vesting_condition_id: "start" },
        tx("TX_VESTING_ACCELERATION", "tx-acc", "sec-juno-option", "2025-04-31", { quantity: "10000", reason_text: "bonus" }),
      ]);
      expect(r.diagnostics).toEqual([
        ["E_OCF_SCHEMA", 'vesting start "tx-vs", field date: 2023-02-29 is not a day of the calendar'],
        ["E_OCF_SCHEMA", 'vesting acceleration "tx-acc", field date: 2025-04-31 is not a day of the calendar'],
      ]);
      expect(importInline([grant]).equity?.options[0]?.granted).toBe("2024-02-29");
    });

    it("a transaction that names the security it consumes as its balance or resulting security", () => {
      const r = importInline([
        ...FOUNDERS,
        tx("TX_STOCK_CANCELLATION", "tx-cancel", "sec-mara", "2024-03-01", { quantity: "100000", reason_text: "forfeited", balance_security_id: "sec-mara" }),
        tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-oskar", "2024-04-01", { quantity: "300000", resulting_security_ids: ["sec-oskar"] }),
      ]);
      expect(r.diagnostics).toEqual([
        ["E_OCF_REFERENCE", 'stock cancellation "tx-cancel", field balance_security_id: names the security it acts on, "sec-mara", as one it creates'],
        ["E_OCF_REFERENCE", 'stock transfer "tx-transfer", field resulting_security_ids[0]: names the security it acts on, "sec-oskar", as one it creates'],
      ]);
      // With skipInvalid the transactions are left out and the holdings stay whole.
      expect(importInline([...FOUNDERS, tx("TX_STOCK_CANCELLATION", "tx-cancel", "sec-mara", "2024-03-01", { quantity: "100000", reason_text: "forfeited", balance_security_id: "sec-mara" })], { skipInvalid: true }).table).toEqual([
        "Mara Lind common: 1000000 issued",
        "Oskar Brandt common: 300000 issued",
        "pool:2024-plan common: 500000 unissued",
      ]);
    });

    it("a pool adjustment to part of a share is reported at the adjustment; with skipInvalid it is left out", () => {
      const adjustment = { object_type: "TX_STOCK_PLAN_POOL_ADJUSTMENT", id: "tx-pool", date: "2024-06-01", stock_plan_id: "plan-2024", shares_reserved: "750000.5", board_approval_date: "2024-05-20" };
      expect(importInline([...FOUNDERS, adjustment]).diagnostics).toEqual([["E_OCF_QUANTITY", 'pool adjustment "tx-pool", field shares_reserved: 750000.5 is not a whole number of shares']]);
      const skipped = importInline([...FOUNDERS, adjustment], { skipInvalid: true });
      expect(skipped.diagnostics).toEqual([["W_OCF_SKIPPED", 'pool adjustment "tx-pool" left out: field shares_reserved: 750000.5 is not a whole number of shares']]);
      expect(skipped.equity?.pools).toEqual([{ id: "2024-plan", classId: "common", reserved: 500_000n }]);
    });

    it("a transaction that takes more than its security holds", () => {
      const r = importInline([...FOUNDERS, tx("TX_STOCK_CANCELLATION", "tx-cancel", "sec-oskar", "2024-03-01", { quantity: "350000", reason_text: "too many" })]);
      expect(r.diagnostics).toEqual([["E_OCF_QUANTITY", 'stock cancellation "tx-cancel", field quantity: takes 350000 from the security "sec-oskar", which holds 300000']]);
    });
  });

  describe("with skipInvalid", () => {
    it("leaves out an issuance with a dangling reference, and the transactions on its security", () => {
      const r = importInline(
        [
          ...FOUNDERS,
          stock("tx-ghost", "sec-ghost", "sh-nobody", "5000", "2024-01-01"),
          tx("TX_STOCK_TRANSFER", "tx-ghost-transfer", "sec-ghost", "2024-02-01", { quantity: "5000", resulting_security_ids: ["sec-juno"] }),
          stock("tx-juno", "sec-juno", "sh-juno", "5000", "2024-02-01"),
        ],
        { skipInvalid: true },
      );
      expect(r.diagnostics).toEqual([
        ["W_OCF_SKIPPED", 'stock issuance "tx-ghost" left out: field stakeholder_id: no stakeholder has the id "sh-nobody"'],
        ["W_OCF_SKIPPED", 'stock transfer "tx-ghost-transfer" left out: it acts on security "sec-ghost", whose issuance was left out'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-juno" left out: it issues security "sec-juno", which stock transfer "tx-ghost-transfer" creates, and that was left out'],
      ]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("leaves out an amount in a second currency and an issuance that does not read", () => {
      const r = importInline([...FOUNDERS, stock("tx-euro", "sec-euro", "sh-juno", "5000", "2024-01-01", { share_price: { amount: "1", currency: "EUR" } }), stock("tx-broken", "sec-broken", "sh-juno", "many", "2024-01-01")], { skipInvalid: true });
      expect(r.diagnostics).toEqual([
        ["W_OCF_SKIPPED", 'stock issuance "tx-euro" left out: field share_price.currency: share_price is in EUR, but the package\'s amounts are in USD'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-broken" left out: field quantity: must be a fixed-point number as text (at most 10 decimals), such as "1.5"'],
      ]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("leaves out a transfer that takes too much, and the transferee's issuance: the shares stay where they were", () => {
      const r = importInline(
        [...FOUNDERS, tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-oskar", "2024-04-01", { quantity: "350000", resulting_security_ids: ["sec-juno"] }), stock("tx-juno", "sec-juno", "sh-juno", "350000", "2024-04-01")],
        { skipInvalid: true },
      );
      expect(r.diagnostics.map(([code]) => code)).toEqual(["W_OCF_SKIPPED", "W_OCF_SKIPPED"]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("leaves out a transfer that does not read, and the securities it would create: the shares stay where they were", () => {
      const r = importInline(
        [
          ...FOUNDERS,
          tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-oskar", "2024-04-01", { quantity: "1OOOOO", resulting_security_ids: ["sec-juno"], balance_security_id: "sec-oskar-2" }),
          stock("tx-juno", "sec-juno", "sh-juno", "100000", "2024-04-01"),
          stock("tx-oskar-2", "sec-oskar-2", "sh-oskar", "200000", "2024-04-01"),
          tx("TX_STOCK_TRANSFER", "tx-juno-sells", "sec-juno", "2024-08-01", { quantity: "100000", resulting_security_ids: ["sec-kestrel"] }),
          stock("tx-kestrel", "sec-kestrel", "sh-kestrel", "100000", "2024-08-01"),
        ],
        { skipInvalid: true },
      );
      expect(r.diagnostics).toEqual([
        ["W_OCF_SKIPPED", 'stock transfer "tx-transfer" left out: field quantity: must be a fixed-point number as text (at most 10 decimals), such as "1.5"'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-juno" left out: it issues security "sec-juno", which stock transfer "tx-transfer" creates, and that was left out'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-oskar-2" left out: it issues security "sec-oskar-2", which stock transfer "tx-transfer" creates, and that was left out'],
        ["W_OCF_SKIPPED", 'stock transfer "tx-juno-sells" left out: it acts on security "sec-juno", whose issuance was left out'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-kestrel" left out: it issues security "sec-kestrel", which stock transfer "tx-juno-sells" creates, and that was left out'],
      ]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("leaves out a transfer whose transferee's issuance does not read, rather than lose the shares it moves", () => {
      const r = importInline(
        [
          ...FOUNDERS,
          tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-oskar", "2024-04-01", { quantity: "100000", resulting_security_ids: ["sec-juno"], balance_security_id: "sec-oskar-2" }),
          stock("tx-juno", "sec-juno", "sh-juno", "1OOOOO", "2024-04-01"),
          stock("tx-oskar-2", "sec-oskar-2", "sh-oskar", "200000", "2024-04-01"),
        ],
        { skipInvalid: true },
      );
      expect(r.diagnostics).toEqual([
        ["W_OCF_SKIPPED", 'stock transfer "tx-transfer" left out: field resulting_security_ids[0]: the issuance of security "sec-juno" was left out'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-juno" left out: field quantity: must be a fixed-point number as text (at most 10 decimals), such as "1.5"'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-oskar-2" left out: it issues security "sec-oskar-2", which stock transfer "tx-transfer" creates, and that was left out'],
      ]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("leaves out the objects another check excludes, and what depends on them; without skipInvalid the exclusion is not read", () => {
      const transactions = [
        ...FOUNDERS,
        stock("tx-juno", "sec-juno", "sh-juno", "50000", "2024-02-01"),
        tx("TX_STOCK_CANCELLATION", "tx-juno-cancel", "sec-juno", "2024-03-01", { quantity: "10000", reason_text: "forfeited", balance_security_id: "sec-juno-2" }),
        stock("tx-juno-2", "sec-juno-2", "sh-juno", "40000", "2024-03-01"),
        tx("TX_STOCK_TRANSFER", "tx-transfer", "sec-oskar", "2024-04-01", { quantity: "100000", resulting_security_ids: ["sec-kestrel"], balance_security_id: "sec-oskar-2" }),
        stock("tx-kestrel", "sec-kestrel", "sh-kestrel", "100000", "2024-04-01"),
        stock("tx-oskar-2", "sec-oskar-2", "sh-oskar", "200000", "2024-04-01"),
      ];
      const exclude = new Set(["tx-juno", "tx-transfer"]);
      const r = importInline(transactions, { skipInvalid: true, exclude });
      expect(r.diagnostics).toEqual([
        ["W_OCF_SKIPPED", 'stock issuance "tx-juno" left out: it fails OCF\'s published schema'],
        ["W_OCF_SKIPPED", 'stock cancellation "tx-juno-cancel" left out: it acts on security "sec-juno", whose issuance was left out'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-juno-2" left out: it issues security "sec-juno-2", which stock cancellation "tx-juno-cancel" creates, and that was left out'],
        ["W_OCF_SKIPPED", 'stock transfer "tx-transfer" left out: it fails OCF\'s published schema'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-kestrel" left out: it issues security "sec-kestrel", which stock transfer "tx-transfer" creates, and that was left out'],
        ["W_OCF_SKIPPED", 'stock issuance "tx-oskar-2" left out: it issues security "sec-oskar-2", which stock transfer "tx-transfer" creates, and that was left out'],
      ]);
      expect(r.table).toEqual(["Mara Lind common: 1000000 issued", "Oskar Brandt common: 300000 issued", "pool:2024-plan common: 500000 unissued"]);
      const strict = importInline(transactions, { exclude });
      expect(strict.diagnostics).toEqual([]);
      expect(strict.table).toEqual(["Mara Lind common: 1000000 issued", "Juno Park common: 40000 issued", "Kestrel Bank common: 100000 issued", "Oskar Brandt common: 200000 issued", "pool:2024-plan common: 500000 unissued"]);
    });

    it("still refuses what is wrong with the package as a whole: a listed file missing, a file of the wrong type", () => {
      const missing = importInline(FOUNDERS, { skipInvalid: true, files: { "VestingTerms.ocf.json": undefined } });
      expect(missing.equity).toBeUndefined();
      expect(missing.diagnostics).toEqual([["E_OCF_PACKAGE", "cannot read fernhill/VestingTerms.ocf.json (ENOENT)"]]);
      const wrongType = importInline(FOUNDERS, { skipInvalid: true, files: { "StockPlans.ocf.json": { file_type: "OCF_STOCK_CLASSES_FILE", items: [PLAN] } } });
      expect(wrongType.equity).toBeUndefined();
      expect(wrongType.diagnostics).toEqual([["E_OCF_PACKAGE", "StockPlans.ocf.json is listed under stock_plans_files but says it is a OCF_STOCK_CLASSES_FILE"]]);
    });
  });
});
