/**
 * `equity:` — each company's share classes, option pools, holdings, options, warrants, SAFEs and
 * notes, and the priced round that converts them. Read into `EquityInput` (equity-types.ts);
 * names are checked here against the section's own classes and pools, and against the model's
 * companies, conditions and rounds by `checkEquityReferences`.
 */
import { isMap, isScalar, isSeq } from "yaml";
import { parseFigure } from "../money/figure-text.js";
import { ratio, ONE_RATIO, type Ratio } from "../money/ratio.js";
import { parseDate } from "../time/month.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { error } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { amount, count, positiveNumber, share, sourced } from "./figures.js";
import type { ConvertibleInput, DayInput, EquityInput, FinancingInput, OptionInput, ParticipationInput, PoolInput, PoolTopUpInput, ShareClassInput, ShareHoldingInput, WarrantInput } from "./equity-types.js";
import type { Field, ModelReader } from "./reader.js";
import type { ModelInput, Ref } from "./types.js";

export function readEquity(r: ModelReader, field: Field | undefined): EquityInput[] {
  const out: EquityInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["equity"], "equity", field?.keySpan ?? r.spanAt(0, 0))) {
    const what = `the equity of ${entry.name}`;
    const fields = r.fields(entry.value, entry.path, what, { required: ["classes"], optional: ["price-decimals", "pools", "holdings", "options", "warrants", "safes", "notes", "financing"] }, entry.keySpan);
    if (!fields) continue;
    const decimalsField = fields.get("price-decimals");
    const decimals = decimalsField ? wholeNumber(r, decimalsField, "price-decimals", 0, 12) : 4;
    const classes = readClasses(r, fields.get("classes"), what);
    const pools = r.entries(fields.get("pools")?.value, [...entry.path, "pools"], `the pools of ${entry.name}`, entry.keySpan).flatMap((p) => {
      const f = r.fields(p.value, p.path, `pool "${p.name}"`, { required: ["class", "reserved"] }, p.keySpan);
      const classId = r.ref(f?.get("class"), `the class of pool "${p.name}"`);
      const reserved = f ? sourced(r, f.get("reserved"), `the shares reserved by pool "${p.name}"`, count) : undefined;
      return classId && reserved ? [{ id: p.name, classId, reserved: reserved.value, at: { span: p.keySpan, path: p.path } } satisfies PoolInput] : [];
    });
    const holdings = items(r, fields.get("holdings"), "holdings").flatMap((h) => readHolding(r, h));
    const options = items(r, fields.get("options"), "options").flatMap((h) => readOption(r, h));
    const warrants = items(r, fields.get("warrants"), "warrants").flatMap((h) => readWarrant(r, h));
    const convertibles: ConvertibleInput[] = [
      ...items(r, fields.get("safes"), "safes").flatMap((h, i) => readSafe(r, h, i)),
      ...items(r, fields.get("notes"), "notes").flatMap((h, i) => readNote(r, h, i)),
    ];
    const financing = fields.get("financing") ? readFinancing(r, fields.get("financing") as Field) : undefined;
    if (decimals === undefined) continue;
    out.push({
      company: { name: entry.name, at: { span: entry.keySpan, path: entry.path } },
      priceDecimals: decimals,
      classes,
      pools,
      holdings,
      options,
      warrants,
      convertibles,
      ...(financing ? { financing } : {}),
      at: { span: entry.keySpan, path: entry.path },
    });
  }
  return out;
}

/** The items of a list, each as a field with its index in the path. */
function items(r: ModelReader, field: Field | undefined, what: string): Field[] {
  if (!field?.value) return [];
  if (!isSeq(field.value)) {
    r.report("E_WRONG_TYPE", `${what} must be a list, not ${r.describeNode(field.value)}`, r.span(field.value), field.path, "write one `- { … }` line per entry");
    return [];
  }
  return field.value.items.map((item, index) => ({ name: String(index), keySpan: r.span(item), value: item, path: [...field.path, index] }));
}

