/**
 * The equity core's public operations. Inputs are plain typed values (`types.ts`); every
 * operation returns `{ value, diagnostics }` and never throws on a bad model.
 */
export type * from "./types.js";
export { EQUITY_DIAGNOSTIC_CODES, type EquityDiagnostic, type EquityDiagnosticCode } from "./codes.js";
export { validateCapTable } from "./validate.js";
export { capTableAt, STANDARD_FULLY_DILUTED, type CapTableAtDate, type CapTableOptions, type CapTableRow, type FullyDilutedBasis, type UnconvertedConvertible } from "./cap-table.js";
export { convertAtPricedRound, roundPrice, type Capitalization, type Conversion, type Convertible, type ConvertibleNote, type PoolTopUp, type PricedRound, type PricedRoundResult, type Safe } from "./priced-round.js";
export { computeWaterfall, proceedsOf, type ClassPayout, type ExitScenario, type StakePayout, type WaterfallOptions, type WaterfallResult } from "./waterfall.js";
export { computePayoutCurve, type Breakpoint, type CurvePoint, type CurveSegment, type ExitCosts, type PayoutCurve } from "./payout-curve.js";
export type { MetConditions } from "./holdings-at-date.js";
export type { DayCount } from "./dates.js";
export type { Compounding } from "./note-interest.js";
