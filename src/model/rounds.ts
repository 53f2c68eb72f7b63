/**
 * `rounds:` — equity rounds, their valuation and who commits what, in which tranches.
 *
 * A commitment is written in one of four forms:
 *
 *     Nvidia: 30B                                         # one tranche at the round's date
 *     SoftBank: { value: 30B, source: … }                 # the same, with provenance
 *     Amazon: [ { amount: 15B, date: 2026-02 }, … ]       # a list of tranches
 *     Amazon: { joins: 2026-03, tranches: [ … ] }         # with the month it joined a rolling close
 *     Nvidia: { amount: 30B, status: announced }          # one tranche with its marks
 *
 * A commitment's `status`, `earmarked` and `unconfirmed` apply to each of its tranches unless
 * the tranche states its own.
 *
 * A tranche without `date` or `condition` is dated at the month the investor joins (by default
 * the round's month).
 */
import { isMap, isScalar, isSeq, type ParsedNode } from "yaml";
import { minorDigits, type Money } from "../money/money.js";
import { compareRatio, mulRatio, ratio } from "../money/ratio.js";
import type { Path } from "../diagnostics/diagnostic.js";
import { formatMonth, type Month } from "../time/month.js";
import { amount, count, positiveNumber, sourced } from "./figures.js";
import type { DealMarks } from "./flow-types.js";
import { hasMarks, MARK_KEYS, readMarks } from "./flows.js";
import type { Field, Fields, ModelReader } from "./reader.js";
import type { CommitmentInput, Located, RoundInput, Sourced, TrancheInput, TrancheTiming } from "./types.js";

const ROUND_KEYS = {
  required: ["company", "date", "commitments"],
  optional: ["pre-money", "price-per-share", "shares-outstanding", "previous-mark", "announced-size", "rolling-close"],
} as const;

export function readRounds(r: ModelReader, field: Field | undefined, incomplete: WeakSet<object>): RoundInput[] {
  const out: RoundInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["rounds"], "rounds", field?.keySpan ?? r.spanAt(0, 0))) {
    const round = readRound(r, entry, incomplete);
    if (round) out.push(round);
  }
  return out;
}

function readRound(r: ModelReader, entry: Field, incomplete: WeakSet<object>): RoundInput | undefined {
  const what = `round "${entry.name}"`;
  const fields = r.fields(entry.value, entry.path, what, ROUND_KEYS, entry.keySpan);
  if (!fields) return undefined;
  const company = r.ref(fields.get("company"), `the company of ${what}`);
  const date = r.month(fields.get("date"), `the date of ${what}`);
  const preMoney = sourced(r, fields.get("pre-money"), "pre-money", amount());
  const pricePerShare = sourced(r, fields.get("price-per-share"), "price-per-share", positiveNumber);
  const sharesOutstanding = sourced(r, fields.get("shares-outstanding"), "shares-outstanding", count);
  const previousMark = sourced(r, fields.get("previous-mark"), "previous-mark", amount());
  const announcedSize = sourced(r, fields.get("announced-size"), "announced-size", amount());
  const rollingClose = readRollingClose(r, fields.get("rolling-close"), date?.month);
  checkValuationInputs(r, entry, fields, preMoney, pricePerShare, sharesOutstanding);
  const commitments = r
    .entries(fields.get("commitments")?.value, [...entry.path, "commitments"], `the commitments of ${what}`, fields.get("commitments")?.keySpan ?? entry.keySpan)
    .map((c) => readCommitment(r, c, date?.month, incomplete))
    .filter((c): c is CommitmentInput => c !== undefined);
  if (!company) return undefined;
  const at = { span: entry.keySpan, path: entry.path };
  const round: RoundInput = {
    name: entry.name,
    company,
    // A round whose date is unusable is kept, for the checks of its names, with a placeholder.
    date: date?.month ?? (0 as Month),
    dateAt: date?.at ?? at,
    ...(preMoney ? { preMoney } : {}),
    ...(pricePerShare ? { pricePerShare } : {}),
    ...(sharesOutstanding ? { sharesOutstanding } : {}),
    ...(previousMark ? { previousMark } : {}),
    ...(announcedSize ? { announcedSize } : {}),
    ...(rollingClose ? { rollingClose } : {}),
    commitments,
    at,
  };
  if (!date) incomplete.add(round);
  return round;
}