function wholeNumber(r: ModelReader, field: Field, what: string, min: number, max: number): number | undefined {
  const w = r.word(field, what);
  if (!w) return undefined;
  const n = /^\d+$/.test(w.text) ? Number(w.text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    r.report("E_WRONG_TYPE", `${what} must be a whole number from ${min} to ${max}, not "${w.text}"`, w.span, field.path);
    return undefined;
  }
  return n;
}

/** A multiple: `1x`, `1.5x` or a plain number. */
function multiple(r: ModelReader, field: Field | undefined, what: string): Ratio | undefined {
  const w = r.word(field, what);
  if (!w || !field) return undefined;
  const parsed = parseFigure(w.text);
  const value = parsed.ok && (parsed.value.kind === "number" || (parsed.value.kind === "quantity" && parsed.value.unit === "x")) ? parsed.value.value : undefined;
  if (!value) {
    r.report("E_FIGURE_SYNTAX", `${what} must be a multiple such as 1x or 1.5x, not "${w.text}"`, w.span, field.path);
    return undefined;
  }
  if (value.num < 0n) {
    r.report("E_NONPOSITIVE_AMOUNT", `${what} must not be negative, not "${w.text}"`, w.span, field.path);
    return undefined;
  }
  return value;
}

/** A calendar day: `YYYY-MM-DD`, or `YYYY-MM` for the month's first day. */
function day(r: ModelReader, field: Field | undefined, what: string): DayInput | undefined {
  const w = r.word(field, what);
  if (!w || !field) return undefined;
  const parsed = parseDate(w.text);
  if (!parsed.ok) {
    r.report("E_BAD_DATE", `${what}: ${parsed.reason}`, w.span, field.path, "write YYYY-MM-DD");
    return undefined;
  }
  const m = parsed.value.month;
  const iso = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-${String(parsed.value.day ?? 1).padStart(2, "0")}`;
  return { iso, at: { span: w.span, path: field.path } };
}

/** A price per share in major units; zero is allowed for a strike of nothing. */
function price(r: ModelReader, field: Field | undefined, what: string): Ratio | undefined {
  if (!field?.value) return undefined;
  const w = r.word(field, what);
  if (w && /^\s*0+(\.0+)?\s*$/.test(w.text)) return ratio(0n);
  return sourced(r, field, what, positiveNumber)?.value;
}

const CLASS_KEYS = ["kind", "issue-price", "preference", "participation", "seniority", "tier-sharing", "conversion-ratio", "converts-into"];

function readClasses(r: ModelReader, field: Field | undefined, owner: string): ShareClassInput[] {
  const out: ShareClassInput[] = [];
  for (const c of r.entries(field?.value, field?.path ?? [], `the classes of ${owner}`, field?.keySpan ?? r.spanAt(0, 0))) {
    const at = { span: c.keySpan, path: c.path };
    const what = `share class "${c.name}"`;
    if (c.value && isScalar(c.value)) {
      const kind = r.choice(c, ["common"] as const, `kind of ${what} (write a mapping for a preferred class)`);
      if (kind) out.push({ kind: "common", id: c.name, at });
      continue;
    }
    const f = r.fields(c.value, c.path, what, { required: ["kind"], optional: CLASS_KEYS.filter((k) => k !== "kind") }, c.keySpan);
    if (!f) continue;
    const kind = r.choice(f.get("kind"), ["common", "preferred"] as const, `kind of ${what}`);
    if (kind === "common") {
      for (const k of CLASS_KEYS.slice(1)) if (f.has(k)) r.report("E_CONFLICTING_FIELDS", `a common class has no "${k}"`, f.get(k)?.keySpan, [...c.path, k], "only preferred classes carry preferences and conversion terms");
      out.push({ kind: "common", id: c.name, at });
      continue;
    }
    if (kind !== "preferred") continue;
    if (!f.has("seniority")) r.report("E_MISSING_FIELD", `${what} needs "seniority"`, c.keySpan, c.path);
    // A class that a financing issues may leave its issue price to the round's computed price.
    const issuePrice = f.has("issue-price") ? sourced(r, f.get("issue-price"), `the issue price of ${what}`, positiveNumber) : undefined;
    const preference = f.has("preference") ? multiple(r, f.get("preference"), `the liquidation preference of ${what}`) : ONE_RATIO;
    const participation = readParticipation(r, f.get("participation"), what);
    const seniorityField = f.get("seniority");
    const seniority = seniorityField ? wholeNumber(r, seniorityField, `the seniority of ${what}`, 1, 1000) : undefined;
    const tierSharing = f.has("tier-sharing") ? r.choice(f.get("tier-sharing"), ["by-preference", "by-shares"] as const, "tier sharing") : undefined;
    const conversionRatio = f.has("conversion-ratio") ? multiple(r, f.get("conversion-ratio"), `the conversion ratio of ${what}`) : undefined;
    const convertsInto = r.ref(f.get("converts-into"), `the class ${what} converts into`);
    if ((f.has("issue-price") && !issuePrice) || !preference || !participation || seniority === undefined) continue;
    out.push({
      kind: "preferred",
      id: c.name,
      ...(issuePrice ? { issuePrice } : {}),
      preference,
      participation,
      seniority,
      ...(tierSharing ? { tierSharing } : {}),
      ...(conversionRatio ? { conversionRatio } : {}),
      ...(convertsInto ? { convertsInto } : {}),
      at,
    });
  }
  return out;
}

function readParticipation(r: ModelReader, field: Field | undefined, what: string): ParticipationInput | undefined {
  if (!field?.value) return { kind: "non-participating" };
  if (isMap(field.value)) {
    const f = r.fields(field.value, field.path, `the participation of ${what}`, { required: ["cap"] }, field.keySpan);
    const cap = multiple(r, f?.get("cap"), `the participation cap of ${what}`);
    return cap ? { kind: "capped", capMultiple: cap } : undefined;
  }
  const kind = r.choice(field, ["non-participating", "participating"] as const, "participation");
  return kind ? { kind } : undefined;
}

function readHolding(r: ModelReader, item: Field): ShareHoldingInput[] {
  const what = `holding ${Number(item.name) + 1}`;
  const f = r.fields(item.value, item.path, what, { required: ["holder", "class", "shares"], optional: ["issued", "condition", "treasury"] }, item.keySpan);
  if (!f) return [];
  const holder = r.prose(f.get("holder"), `the holder of ${what}`);
  const classId = r.ref(f.get("class"), `the class of ${what}`);
  const shares = sourced(r, f.get("shares"), `the shares of ${what}`, count);
  const issued = day(r, f.get("issued"), `the issue date of ${what}`);
  const condition = r.ref(f.get("condition"), `the condition of ${what}`);
  const treasury = f.has("treasury") ? r.choice(f.get("treasury"), ["true", "false"] as const, "treasury flag") : undefined;
  if (holder === undefined || !classId || !shares) return [];
  return [{ holder, classId, shares, ...(issued ? { issued } : {}), ...(condition ? { condition } : {}), ...(treasury === "true" ? { treasury: true } : {}), at: { span: item.keySpan, path: item.path } }];
}

function readOption(r: ModelReader, item: Field): OptionInput[] {
  const what = `option grant ${Number(item.name) + 1}`;
  const f = r.fields(item.value, item.path, what, { required: ["holder", "pool", "shares", "strike"], optional: ["granted", "vesting", "condition"] }, item.keySpan);
  if (!f) return [];
  const holder = r.prose(f.get("holder"), `the holder of ${what}`);
  const pool = r.ref(f.get("pool"), `the pool of ${what}`);
  const shares = sourced(r, f.get("shares"), `the shares of ${what}`, count);
  const strike = price(r, f.get("strike"), `the strike of ${what}`);
  const granted = day(r, f.get("granted"), `the grant date of ${what}`);
  const condition = r.ref(f.get("condition"), `the condition of ${what}`);
  let vesting: OptionInput["vesting"];
  const v = f.get("vesting");
  if (v) {
    const vf = r.fields(v.value, v.path, `the vesting of ${what}`, { required: ["start", "months"], optional: ["cliff"] }, v.keySpan);
    const start = day(r, vf?.get("start"), `the vesting start of ${what}`);
    const monthsField = vf?.get("months");
    const cliffField = vf?.get("cliff");
    const months = monthsField ? wholeNumber(r, monthsField, `the vesting months of ${what}`, 1, 1200) : undefined;
    const cliff = cliffField ? wholeNumber(r, cliffField, `the cliff of ${what}`, 0, 1200) : 0;
    if (start && months !== undefined && cliff !== undefined) {
      if (cliff > months) r.report("E_CONFLICTING_FIELDS", `the cliff of ${what} (${cliff} months) is longer than its vesting (${months} months)`, cliffField?.keySpan, v.path, "a cliff must end within the vesting term");
      else vesting = { start, months, cliffMonths: cliff };
    }
  }
  if (holder === undefined || !pool || !shares || !strike || (v && !vesting)) return [];
  return [{ holder, pool, shares, strike, ...(granted ? { granted } : {}), ...(vesting ? { vesting } : {}), ...(condition ? { condition } : {}), at: { span: item.keySpan, path: item.path } }];
}

function readWarrant(r: ModelReader, item: Field): WarrantInput[] {
  const what = `warrant ${Number(item.name) + 1}`;
  const f = r.fields(item.value, item.path, what, { required: ["holder", "class", "shares", "strike"], optional: ["issued", "condition"] }, item.keySpan);
  if (!f) return [];
  const holder = r.prose(f.get("holder"), `the holder of ${what}`);
  const classId = r.ref(f.get("class"), `the class of ${what}`);
  const shares = sourced(r, f.get("shares"), `the shares of ${what}`, count);
  const strike = price(r, f.get("strike"), `the strike of ${what}`);
  const issued = day(r, f.get("issued"), `the issue date of ${what}`);
  const condition = r.ref(f.get("condition"), `the condition of ${what}`);
  if (holder === undefined || !classId || !shares || !strike) return [];
  return [{ holder, classId, shares, strike, ...(issued ? { issued } : {}), ...(condition ? { condition } : {}), at: { span: item.keySpan, path: item.path } }];
}

/** A discount of 0 %..100 % exclusive: a 100 % discount would convert at a price of nothing. */
function discount(r: ModelReader, field: Field | undefined, what: string): ReturnType<typeof sourced<Ratio>> {
  const d = sourced(r, field, what, share);
  if (d && d.value.num >= d.value.den) {
    r.report("E_PERCENT_RANGE", `${what} is 100 % or more: the investor would convert for nothing`, d.at.span, d.at.path, "a discount is below 100 % (20 % is usual)");
    return undefined;
  }
  return d;
}

function readSafe(r: ModelReader, item: Field, index: number): ConvertibleInput[] {
  const what = `SAFE ${index + 1}`;
  const f = r.fields(item.value, item.path, what, { required: ["holder", "amount"], optional: ["id", "basis", "cap", "discount", "mfn", "issued"] }, item.keySpan);
  if (!f) return [];
  const holder = r.prose(f.get("holder"), `the holder of ${what}`);
  const id = r.prose(f.get("id"), `the id of ${what}`) ?? `safe-${index + 1}`;
  const amountValue = sourced(r, f.get("amount"), `the purchase amount of ${what}`, amount());
  const basis = f.has("basis") ? r.choice(f.get("basis"), ["post-money", "pre-money"] as const, "SAFE basis") : "post-money";
  const cap = f.has("cap") ? sourced(r, f.get("cap"), `the valuation cap of ${what}`, amount()) : undefined;
  const disc = f.has("discount") ? discount(r, f.get("discount"), `the discount of ${what}`) : undefined;
  const mfn = f.has("mfn") ? r.choice(f.get("mfn"), ["true", "false"] as const, "MFN flag") : "false";
  const issued = day(r, f.get("issued"), `the issue date of ${what}`);
  if (holder === undefined || !amountValue || !basis || (f.has("cap") && !cap) || (f.has("discount") && !disc) || !mfn) return [];
  return [{ kind: "safe", id, holder, amount: amountValue, basis, ...(cap ? { cap } : {}), ...(disc ? { discount: disc } : {}), mfn: mfn === "true", ...(issued ? { issued } : {}), at: { span: item.keySpan, path: item.path } }];
}

function readNote(r: ModelReader, item: Field, index: number): ConvertibleInput[] {
  const what = `note ${index + 1}`;
  const f = r.fields(item.value, item.path, what, { required: ["holder", "principal", "rate", "issued", "maturity"], optional: ["id", "compounding", "day-count", "cap", "discount"] }, item.keySpan);
  if (!f) return [];
  const holder = r.prose(f.get("holder"), `the holder of ${what}`);
  const id = r.prose(f.get("id"), `the id of ${what}`) ?? `note-${index + 1}`;
  const principal = sourced(r, f.get("principal"), `the principal of ${what}`, amount());
  const rate = sourced(r, f.get("rate"), `the interest rate of ${what}`, share);
  const compounding = f.has("compounding") ? r.choice(f.get("compounding"), ["simple", "annual", "monthly"] as const, "compounding") : "simple";
  const dayCount = f.has("day-count") ? r.choice(f.get("day-count"), ["act/365", "30/360"] as const, "day count") : "act/365";
  const issued = day(r, f.get("issued"), `the issue date of ${what}`);
  const maturity = day(r, f.get("maturity"), `the maturity of ${what}`);
  const cap = f.has("cap") ? sourced(r, f.get("cap"), `the valuation cap of ${what}`, amount()) : undefined;
  const disc = f.has("discount") ? discount(r, f.get("discount"), `the discount of ${what}`) : undefined;
  if (holder === undefined || !principal || !rate || !compounding || !dayCount || !issued || !maturity || (f.has("cap") && !cap) || (f.has("discount") && !disc)) return [];
  if (maturity.iso < issued.iso) r.report("E_WINDOW_ORDER", `${what} matures (${maturity.iso}) before it is issued (${issued.iso})`, maturity.at.span, maturity.at.path);
  return [{ kind: "note", id, holder, principal, rate, compounding, dayCount, issued, maturity, ...(cap ? { cap } : {}), ...(disc ? { discount: disc } : {}), at: { span: item.keySpan, path: item.path } }];
}

function readFinancing(r: ModelReader, field: Field): FinancingInput | undefined {
  const f = r.fields(field.value, field.path, "the financing", { required: ["round", "class"], optional: ["pool", "top-up", "promised-options"] }, field.keySpan);
  if (!f) return undefined;
  const round = r.ref(f.get("round"), "the round of the financing");
  const classId = r.ref(f.get("class"), "the class of the financing");
  const pool = r.ref(f.get("pool"), "the pool of the financing");
  let topUp: PoolTopUpInput | undefined = { kind: "none" };
  const t = f.get("top-up");
  if (t?.value) {
    const tf = r.fields(t.value, t.path, "the pool top-up", { optional: ["target", "increase"] }, t.keySpan);
    const chosen = tf ? r.exclusive(tf, ["target", "increase"], "the pool top-up") : undefined;
    if (chosen?.name === "target") {
      const target = sourced(r, chosen, "the pool target", share);
      topUp = target ? (target.value.num >= target.value.den ? undefined : { kind: "target", fraction: target.value }) : undefined;
      if (target && !topUp) r.report("E_PERCENT_RANGE", "the pool target must be below 100 % of the post-money", target.at.span, target.at.path);
    } else if (chosen?.name === "increase") {
      const inc = sourced(r, chosen, "the pool increase", count);
      topUp = inc ? { kind: "increase", shares: inc.value } : undefined;
    }
  }
  const promised = f.has("promised-options") ? sourced(r, f.get("promised-options"), "the promised options", count) : undefined;
  if (!round || !classId || !topUp || (f.has("pool") && !pool)) return undefined;
  return { round, classId, ...(pool ? { pool } : {}), topUp, ...(promised ? { promisedOptions: promised.value } : {}), at: { span: field.keySpan, path: field.path } };
}

/**
 * Names in the equity sections: the company is a company party; classes, pools, conditions and
 * the financing's round exist; a preferred class converts into a class that exists.
 */
const formatRatio = (r: Ratio): string => (r.den === 1n ? String(r.num) : `${r.num}/${r.den}`);

export function checkEquityReferences(equity: readonly EquityInput[], model: Pick<ModelInput, "parties" | "conditions" | "rounds">): Diagnostic[] {
  const out: Diagnostic[] = [];
  const unknown = (ref: Ref, known: readonly string[], noun: string, code: Diagnostic["code"]): void => {
    if (!known.includes(ref.name)) out.push(error(code, `${noun} "${ref.name}" is not defined`, { span: ref.at.span, path: ref.at.path, hint: didYouMean(ref.name, known, noun) }));
  };
  const companies = model.parties.filter((p) => p.kind === "company").map((p) => p.name);
  const conditions = model.conditions.map((c) => c.name);
  for (const e of equity) {
    unknown(e.company, companies, "company", "E_UNKNOWN_PARTY");
    const classes = e.classes.map((c) => c.id);
    const pools = e.pools.map((p) => p.id);
    for (const c of e.classes) if (c.kind === "preferred" && c.convertsInto) unknown(c.convertsInto, classes, "share class", "E_UNKNOWN_CLASS");
    for (const c of e.classes) {
      if (c.kind !== "preferred" || c.issuePrice || e.financing?.classId.name === c.id) continue;
      out.push(error("E_MISSING_FIELD", `share class "${c.id}" needs "issue-price"`, { span: c.at.span, path: c.at.path, hint: "only the class a financing issues may leave it to the round price" }));
    }
    for (const p of e.pools) unknown(p.classId, classes, "share class", "E_UNKNOWN_CLASS");
    for (const h of [...e.holdings, ...e.warrants]) unknown(h.classId, classes, "share class", "E_UNKNOWN_CLASS");
    for (const o of e.options) unknown(o.pool, pools, "option pool", "E_UNKNOWN_CLASS");
    for (const h of [...e.holdings, ...e.options, ...e.warrants]) if (h.condition) unknown(h.condition, conditions, "condition", "E_UNKNOWN_CONDITION");
    if (e.financing) {
      unknown(e.financing.classId, classes, "share class", "E_UNKNOWN_CLASS");
      // The round price is per share of a capitalization counted as converted to common, and the
      // new money and the conversions buy shares at it: a class converting other than one for one
      // would give them more (or less) of the company than they paid for.
      const issued = e.classes.find((c) => c.id === e.financing?.classId.name);
      const ratioOf = issued?.kind === "preferred" ? issued.conversionRatio : undefined;
      if (ratioOf && ratioOf.num !== ratioOf.den) {
        const at = e.financing.classId.at;
        out.push(error("E_CONFLICTING_FIELDS", `the financing issues share class "${issued?.id}", which converts at ${formatRatio(ratioOf)} common shares a share; the class a financing issues converts one for one`, { span: at.span, path: at.path, hint: "the round is priced per share as converted to common: drop conversion-ratio from the class, or let the financing issue a class of its own" }));
      }
      if (e.financing.pool) unknown(e.financing.pool, pools, "option pool", "E_UNKNOWN_CLASS");
      const rounds = model.rounds.filter((r) => r.company.name === e.company.name).map((r) => r.name);
      const round = e.financing.round;
      if (!rounds.includes(round.name)) out.push(error("E_UNKNOWN_ROUND", `${e.company.name} has no round "${round.name}"`, { span: round.at.span, path: round.at.path, hint: didYouMean(round.name, rounds, "round") }));
    }
  }
  return out;
}
