/**
 * Contract terms and payment schedules.
 *
 *     term: { start: 2025-11, years: 7 }      # or { start, months: 84 } or { start, end: 2032-10 } (end included)
 *     schedule: even                          # or ramp, or { 2026: 5B, 2027: 6B } per calendar year
 */
import { isMap, isScalar } from "yaml";
import { formatShort, MONEY_LIMIT, minorDigits, money, type Money } from "../money/money.js";
import { compareRatio, formatDecimal, ratio, type Ratio } from "../money/ratio.js";
import { formatMonth, yearOf, type Month } from "../time/month.js";
import type { Span } from "../syntax/source.js";
import { amount, positiveNumber, sourced } from "./figures.js";
import type { Field, ModelReader } from "./reader.js";
import type { Provenance, ScheduleInput, Sourced, TermInput } from "./types.js";

/** A term longer than a century is a typo, and would make the monthly ledger needlessly long. */
const MAX_TERM_MONTHS = 1200;

export function readTerm(r: ModelReader, field: Field | undefined, what: string): TermInput | undefined {
  if (!field?.value) return undefined;
  const fields = r.fields(field.value, field.path, `the term of ${what}`, { required: ["start"], optional: ["end", "years", "months"] }, field.keySpan);
  if (!fields) return undefined;
  const start = r.month(fields.get("start"), `the start of ${what}`);
  const length = r.exclusive(fields, ["end", "years", "months"], `the term of ${what}`);
  if (!length) {
    r.report("E_MISSING_FIELD", `the term of ${what} needs its length`, field.keySpan, field.path, "add end: YYYY-MM (included), years: N or months: N");
    return undefined;
  }
  if (!start || !length.value) return undefined;
  let months: number | undefined;
  if (length.name === "end") {
    const end = r.month(length, `the end of ${what}`);
    if (!end) return undefined;
    if (end.month < start.month) {
      r.report("E_WINDOW_ORDER", `the term of ${what} ends (${formatMonth(end.month)}) before it starts (${formatMonth(start.month)})`, end.at.span, length.path);
      return undefined;
    }
    months = end.month - start.month + 1;
  } else {
    const value = positiveNumber(r, length.value, length.path, `the ${length.name} of ${what}`);
    if (!value) return undefined;
    const inMonths = length.name === "years" ? ratio(value.num * 12n, value.den) : value;
    const span = r.span(length.value);
    if (inMonths.den !== 1n) {
      r.report("E_FIGURE_PRECISION", `the term of ${what} is not a whole number of months`, span, length.path, "terms are counted in whole months");
      return undefined;
    }
    if (inMonths.num > BigInt(MAX_TERM_MONTHS)) {
      r.report("E_FIGURE_RANGE", `the term of ${what} is longer than ${MAX_TERM_MONTHS / 12} years`, span, length.path);
      return undefined;
    }
    months = Number(inMonths.num);
  }
  return { start: start.month, months, at: { span: field.keySpan, path: field.path } };
}

/** An explicit per-year schedule keeps where each year was written, for the checks below. */
export interface ReadSchedule {
  readonly schedule: ScheduleInput;
  readonly yearSpans: ReadonlyMap<number, Span>;
}

const SCHEDULE_KINDS = ["even", "ramp"] as const;

/** Reads `schedule:`; absent means even. Returns undefined when the schedule was unusable. */
export function readSchedule(r: ModelReader, field: Field | undefined, what: string): ReadSchedule | undefined {
  if (!field?.value) return { schedule: { kind: "even" }, yearSpans: new Map() };
  if (isScalar(field.value)) {
    const kind = r.choice(field, SCHEDULE_KINDS, "schedule");
    return kind ? { schedule: { kind, at: { span: r.span(field.value), path: field.path } }, yearSpans: new Map() } : undefined;
  }
  if (isMap(field.value) && field.value.items.some((item) => isScalar(item.key) && item.key.value === "shape")) return readShapedSchedule(r, field, what);
  const years = readYearAmounts(r, field, `the schedule of ${what}`);
  if (!years) return undefined;
  return { schedule: { kind: "per-year", amounts: years.amounts, at: { span: field.keySpan, path: field.path } }, yearSpans: years.spans };
}

/** `{ shape: ramp, assumption: "…" }`: a shape with the provenance of choosing it. */
function readShapedSchedule(r: ModelReader, field: Field, what: string): ReadSchedule | undefined {
  const fields = r.fields(field.value, field.path, `the schedule of ${what}`, { required: ["shape"], optional: ["source", "assumption"] }, field.keySpan);
  const shape = fields?.get("shape");
  if (!fields || !shape?.value) return undefined;
  const kind = r.choice(shape, SCHEDULE_KINDS, "schedule shape");
  const said = r.exclusive(fields, ["source", "assumption"], `the schedule of ${what}`);
  let provenance: Provenance = { kind: "unstated" };
  if (said) {
    const text = r.prose(said, `the ${said.name} of the schedule of ${what}`);
    if (text === undefined) return undefined;
    provenance = said.name === "source" ? { kind: "source", text } : { kind: "assumption", reason: text };
  }
  if (!kind) return undefined;
  return { schedule: { kind, provenance, at: { span: r.span(shape.value), path: field.path } }, yearSpans: new Map() };
}

