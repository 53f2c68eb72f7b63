/**
 * `forecasts:` — each company's opening cash and its revenue and cost lines. A line states exactly
 * one definition: `per-year`, `per-month` or `formula`.
 */
import { isScalar } from "yaml";
import { addRatio, compareRatio, ONE_RATIO, ZERO_RATIO, type Ratio } from "../money/ratio.js";
import type { Money } from "../money/money.js";
import type { Span } from "../syntax/source.js";
import type { Month } from "../time/month.js";
import { amount, growth, share, sourced } from "./figures.js";
import { parseFormula } from "./formula.js";
import type { Field, Fields, ModelReader } from "./reader.js";
import { readYearAmounts } from "./term.js";
import type { DeclaredNames } from "./draft.js";
import type { CalibrationInput, ForecastInput, ForecastLineInput, LineDefinition, Ref, Sourced } from "./types.js";

const LINE_KINDS = ["revenue", "cost"] as const;
const DEFINITIONS = ["per-year", "per-month", "formula"] as const;
const CALIBRATION_SCOPES = ["line", "outflow"] as const;

export function readForecasts(r: ModelReader, field: Field | undefined, declared: DeclaredNames): ForecastInput[] {
  const out: ForecastInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["forecasts"], "forecasts", field?.keySpan ?? r.spanAt(0, 0))) {
    const what = `the forecast of ${entry.name}`;
    const lineKinds = new Map<string, "revenue" | "cost" | undefined>();
    declared.lines.set(entry.name, lineKinds);
    const fields = r.fields(entry.value, entry.path, what, { required: ["lines"], optional: ["opening-cash"] }, entry.keySpan);
    if (!fields) continue;
    const openingCash = sourced(r, fields.get("opening-cash"), "opening cash", amount({ allowZero: true }));
    const linesField = fields.get("lines");
    const lines: ForecastLineInput[] = [];
    for (const lineEntry of r.entries(linesField?.value, linesField?.path ?? [...entry.path, "lines"], `the lines of ${what}`, linesField?.keySpan ?? entry.keySpan)) {
      lineKinds.set(lineEntry.name, undefined);
      const line = readLine(r, lineEntry, lineKinds);
      if (line) lines.push(line);
    }
    if (fields.has("opening-cash") && !openingCash) continue;
    out.push({ company: { name: entry.name, at: { span: entry.keySpan, path: entry.path } }, ...(openingCash ? { openingCash } : {}), lines, at: { span: entry.keySpan, path: entry.path } });
  }
  return out;
}

function readLine(r: ModelReader, entry: Field, lineKinds: Map<string, "revenue" | "cost" | undefined>): ForecastLineInput | undefined {
  const what = `line "${entry.name}"`;
  const fields = r.fields(
    entry.value,
    entry.path,
    `forecast ${what}`,
    { required: ["kind"], optional: [...DEFINITIONS, "growth", "calibrate", "through", "payee", "scale", "description"] },
    entry.keySpan,
  );
  if (!fields) return undefined;
  const kind = r.choice(fields.get("kind"), LINE_KINDS, "line kind");
  if (kind) lineKinds.set(entry.name, kind);
  const definition = readDefinition(r, fields, entry, what);
  const calibrate = readCalibration(r, fields.get("calibrate"), what);
  const applicable = kind === "cost" ? applies(r, fields, "through", "a revenue line") : kind === "revenue" ? applies(r, fields, "payee", "a cost line") : true;
  const through = readThrough(r, fields.get("through"), what);
  const payee = r.ref(fields.get("payee"), `the payee of ${what}`);
  const scale = r.ref(fields.get("scale"), `the driver that scales ${what}`);
  if (scale && definition?.kind === "formula") r.report("E_CONFLICTING_FIELDS", `${what} is a formula: write the driver into the formula instead of \`scale\``, fields.get("scale")?.keySpan, [...entry.path, "scale"], `e.g. formula: "(…) * ${scale.name}"`);
  const description = r.prose(fields.get("description"), `the description of ${what}`);
  if (!kind || !definition || !through || !applicable || (fields.has("calibrate") && !calibrate) || (fields.has("payee") && !payee)) return undefined;
  return {
    name: entry.name,
    kind,
    definition,
    ...(calibrate ? { calibrate } : {}),
    through,
    ...(payee ? { payee } : {}),
    ...(scale ? { scale } : {}),
    ...(description !== undefined ? { description } : {}),
    at: { span: entry.keySpan, path: entry.path },
  };
}

/** Reports `name` when it is present on a line of the other kind; true when all is well. */
function applies(r: ModelReader, fields: Fields, name: string, appliesTo: string): boolean {
  const field = fields.get(name);
  if (!field) return true;
  r.report("E_CONFLICTING_FIELDS", `"${name}" applies only to ${appliesTo}`, field.keySpan, field.path, `remove "${name}", or change the line's kind`);
  return false;
}