/** `rolling-close: 2026-06` or `rolling-close: { final-close: 2026-06 }`. */
function readRollingClose(r: ModelReader, field: Field | undefined, roundMonth: Month | undefined): RoundInput["rollingClose"] {
  if (!field?.value) return undefined;
  let finalClose: { month: Month; at: Located } | undefined;
  if (isScalar(field.value)) {
    finalClose = r.month(field, "the final close");
  } else {
    const fields = r.fields(field.value, field.path, "rolling-close", { required: ["final-close"] }, field.keySpan);
    finalClose = fields ? r.month(fields.get("final-close"), "the final close") : undefined;
  }
  if (!finalClose) return undefined;
  if (roundMonth !== undefined && finalClose.month < roundMonth) {
    r.report("E_WINDOW_ORDER", `the final close (${formatMonth(finalClose.month)}) is before the round's date (${formatMonth(roundMonth)})`, finalClose.at.span, field.path);
    return undefined;
  }
  return { finalClose: finalClose.month, at: { span: field.keySpan, path: field.path } };
}

/**
 * A round states its valuation as a pre-money amount, or as a price per share with the shares
 * outstanding before the round, or both when they agree exactly.
 */
function checkValuationInputs(
  r: ModelReader,
  entry: Field,
  fields: Fields,
  preMoney: Sourced<Money> | undefined,
  price: Sourced<ReturnType<typeof ratio>> | undefined,
  shares: Sourced<bigint> | undefined,
): void {
  const hasPre = fields.has("pre-money");
  const hasPrice = fields.has("price-per-share");
  const hasShares = fields.has("shares-outstanding");
  // With a misspelt key (pre-mony) the unknown key is the real problem; say nothing more.
  if (!hasPre && !hasPrice && !hasShares && !fields.hadUnknownKeys) {
    r.report("E_VALUATION_INPUTS", `round "${entry.name}" states no valuation`, entry.keySpan, entry.path, "give pre-money: 730B, or price-per-share with shares-outstanding");
    return;
  }
  if (hasPrice !== hasShares) {
    const given = fields.get(hasPrice ? "price-per-share" : "shares-outstanding");
    r.report("E_VALUATION_INPUTS", `${hasPrice ? "price-per-share" : "shares-outstanding"} needs ${hasPrice ? "shares-outstanding" : "price-per-share"}`, given?.keySpan, given?.path ?? entry.path, "the two together give the pre-money valuation");
    return;
  }
  if (!preMoney || !price || !shares) return;
  const implied = mulRatio(price.value, ratio(shares.value));
  const stated = ratio(preMoney.value, 10n ** BigInt(minorDigits(r.currency)));
  if (compareRatio(implied, stated) !== 0) {
    r.report(
      "E_VALUATION_INPUTS",
      `pre-money differs from price-per-share × shares-outstanding`,
      preMoney.at.span,
      preMoney.at.path,
      "state either pre-money or price and shares, or make them agree exactly",
    );
  }
}

/**
 * A commitment whose tranches are partly unusable keeps the usable ones and is marked
 * incomplete, so that its investor is still checked.
 */
function readCommitment(r: ModelReader, entry: Field, roundMonth: Month | undefined, incomplete: WeakSet<object>): CommitmentInput {
  const { value, complete } = readCommitmentForm(r, entry, roundMonth ?? (0 as Month));
  if (!complete) incomplete.add(value);
  return value;
}

interface ReadTranches {
  readonly tranches: TrancheInput[];
  readonly complete: boolean;
}

function readCommitmentForm(r: ModelReader, entry: Field, roundMonth: Month): { value: CommitmentInput; complete: boolean } {
  const investor = { name: entry.name, at: { span: entry.keySpan, path: entry.path } };
  const base = { investor, at: investor.at };
  const what = `${entry.name}'s commitment`;
  const value = entry.value;
  if (!value) {
    r.report("E_MISSING_FIELD", `${what} states no amount`, entry.keySpan, entry.path, `write "${entry.name}: 30B" or a list of tranches`);
    return { value: { ...base, tranches: [] }, complete: false };
  }
  let read: ReadTranches;
  let joins: { month: Month; at: Located } | undefined;
  if (isScalar(value) || r.hasKey(value, "value") || r.hasKey(value, "amount")) {
    read = oneTranche(r, value, entry.path, roundMonth, what);
  } else if (isSeq(value)) {
    read = readTrancheList(r, value, entry.path, roundMonth, what);
  } else {
    const fields = r.fields(value, entry.path, what, { required: ["tranches"], optional: ["joins", ...MARK_KEYS] }, entry.keySpan);
    joins = r.month(fields?.get("joins"), `the month ${entry.name} joins`);
    const marks = hasMarks(fields) ? readMarks(r, fields, what) : undefined;
    const tranchesField = fields?.get("tranches");
    const month = joins?.month ?? roundMonth;
    if (!tranchesField?.value) read = { tranches: [], complete: false };
    else if (isSeq(tranchesField.value)) read = readTrancheList(r, tranchesField.value, tranchesField.path, month, what, marks);
    else if (isMap(tranchesField.value)) read = oneTranche(r, tranchesField.value, tranchesField.path, month, what, marks);
    else {
      r.report("E_WRONG_TYPE", `the tranches of ${what} must be a list`, r.span(tranchesField.value), tranchesField.path, "write tranches: [ { amount: 15B, date: 2026-02 }, … ]");
      read = { tranches: [], complete: false };
    }
    if (!fields || (fields.has("joins") && !joins)) read = { ...read, complete: false };
  }
  return { value: { ...base, tranches: read.tranches, ...(joins ? { joins: joins.month, joinsAt: joins.at } : {}) }, complete: read.complete };
}

