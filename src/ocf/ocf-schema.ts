/**
 * The part of the Open Cap Format that dealgraph reads, as zod schemas: the shapes of the
 * manifest, the files, and the objects mapped onto an equity section. Only the fields dealgraph
 * uses are checked; other fields OCF allows pass through (OCF's own published schemas are the full
 * definition: published-schemas.ts checks a package against them when the user gives them). These
 * are written from the format's documentation, not copied from it.
 *
 * Each object kind dealgraph reads is one entry of `SUPPORTED_OBJECTS`: its schema (what each
 * lifecycle transaction does to the securities it names is the registry in securities.ts). Any
 * other `object_type` is reported as unsupported, never dropped silently.
 */
import { z } from "zod";
import { OCF_NUMERIC } from "./numeric.js";

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Whether a YYYY-MM-DD text names a day of the calendar: the regular expression alone lets 2025-02-30 and 2023-04-31 through. */
function isCalendarDay(text: string): boolean {
  const [year, month, dayOfMonth] = text.split("-").map(Number) as [number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const length = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return dayOfMonth <= length;
}

export const numeric = z.string({ error: "must be a number written as text, such as \"1.5\"" }).regex(OCF_NUMERIC, { error: "must be a fixed-point number as text (at most 10 decimals), such as \"1.5\"" });
/** A date, as OCF writes one; a day the calendar does not have (February 30) is refused here, so no date reaches Temporal unchecked. */
export const day = z
  .string({ error: "must be a date, YYYY-MM-DD" })
  .regex(ISO_DAY, { error: "must be a date, YYYY-MM-DD" })
  .refine((text) => !ISO_DAY.test(text) || isCalendarDay(text), { error: (issue) => `${String(issue.input)} is not a day of the calendar` });
const text = z.string({ error: "must be text" });
const identifier = z.string({ error: "must be text" }).min(1, { error: "must not be empty" });

export const monetary = z.looseObject({
  amount: numeric,
  currency: z.string({ error: "must be a currency code" }).regex(/^[A-Z]{3}$/, { error: "must be an ISO 4217 currency code such as USD" }),
});

export const ocfRatio = z.looseObject({ numerator: numeric, denominator: numeric });

/** Every object has an id and a type. */
const object = <T extends string>(type: T) => ({ object_type: z.literal(type), id: identifier, comments: z.array(text).optional() });

export const issuerSchema = z.looseObject({ ...object("ISSUER"), legal_name: text });

export const stakeholderSchema = z.looseObject({
  ...object("STAKEHOLDER"),
  name: z.looseObject({ legal_name: text }),
  stakeholder_type: z.enum(["INDIVIDUAL", "INSTITUTION"]),
});

const conversionMechanism = z.looseObject({ type: text });

export const stockClassSchema = z.looseObject({
  ...object("STOCK_CLASS"),
  name: text,
  class_type: z.enum(["COMMON", "PREFERRED"]),
  price_per_share: monetary.optional(),
  seniority: numeric,
  conversion_rights: z.array(z.looseObject({ conversion_mechanism: conversionMechanism, converts_to_stock_class_id: text.optional(), converts_to_future_round: z.boolean().optional() })).optional(),
  liquidation_preference_multiple: numeric.optional(),
  participation_cap_multiple: numeric.optional(),
});

export const stockPlanSchema = z.looseObject({
  ...object("STOCK_PLAN"),
  plan_name: text,
  initial_shares_reserved: numeric,
  stock_class_id: text.optional(),
  stock_class_ids: z.array(text).min(1).optional(),
  /** What happens to the reserve behind a cancelled grant, unless a return to pool says otherwise. */
  default_cancellation_behavior: z.enum(["RETIRE", "RETURN_TO_POOL", "HOLD_AS_CAPITAL_STOCK", "DEFINED_PER_PLAN_SECURITY"]).optional(),
});

const vestingPeriod = z.looseObject({ length: z.number().int().min(0), type: z.enum(["DAYS", "MONTHS"]), occurrences: z.number().int().min(1) });

export const vestingTermsSchema = z.looseObject({
  ...object("VESTING_TERMS"),
  name: text,
  allocation_type: text,
  vesting_conditions: z
    .array(
      z.looseObject({
        id: identifier,
        portion: z.looseObject({ numerator: numeric, denominator: numeric, remainder: z.boolean().optional() }).optional(),
        quantity: numeric.optional(),
        trigger: z.looseObject({ type: text, period: vestingPeriod.optional(), relative_to_condition_id: text.optional() }),
        next_condition_ids: z.array(text),
      }),
    )
    .min(1),
});

/** Fields every issuance has. */
const issuance = <T extends string>(type: T) => ({ ...object(type), date: day, security_id: identifier, stakeholder_id: identifier, custom_id: text.optional() });

export const stockIssuanceSchema = z.looseObject({ ...issuance("TX_STOCK_ISSUANCE"), stock_class_id: identifier, quantity: numeric, share_price: monetary });

const compensation = z.enum(["OPTION_NSO", "OPTION_ISO", "OPTION", "RSU", "CSAR", "SSAR"]);

export const equityCompensationIssuanceSchema = z.looseObject({
  ...object("TX_EQUITY_COMPENSATION_ISSUANCE"),
  date: day,
  security_id: identifier,
  stakeholder_id: identifier,
  compensation_type: compensation,
  quantity: numeric,
  exercise_price: monetary.optional(),
  stock_plan_id: text.optional(),
  stock_class_id: text.optional(),
  vesting_terms_id: text.optional(),
});

const trigger = z.looseObject({
  type: text,
  trigger_id: text,
  trigger_date: day.optional(),
  conversion_right: z.looseObject({ conversion_mechanism: conversionMechanism, converts_to_stock_class_id: text.optional() }),
});

export const warrantIssuanceSchema = z.looseObject({
  ...issuance("TX_WARRANT_ISSUANCE"),
  quantity: numeric.optional(),
  exercise_price: monetary.optional(),
  exercise_triggers: z.array(trigger),
});

export const convertibleIssuanceSchema = z.looseObject({
  ...issuance("TX_CONVERTIBLE_ISSUANCE"),
  investment_amount: monetary,
  convertible_type: z.enum(["NOTE", "SAFE", "CONVERTIBLE_SECURITY"]),
  conversion_triggers: z.array(trigger).min(1),
});

export const safeMechanismSchema = z.looseObject({
  type: z.literal("SAFE_CONVERSION"),
  conversion_discount: z.string().regex(/^0?(\.[0-9]{1,10})?$|^1(\.0{1,10})?$/, { error: "must be a fraction of one as text, such as \"0.2\" for 20 %" }).optional(),
  conversion_valuation_cap: monetary.optional(),
  conversion_mfn: z.boolean({ error: "must be true or false" }),
  conversion_timing: z.enum(["PRE_MONEY", "POST_MONEY"]).optional(),
});

const percentage = z.string({ error: "must be a fraction of one as text" }).regex(/^0?(\.[0-9]{1,10})?$|^1(\.0{1,10})?$/, { error: "must be a fraction of one as text, such as \"0.08\" for 8 %" });

export const noteMechanismSchema = z.looseObject({
  type: z.literal("CONVERTIBLE_NOTE_CONVERSION"),
  interest_rates: z.array(z.looseObject({ rate: percentage, accrual_start_date: day })),
  day_count_convention: z.enum(["ACTUAL_365", "30_360"]),
  interest_payout: z.enum(["DEFERRED", "CASH"]),
  interest_accrual_period: z.enum(["DAILY", "MONTHLY", "QUARTERLY", "SEMI_ANNUAL", "ANNUAL"]),
  compounding_type: z.enum(["COMPOUNDING", "SIMPLE"]),
  conversion_discount: percentage.optional(),
  conversion_valuation_cap: monetary.optional(),
  conversion_mfn: z.boolean().optional(),
});

/*
 * Lifecycle transactions: each names the security it acts on (`security_id`, created by an
 * issuance). Terminal ones consume it; the part that stays with the holder is issued again under
 * `balance_security_id`, and what the transaction creates (a transferee's stock, the stock an
 * exercise gives) under `resulting_security_ids`, each by an issuance of its own in the package.
 */
const securityTransaction = <T extends string>(type: T) => ({ ...object(type), date: day, security_id: identifier });
const resulting = z.array(identifier, { error: "must be a list of security ids" });
const balance = identifier.optional();

/** Shares (or units) are cancelled or bought back; a balance security holds what is left. */
const cancellation = <T extends string>(type: T) => z.looseObject({ ...securityTransaction(type), quantity: numeric, balance_security_id: balance });
/** The whole security is withdrawn (a retraction: it should never have been issued) or acknowledged (an acceptance). */
const whole = <T extends string>(type: T) => z.looseObject(securityTransaction(type));
/** Shares move to securities issued to someone else; a balance security holds what is left. */
const transfer = <T extends string>(type: T) => z.looseObject({ ...securityTransaction(type), quantity: numeric, resulting_security_ids: resulting.min(1, { error: "must name at least one security" }), balance_security_id: balance });
/** Part (or all) of an award becomes stock, issued under the resulting ids. */
const exercise = <T extends string>(type: T) => z.looseObject({ ...securityTransaction(type), quantity: numeric, resulting_security_ids: resulting, balance_security_id: balance });
/** Restricted stock units settle in stock, issued under the resulting ids. */
const release = <T extends string>(type: T) => z.looseObject({ ...securityTransaction(type), quantity: numeric, resulting_security_ids: resulting });

export const stockConversionSchema = z.looseObject({ ...securityTransaction("TX_STOCK_CONVERSION"), quantity_converted: numeric, resulting_security_ids: resulting, balance_security_id: balance });
export const stockReissuanceSchema = z.looseObject({ ...securityTransaction("TX_STOCK_REISSUANCE"), resulting_security_ids: resulting, split_transaction_id: text.optional() });
export const warrantExerciseSchema = z.looseObject({ ...securityTransaction("TX_WARRANT_EXERCISE"), resulting_security_ids: resulting, balance_security_id: balance });
export const convertibleCancellationSchema = z.looseObject({ ...securityTransaction("TX_CONVERTIBLE_CANCELLATION"), amount: monetary, balance_security_id: balance });
export const convertibleTransferSchema = z.looseObject({ ...securityTransaction("TX_CONVERTIBLE_TRANSFER"), amount: monetary, resulting_security_ids: resulting.min(1, { error: "must name at least one security" }), balance_security_id: balance });
export const returnToPoolSchema = z.looseObject({ ...securityTransaction("TX_STOCK_PLAN_RETURN_TO_POOL"), stock_plan_id: identifier, quantity: numeric });
export const vestingAccelerationSchema = z.looseObject({ ...securityTransaction("TX_VESTING_ACCELERATION"), quantity: numeric });
export const vestingEventSchema = z.looseObject({ ...securityTransaction("TX_VESTING_EVENT"), vesting_condition_id: text });

/** Class-level transactions: no security is named; the class's terms or share count change from the date. */
export const stockClassSplitSchema = z.looseObject({ ...object("TX_STOCK_CLASS_SPLIT"), date: day, stock_class_id: identifier, split_ratio: ocfRatio });
export const conversionRatioAdjustmentSchema = z.looseObject({
  ...object("TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT"),
  date: day,
  stock_class_id: identifier,
  new_ratio_conversion_mechanism: z.looseObject({ ratio: ocfRatio }),
});
export const classAuthorizedSharesAdjustmentSchema = z.looseObject({ ...object("TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT"), date: day, stock_class_id: identifier, new_shares_authorized: numeric });
export const issuerAuthorizedSharesAdjustmentSchema = z.looseObject({ ...object("TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT"), date: day, new_shares_authorized: numeric });

export const convertibleConversionSchema = z.looseObject({ ...securityTransaction("TX_CONVERTIBLE_CONVERSION"), quantity_converted: numeric.optional(), resulting_security_ids: resulting, balance_security_id: balance });
export const vestingStartSchema = z.looseObject({ ...object("TX_VESTING_START"), date: day, security_id: identifier, vesting_condition_id: text });
export const poolAdjustmentSchema = z.looseObject({ ...object("TX_STOCK_PLAN_POOL_ADJUSTMENT"), date: day, stock_plan_id: identifier, shares_reserved: numeric });

export type Monetary = z.infer<typeof monetary>;
export type StockClass = z.infer<typeof stockClassSchema>;
export type StockPlan = z.infer<typeof stockPlanSchema>;
export type VestingTerms = z.infer<typeof vestingTermsSchema>;
export type StockIssuance = z.infer<typeof stockIssuanceSchema>;
export type EquityCompensationIssuance = z.infer<typeof equityCompensationIssuanceSchema>;
export type WarrantIssuance = z.infer<typeof warrantIssuanceSchema>;
export type ConvertibleIssuance = z.infer<typeof convertibleIssuanceSchema>;

/**
 * The object kinds dealgraph reads, by `object_type`, each with its schema. The deprecated
 * `TX_PLAN_SECURITY_ISSUANCE` is read as an equity compensation issuance, as OCF says it is.
 */
export const SUPPORTED_OBJECTS = {
  STAKEHOLDER: stakeholderSchema,
  STOCK_CLASS: stockClassSchema,
  STOCK_PLAN: stockPlanSchema,
  VESTING_TERMS: vestingTermsSchema,
  TX_STOCK_ISSUANCE: stockIssuanceSchema,
  TX_EQUITY_COMPENSATION_ISSUANCE: equityCompensationIssuanceSchema,
  TX_PLAN_SECURITY_ISSUANCE: equityCompensationIssuanceSchema.extend({ object_type: z.literal("TX_PLAN_SECURITY_ISSUANCE") }),
  TX_WARRANT_ISSUANCE: warrantIssuanceSchema,
  TX_CONVERTIBLE_ISSUANCE: convertibleIssuanceSchema,
  TX_CONVERTIBLE_CONVERSION: convertibleConversionSchema,
  TX_VESTING_START: vestingStartSchema,
  TX_STOCK_PLAN_POOL_ADJUSTMENT: poolAdjustmentSchema,
  // Stock
  TX_STOCK_CANCELLATION: cancellation("TX_STOCK_CANCELLATION"),
  TX_STOCK_REPURCHASE: cancellation("TX_STOCK_REPURCHASE"),
  TX_STOCK_RETRACTION: whole("TX_STOCK_RETRACTION"),
  TX_STOCK_TRANSFER: transfer("TX_STOCK_TRANSFER"),
  TX_STOCK_CONVERSION: stockConversionSchema,
  TX_STOCK_REISSUANCE: stockReissuanceSchema,
  TX_STOCK_ACCEPTANCE: whole("TX_STOCK_ACCEPTANCE"),
  TX_STOCK_CLASS_SPLIT: stockClassSplitSchema,
  TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT: conversionRatioAdjustmentSchema,
  TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT: classAuthorizedSharesAdjustmentSchema,
  TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT: issuerAuthorizedSharesAdjustmentSchema,
  // Equity compensation, under its name and the deprecated plan-security one
  TX_EQUITY_COMPENSATION_EXERCISE: exercise("TX_EQUITY_COMPENSATION_EXERCISE"),
  TX_PLAN_SECURITY_EXERCISE: exercise("TX_PLAN_SECURITY_EXERCISE"),
  TX_EQUITY_COMPENSATION_CANCELLATION: cancellation("TX_EQUITY_COMPENSATION_CANCELLATION"),
  TX_PLAN_SECURITY_CANCELLATION: cancellation("TX_PLAN_SECURITY_CANCELLATION"),
  TX_EQUITY_COMPENSATION_RETRACTION: whole("TX_EQUITY_COMPENSATION_RETRACTION"),
  TX_PLAN_SECURITY_RETRACTION: whole("TX_PLAN_SECURITY_RETRACTION"),
  TX_EQUITY_COMPENSATION_RELEASE: release("TX_EQUITY_COMPENSATION_RELEASE"),
  TX_PLAN_SECURITY_RELEASE: release("TX_PLAN_SECURITY_RELEASE"),
  TX_EQUITY_COMPENSATION_TRANSFER: transfer("TX_EQUITY_COMPENSATION_TRANSFER"),
  TX_PLAN_SECURITY_TRANSFER: transfer("TX_PLAN_SECURITY_TRANSFER"),
  TX_EQUITY_COMPENSATION_ACCEPTANCE: whole("TX_EQUITY_COMPENSATION_ACCEPTANCE"),
  TX_PLAN_SECURITY_ACCEPTANCE: whole("TX_PLAN_SECURITY_ACCEPTANCE"),
  TX_STOCK_PLAN_RETURN_TO_POOL: returnToPoolSchema,
  // Warrants
  TX_WARRANT_EXERCISE: warrantExerciseSchema,
  TX_WARRANT_CANCELLATION: cancellation("TX_WARRANT_CANCELLATION"),
  TX_WARRANT_RETRACTION: whole("TX_WARRANT_RETRACTION"),
  TX_WARRANT_TRANSFER: transfer("TX_WARRANT_TRANSFER"),
  TX_WARRANT_ACCEPTANCE: whole("TX_WARRANT_ACCEPTANCE"),
  // Convertibles
  TX_CONVERTIBLE_CANCELLATION: convertibleCancellationSchema,
  TX_CONVERTIBLE_RETRACTION: whole("TX_CONVERTIBLE_RETRACTION"),
  TX_CONVERTIBLE_TRANSFER: convertibleTransferSchema,
  TX_CONVERTIBLE_ACCEPTANCE: whole("TX_CONVERTIBLE_ACCEPTANCE"),
  // Vesting
  TX_VESTING_ACCELERATION: vestingAccelerationSchema,
  TX_VESTING_EVENT: vestingEventSchema,
} as const;

export type SupportedObjectType = keyof typeof SUPPORTED_OBJECTS;
export type SupportedObject = z.infer<(typeof SUPPORTED_OBJECTS)[SupportedObjectType]>;

/** The lists of files a manifest names, with the file type each must declare. */
export const MANIFEST_FILE_LISTS = {
  stakeholders_files: "OCF_STAKEHOLDERS_FILE",
  stock_classes_files: "OCF_STOCK_CLASSES_FILE",
  stock_plans_files: "OCF_STOCK_PLANS_FILE",
  vesting_terms_files: "OCF_VESTING_TERMS_FILE",
  transactions_files: "OCF_TRANSACTIONS_FILE",
  stock_legend_templates_files: "OCF_STOCK_LEGEND_TEMPLATES_FILE",
  valuations_files: "OCF_VALUATIONS_FILE",
  financings_files: "OCF_FINANCINGS_FILE",
  documents_files: "OCF_DOCUMENTS_FILE",
} as const;

const fileReference = z.looseObject({ filepath: text, md5: text.optional() });

export const manifestSchema = z.looseObject({
  file_type: z.literal("OCF_MANIFEST_FILE"),
  ocf_version: text,
  issuer: issuerSchema,
  as_of: day,
  ...Object.fromEntries(Object.keys(MANIFEST_FILE_LISTS).map((k) => [k, z.array(fileReference).optional()])),
});

export type Manifest = z.infer<typeof manifestSchema> & { readonly [K in keyof typeof MANIFEST_FILE_LISTS]?: ReadonlyArray<{ readonly filepath: string }> };

export const objectsFileSchema = z.looseObject({ file_type: text, items: z.array(z.looseObject({ object_type: text.optional(), id: text.optional() }), { error: "must be a list of objects" }) });

/** A zod issue in words, for a diagnostic that already names the file, object and field. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === "invalid_type") return valueAt(input, issue.path) === undefined ? "is missing" : `must be ${article(issue.expected)}`;
  if (issue.code === "invalid_value") return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
  if (issue.code === "too_small" && issue.origin === "array") return `must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? "" : "s"}`;
  return issue.message;
}

function article(type: string): string {
  return type === "object" ? "an object" : type === "array" ? "a list" : type === "string" ? "text" : type === "boolean" ? "true or false" : `a ${type}`;
}

export function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
