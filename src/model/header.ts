/**
 * The model's header: format version, name, currency, horizon, and the named sources that
 * figures may cite.
 */
import { isScalar } from "yaml";
import type { Field, ModelReader } from "./reader.js";
import type { ModelDraft } from "./draft.js";
import type { SourceInput } from "./types.js";

/** The only format version so far; `dealgraph: 1` may be omitted. */
const FORMAT_VERSIONS = ["1"] as const;

export function readFormatVersion(r: ModelReader, field: Field | undefined): void {
  r.choice(field, FORMAT_VERSIONS, "format version");
}

export function readCurrency(r: ModelReader, field: Field | undefined): string {
  const word = r.word(field, "currency");
  if (!word || !field) return "USD";
  if (!/^[A-Z]{3}$/.test(word.text)) {
    r.report("E_BAD_ENUM", `"${word.text}" is not an ISO 4217 currency code`, word.span, field.path, "write a three-letter code in capitals, such as USD, EUR or JPY");
    return "USD";
  }
  return word.text;
}

export function readHorizon(r: ModelReader, field: Field | undefined): ModelDraft["horizon"] {
  const window = r.window(field, "the horizon", { from: "start", to: "end" }, "E_HORIZON_ORDER");
  return window ? { start: window.from, end: window.to, at: window.at } : undefined;
}

/** `sources:` — `id: { title, url?, date? }`, or `id: "title"` for short. */
export function readSources(r: ModelReader, field: Field | undefined): SourceInput[] {
  const out: SourceInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["sources"], "sources", field?.keySpan ?? r.spanAt(0, 0))) {
    const at = { span: entry.keySpan, path: entry.path };
    if (entry.value && isScalar(entry.value)) {
      const title = r.prose(entry, `the title of source "${entry.name}"`);
      if (title !== undefined) out.push({ id: entry.name, title, at });
      continue;
    }
    const what = `source "${entry.name}"`;
    const fields = r.fields(entry.value, entry.path, what, { required: ["title"], optional: ["url", "date"] }, entry.keySpan);
    if (!fields) continue;
    const title = r.prose(fields.get("title"), `the title of ${what}`);
    const url = r.prose(fields.get("url"), `the url of ${what}`);
    const dateField = fields.get("date");
    const date = r.word(dateField, `the date of ${what}`);
    // Checked as a date, kept as written: a source's date is for display only.
    if (date && dateField) r.monthFromText(date.text, date.span, dateField.path);
    if (title === undefined) continue;
    out.push({ id: entry.name, title, ...(url !== undefined ? { url } : {}), ...(date ? { date: date.text } : {}), at });
  }
  return out;
}