function oneTranche(r: ModelReader, node: ParsedNode, path: Path, month: Month, what: string, marks?: DealMarks): ReadTranches {
  const tranche = readTranche(r, node, path, month, what, marks);
  return tranche ? { tranches: [tranche], complete: true } : { tranches: [], complete: false };
}

function readTrancheList(r: ModelReader, list: ParsedNode, path: Path, month: Month, what: string, marks?: DealMarks): ReadTranches {
  if (!isSeq(list)) return { tranches: [], complete: false };
  if (list.items.length === 0) {
    r.report("E_MISSING_FIELD", `${what} lists no tranches`, r.span(list), path, "write at least one tranche, e.g. [ 30B ]");
    return { tranches: [], complete: false };
  }
  const tranches: TrancheInput[] = [];
  list.items.forEach((item, index) => {
    const tranche = readTranche(r, item, [...path, index], month, what, marks);
    if (tranche) tranches.push(tranche);
  });
  return { tranches, complete: tranches.length === list.items.length };
}

/**
 * One tranche: a bare amount, `{ value, source }`, or `{ amount, date? | condition?, expected? | window?,
 * status?, earmarked?, unconfirmed? }`. `expected` and `window` belong to conditional tranches and
 * override the condition's own; marks not stated are the commitment's (`inherited`).
 */
function readTranche(r: ModelReader, node: ParsedNode, path: Path, defaultMonth: Month, what: string, inherited?: DealMarks): TrancheInput | undefined {
  const at = { span: r.span(node), path };
  const asField: Field = { name: String(path[path.length - 1] ?? ""), keySpan: r.span(node), value: node, path };
  if (isScalar(node) || r.hasKey(node, "value")) {
    const value = sourced(r, asField, `the amount of ${what}`, amount());
    return value ? { amount: value, timing: { kind: "dated", month: defaultMonth, at }, ...(inherited ? { marks: inherited } : {}), at } : undefined;
  }
  const fields = r.fields(node, path, "a tranche", { required: ["amount"], optional: ["date", "condition", "expected", "window", ...MARK_KEYS] }, r.span(node));
  if (!fields) return undefined;
  const marks = hasMarks(fields) ? readMarks(r, fields, "a tranche", inherited) : inherited;
  if (hasMarks(fields) && !marks) return undefined;
  const value = sourced(r, fields.get("amount"), `the amount of ${what}`, amount());
  r.exclusive(fields, ["date", "condition"], "a tranche");
  let timing: TrancheTiming | undefined;
  const condition = r.ref(fields.get("condition"), "the condition of a tranche");
  if (fields.has("condition")) {
    const expected = r.month(fields.get("expected"), "the expected month of a tranche");
    const window = r.window(fields.get("window"), "the window of a tranche", { from: "from", to: "to" }, "E_WINDOW_ORDER");
    r.expectedInsideWindow(expected, window, "a tranche");
    if (condition && fields.has("expected") === !!expected && fields.has("window") === !!window) {
      timing = { kind: "conditional", condition, ...(expected ? { expected: expected.month, expectedAt: expected.at } : {}), ...(window ? { window } : {}) };
    }
  } else {
    for (const name of ["expected", "window"]) {
      const stray = fields.get(name);
      if (stray) r.report("E_CONFLICTING_FIELDS", `"${name}" applies only to a tranche with a condition`, stray.keySpan, stray.path, `add condition: <name>, or write the tranche's month as date:`);
    }
    if (fields.has("date")) {
      const date = r.month(fields.get("date"), "the date of a tranche");
      if (date) timing = { kind: "dated", month: date.month, at: date.at };
    } else {
      timing = { kind: "dated", month: defaultMonth, at };
    }
  }
  if (!value || !timing) return undefined;
  return { amount: value, timing, ...(marks ? { marks } : {}), at };
}