function readDefinition(r: ModelReader, fields: Fields, entry: Field, what: string): LineDefinition | undefined {
  const stated = DEFINITIONS.map((d) => fields.get(d)).filter((f): f is Field => f !== undefined);
  const [first, ...others] = stated;
  if (!first) {
    r.report("E_FORECAST_DEFINITION", `${what} states no definition`, entry.keySpan, entry.path, "give one of per-year, per-month or formula");
    return undefined;
  }
  for (const other of others) {
    r.report("E_FORECAST_DEFINITION", `${what} states both "${first.name}" and "${other.name}"`, other.keySpan, other.path, "keep exactly one of per-year, per-month or formula");
  }
  const growthField = fields.get("growth");
  const rate = first.name === "formula" ? undefined : sourced(r, growthField, `the growth of ${what}`, growth);
  if (first.name === "formula" && growthField) {
    r.report("E_CONFLICTING_FIELDS", `"growth" applies only to a per-year or per-month line`, growthField.keySpan, growthField.path, "write the growth into the formula, e.g. last(revenue) * 102%");
  }
  if (others.length > 0 || (growthField && !rate)) return undefined;
  const at = { span: first.keySpan, path: first.path };
  switch (first.name) {
    case "per-year": {
      const years = readYearAmounts(r, first, `the per-year amounts of ${what}`);
      return years ? { kind: "per-year", amounts: years.amounts, ...(rate ? { growth: rate } : {}), at } : undefined;
    }
    case "per-month": {
      const months = readMonthAmounts(r, first, `the per-month amounts of ${what}`);
      return months ? { kind: "per-month", amounts: months, ...(rate ? { growth: rate } : {}), at } : undefined;
    }
    default: {
      const text = first.value;
      if (!text || !isScalar(text)) {
        r.report("E_WRONG_TYPE", `the formula of ${what} must be text`, text ? r.span(text) : first.keySpan, first.path, `write formula: "0.5 * revenue"`);
        return undefined;
      }
      const content = r.scalarContent(text);
      const parsed = parseFormula(content.text, { file: r.file, offset: content.start, path: first.path, ...(content.exact ? {} : { wholeSpan: content.span }) });
      if (!parsed.ok) {
        r.diagnostics.push(...parsed.diagnostics);
        return undefined;
      }
      return { kind: "formula", text: content.text, formula: parsed.formula, at };
    }
  }
}

/** `{ 2025-01: 1B, 2025-02: 1.1B }`: months to amounts (zero allowed). */
function readMonthAmounts(r: ModelReader, field: Field, what: string): Array<{ month: Month; amount: Sourced<Money> }> | undefined {
  const entries = r.entries(field.value, field.path, what, field.keySpan);
  if (entries.length === 0) {
    r.report("E_MISSING_FIELD", `${what} lists no months`, field.keySpan, field.path, "write { 2025-01: 1B }");
    return undefined;
  }
  const out: Array<{ month: Month; amount: Sourced<Money> }> = [];
  const seen = new Map<Month, Span>();
  let complete = true;
  for (const entry of entries) {
    const month = r.monthFromText(entry.name, entry.keySpan, entry.path);
    const value = sourced(r, entry, `the amount for ${entry.name}`, amount({ allowZero: true }));
    if (!entry.value) r.report("E_MISSING_FIELD", `the amount for ${entry.name} has no value`, entry.keySpan, entry.path);
    if (month && seen.has(month.month)) {
      r.report("E_DUPLICATE_KEY", `the month of "${entry.name}" is stated twice in ${what}`, entry.keySpan, entry.path, `the first is on line ${r.lineOf(seen.get(month.month)?.start ?? 0)}`);
      complete = false;
      continue;
    }
    if (!month || !value) {
      complete = false;
      continue;
    }
    seen.set(month.month, entry.keySpan);
    out.push({ month: month.month, amount: value });
  }
  return complete ? out : undefined;
}

function readCalibration(r: ModelReader, field: Field | undefined, what: string): CalibrationInput | undefined {
  if (!field?.value) return undefined;
  const fields = r.fields(field.value, field.path, `the calibration of ${what}`, { required: ["total", "through"], optional: ["scope", "previous"] }, field.keySpan);
  if (!fields) return undefined;
  const total = sourced(r, fields.get("total"), `the calibration total of ${what}`, amount());
  const through = r.month(fields.get("through"), `the month the calibration of ${what} runs through`);
  const scope = fields.has("scope") ? r.choice(fields.get("scope"), CALIBRATION_SCOPES, "calibration scope") : "line";
  const previous = sourced(r, fields.get("previous"), `the previous estimate of ${what}`, amount());
  if (!total || !through || !scope || (fields.has("previous") && !previous)) return undefined;
  return { total, through: through.month, throughAt: through.at, scope, ...(previous ? { previous } : {}), at: { span: field.keySpan, path: field.path } };
}

/** `through: { AWS: 15% }` — shares of a revenue line earned through third parties, at most 100 % in all. */
function readThrough(r: ModelReader, field: Field | undefined, what: string): Array<{ party: Ref; share: Sourced<Ratio> }> | undefined {
  if (!field?.value) return [];
  const out: Array<{ party: Ref; share: Sourced<Ratio> }> = [];
  let complete = true;
  for (const entry of r.entries(field.value, field.path, `the channels of ${what}`, field.keySpan)) {
    const value = sourced(r, entry, `the share of ${what} earned through ${entry.name}`, share);
    if (!entry.value) r.report("E_MISSING_FIELD", `the share through ${entry.name} has no value`, entry.keySpan, entry.path, `write ${entry.name}: 10%`);
    if (!value) {
      complete = false;
      continue;
    }
    out.push({ party: { name: entry.name, at: { span: entry.keySpan, path: entry.path } }, share: value });
  }
  const total = out.reduce((sum, t) => addRatio(sum, t.share.value), ZERO_RATIO);
  if (compareRatio(total, ONE_RATIO) > 0) {
    r.report("E_PERCENT_RANGE", `the shares of ${what} earned through third parties add up to more than 100 %`, field.keySpan, field.path, "a line cannot earn more than all of its revenue through others");
    return undefined;
  }
  return complete ? out : undefined;
}