/** `{ 2026: 5B, 2027: 6B }`: calendar years to amounts (zero allowed, a pause year). */
export function readYearAmounts(
  r: ModelReader,
  field: Field,
  what: string,
): { amounts: Array<{ year: number; amount: Sourced<Money> }>; spans: Map<number, Span> } | undefined {
  const entries = r.entries(field.value, field.path, what, field.keySpan);
  if (entries.length === 0) {
    r.report("E_MISSING_FIELD", `${what} lists no years`, field.keySpan, field.path, "write { 2026: 5B, 2027: 6B }");
    return undefined;
  }
  const amounts: Array<{ year: number; amount: Sourced<Money> }> = [];
  const spans = new Map<number, Span>();
  let complete = true;
  for (const entry of entries) {
    const year = /^\d{4}$/.test(entry.name) ? Number(entry.name) : undefined;
    if (year === undefined) r.report("E_BAD_DATE", `"${entry.name}" is not a year`, entry.keySpan, entry.path, "years are written with four digits, e.g. 2026");
    const value = sourced(r, entry, `the amount for ${entry.name}`, amount({ allowZero: true }));
    if (!entry.value) r.report("E_MISSING_FIELD", `the amount for ${entry.name} has no value`, entry.keySpan, entry.path);
    if (year === undefined || !value) {
      complete = false;
      continue;
    }
    amounts.push({ year, amount: value });
    spans.set(year, entry.keySpan);
  }
  return complete ? { amounts, spans } : undefined;
}

/**
 * An explicit schedule must add up to the contract's total, and each of its years must have at
 * least one month inside the term. `total` is in major units (exact), since a capacity
 * contract's total is quantity × price.
 */
export function checkSchedule(r: ModelReader, read: ReadSchedule, term: TermInput | undefined, total: Ratio | undefined, what: string): void {
  const { schedule } = read;
  if (schedule.kind !== "per-year") return;
  if (term) {
    const first = yearOf(term.start);
    const last = yearOf((term.start + term.months - 1) as Month);
    for (const { year } of schedule.amounts) {
      if (year < first || year > last) {
        r.report(
          "E_SCHEDULE_OUTSIDE_TERM",
          `${year} is outside the term of ${what} (${formatMonth(term.start)} to ${formatMonth((term.start + term.months - 1) as Month)})`,
          read.yearSpans.get(year),
          [...schedule.at.path, String(year)],
          `the schedule may only list years from ${first} to ${last}`,
        );
      }
    }
  }
  if (!total) return;
  const scheduled = schedule.amounts.reduce((sum, a) => sum + a.amount.value, 0n);
  const scheduledMajor = ratio(scheduled, 10n ** BigInt(minorDigits(r.currency)));
  if (compareRatio(scheduledMajor, total) !== 0) {
    r.report(
      "E_SCHEDULE_TOTAL",
      `the schedule of ${what} adds up to ${formatMajor(r, scheduledMajor)}, but its total is ${formatMajor(r, total)}`,
      schedule.at.span,
      schedule.at.path,
      "make the yearly amounts add up to the total, or use schedule: even or ramp",
    );
  }
}

/** The total of a capacity contract in major units, if it is an exact amount of money in range. */
export function capacityTotal(r: ModelReader, quantity: Ratio, price: Ratio, span: Span, path: readonly (string | number)[]): Ratio | undefined {
  const total = ratio(quantity.num * price.num, quantity.den * price.den);
  const minor = ratio(total.num * 10n ** BigInt(minorDigits(r.currency)), total.den);
  if (minor.num > MONEY_LIMIT * minor.den) {
    r.report("E_FIGURE_RANGE", "quantity × price is beyond the largest amount dealgraph accepts", span, path, "amounts must stay within ±(2^53 - 1) minor units");
    return undefined;
  }
  return total;
}

/** A major-unit amount for messages, short when it is whole minor units (`38 B`). */
function formatMajor(r: ModelReader, value: Ratio): string {
  const minor = ratio(value.num * 10n ** BigInt(minorDigits(r.currency)), value.den);
  return minor.den === 1n ? formatShort(money(minor.num), r.currency) : formatDecimal(value, 6);
}

export const termEnd = (term: TermInput): Month => (term.start + term.months - 1) as Month;
