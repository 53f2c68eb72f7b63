/**
 * `drivers:`, `scenarios:` and `simulation:` — the uncertain inputs of a model, the named
 * overrides of its base case, and how a Monte Carlo run treats them. Read into the types of
 * simulation-types.ts; names are checked by `checkSimulationReferences`.
 */
import { isMap, isSeq } from "yaml";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { parseFigure, toMoney } from "../money/figure-text.js";
import { ratio, type Ratio } from "../money/ratio.js";
import type { Field, ModelReader } from "./reader.js";
import type { CorrelationInput, DistributionInput, DriverInput, DriverValue, ScenarioInput, SimulationInput } from "./simulation-types.js";
import type { Located, Provenance, Ref } from "./types.js";

const DISTRIBUTION_KINDS = ["uniform", "triangular", "normal", "lognormal", "discrete"] as const;

/**
 * A driver value: a figure with a scale (`35B`, `1.5M`) or a currency sign is money; a percentage
 * or a plain number (`0.8`, `60%`) is a number.
 */
function driverValueFromText(r: ModelReader, text: string, span: Located["span"], path: Located["path"], what: string): DriverValue | undefined {
  const parsed = parseFigure(text);
  if (!parsed.ok) {
    r.report(parsed.problem.code, `${what}: ${parsed.problem.message}`, span, path, parsed.problem.hint);
    return undefined;
  }
  const f = parsed.value;
  if (f.kind === "percent") return { dim: "number", value: f.value };
  if (f.kind !== "number") {
    r.report("E_FIGURE_KIND", `${what} must be an amount, a percentage or a plain number, not "${text.trim()}"`, span, path, "write 35B, 60% or 0.8");
    return undefined;
  }
  if (!/\$|\d\s*(K|k|MM|M|mn|B|bn|T|tn)\s*$/.test(text.trim())) return { dim: "number", value: f.value };
  const money = toMoney(f.value, r.currency, text);
  if (!money.ok) {
    r.report(money.problem.code, `${what}: ${money.problem.message}`, span, path, money.problem.hint);
    return undefined;
  }
  return { dim: "money", value: money.value };
}

function driverValue(r: ModelReader, field: Field | undefined, what: string): DriverValue | undefined {
  const w = r.word(field, what);
  return w && field ? driverValueFromText(r, w.text, w.span, field.path, what) : undefined;
}

/** `{ value: …, source|assumption: … }` or a bare value, like every figure. */
function sourcedDriverValue(r: ModelReader, field: Field | undefined, what: string): { value: DriverValue; provenance: Provenance; at: Located } | undefined {
  if (!field?.value) return undefined;
  if (!isMap(field.value)) {
    const v = driverValue(r, field, what);
    return v ? { value: v, provenance: { kind: "unstated" }, at: { span: r.span(field.value), path: field.path } } : undefined;
  }
  const f = r.fields(field.value, field.path, what, { required: ["value"], optional: ["source", "assumption"] }, field.keySpan);
  if (!f) return undefined;
  const said = r.exclusive(f, ["source", "assumption"], what);
  const text = said ? r.prose(said, `the ${said.name} of ${what}`) : undefined;
  const provenance: Provenance = said && text !== undefined ? (said.name === "source" ? { kind: "source", text } : { kind: "assumption", reason: text }) : { kind: "unstated" };
  const valueField = f.get("value");
  const v = driverValue(r, valueField, what);
  return v && valueField?.value ? { value: v, provenance, at: { span: r.span(valueField.value), path: field.path } } : undefined;
}

/** A plain number (a correlation, a loading, a lognormal parameter): may be negative. */
function plainNumber(r: ModelReader, field: Field | undefined, what: string): Ratio | undefined {
  const w = r.word(field, what);
  if (!w || !field) return undefined;
  const parsed = parseFigure(w.text);
  if (!parsed.ok || (parsed.value.kind !== "number" && parsed.value.kind !== "percent")) {
    r.report("E_FIGURE_SYNTAX", `${what} must be a plain number, not "${w.text}"`, w.span, field.path);
    return undefined;
  }
  return parsed.value.value;
}

function listItems(r: ModelReader, field: Field, what: string): Field[] | undefined {
  if (!field.value || !isSeq(field.value)) {
    r.report("E_WRONG_TYPE", `${what} must be a list`, field.value ? r.span(field.value) : field.keySpan, field.path, "write [low, high] or [low, mode, high]");
    return undefined;
  }
  return field.value.items.map((item, i) => ({ name: String(i), keySpan: r.span(item), value: item, path: [...field.path, i] }));
}

const sameDim = (values: readonly DriverValue[]): boolean => values.every((v) => v.dim === values[0]?.dim);
const asRatio = (v: DriverValue): Ratio => (v.dim === "number" ? v.value : ratio(v.value));
const below = (a: DriverValue, b: DriverValue): boolean => {
  const x = asRatio(a);
  const y = asRatio(b);
  return x.num * y.den < y.num * x.den;
};

function readDistribution(r: ModelReader, field: Field, what: string): DistributionInput | undefined {
  const at: Located = { span: field.keySpan, path: field.path };
  const entries = r.entries(field.value, field.path, what, field.keySpan);
  if (entries.length !== 1) {
    r.report("E_WRONG_TYPE", `${what} must name one distribution`, field.keySpan, field.path, `write { triangular: [low, mode, high] }; kinds: ${DISTRIBUTION_KINDS.join(", ")}`);
    return undefined;
  }
  const entry = entries[0] as Field;
  const kind = DISTRIBUTION_KINDS.find((k) => k === entry.name);
  if (!kind) {
    r.report("E_BAD_ENUM", `"${entry.name}" is not a distribution dealgraph knows`, entry.keySpan, entry.path, didYouMean(entry.name, DISTRIBUTION_KINDS, "distribution"));
    return undefined;
  }
  if (kind === "discrete") {
    const outcomes = r.entries(entry.value, entry.path, `the outcomes of ${what}`, entry.keySpan);
    const values: DriverValue[] = [];
    const probabilities: Ratio[] = [];
    for (const o of outcomes) {
      const v = driverValueFromText(r, o.name, o.keySpan, o.path, `an outcome of ${what}`);
      const p = plainNumber(r, o, `the probability of ${o.name}`);
      if (!v || !p) return undefined;
      if (p.num < 0n || p.num > p.den) {
        r.report("E_PERCENT_RANGE", `the probability of ${o.name} in ${what} is outside 0 %..100 %`, o.keySpan, o.path);
        return undefined;
      }
      values.push(v);
      probabilities.push(p);
    }
    const total = probabilities.reduce((a, p) => ratio(a.num * p.den + p.num * a.den, a.den * p.den), ratio(0n));
    if (total.num !== total.den) {
      r.report("E_PERCENT_RANGE", `the probabilities of ${what} add up to ${Number(total.num) / Number(total.den) * 100} %, not 100 %`, entry.keySpan, entry.path);
      return undefined;
    }
    if (!sameDim(values)) {
      r.report("E_UNIT_MISMATCH", `the outcomes of ${what} mix money and plain numbers`, entry.keySpan, entry.path);
      return undefined;
    }
    return { kind, values, probabilities, at };
  }
  const items = listItems(r, entry, `the parameters of ${what}`);
  if (!items) return undefined;
  const arity = kind === "triangular" ? 3 : 2;
  if (items.length !== arity) {
    r.report("E_WRONG_TYPE", `a ${kind} distribution takes ${arity} parameters, not ${items.length}`, entry.keySpan, entry.path, kind === "triangular" ? "write [low, mode, high]" : kind === "normal" ? "write [mean, sd]" : kind === "lognormal" ? "write [mu, sigma] of the logarithm" : "write [low, high]");
    return undefined;
  }
  if (kind === "lognormal") {
    const [mu, sigma] = items.map((item, i) => plainNumber(r, item, `${i === 0 ? "mu" : "sigma"} of ${what}`));
    if (!mu || !sigma) return undefined;
    if (sigma.num <= 0n) {
      r.report("E_NONPOSITIVE_AMOUNT", `sigma of ${what} must be greater than zero`, items[1]?.keySpan, entry.path);
      return undefined;
    }
    return { kind, mu, sigma, at };
  }
  const values = items.map((item, i) => driverValue(r, item, `parameter ${i + 1} of ${what}`));
  if (values.some((v) => !v)) return undefined;
  const vs = values as DriverValue[];
  if (!sameDim(vs)) {
    r.report("E_UNIT_MISMATCH", `the parameters of ${what} mix money and plain numbers`, entry.keySpan, entry.path, "write every parameter as money (35B) or every one as a number (60%, 0.8)");
    return undefined;
  }
  if (kind === "normal") {
    const [mean, sd] = vs as [DriverValue, DriverValue];
    if (asRatio(sd).num <= 0n) {
      r.report("E_NONPOSITIVE_AMOUNT", `the standard deviation of ${what} must be greater than zero`, items[1]?.keySpan, entry.path);
      return undefined;
    }
    return { kind, mean, sd, at };
  }
  const [low, a, b] = vs as [DriverValue, DriverValue, DriverValue | undefined];
  const high = kind === "triangular" ? (b as DriverValue) : a;
  if (below(high, low)) {
    r.report("E_RANGE_ORDER", `the low end of ${what} is above its high end`, items[0]?.keySpan, entry.path, "write the low value first");
    return undefined;
  }
  if (kind === "triangular" && (below(a, low) || below(high, a))) {
    r.report("E_RANGE_ORDER", `the mode of ${what} is outside its low..high range`, items[1]?.keySpan, entry.path);
    return undefined;
  }
  return kind === "triangular" ? { kind, low, mode: a, high, at } : { kind, low, high, at };
}

/** "10 to 100": a plain range, read as uniform. */
function readRange(r: ModelReader, field: Field, what: string): DistributionInput | undefined {
  const w = r.word(field, what);
  if (!w) return undefined;
  const m = /^(.*?)\s+to\s+(.*)$/.exec(w.text);
  if (!m) {
    r.report("E_FIGURE_SYNTAX", `${what} "${w.text}" is not a range`, w.span, field.path, "write LOW to HIGH, e.g. 25B to 45B or 40% to 80%");
    return undefined;
  }
  const low = driverValueFromText(r, m[1] ?? "", w.span, field.path, `the low end of ${what}`);
  const high = driverValueFromText(r, m[2] ?? "", w.span, field.path, `the high end of ${what}`);
  if (!low || !high) return undefined;
  if (low.dim !== high.dim) {
    r.report("E_UNIT_MISMATCH", `${what} mixes money and a plain number`, w.span, field.path);
    return undefined;
  }
  if (below(high, low)) {
    r.report("E_RANGE_ORDER", `the low end of ${what} (${(m[1] ?? "").trim()}) is above its high end (${(m[2] ?? "").trim()})`, w.span, field.path, "write the low value first: LOW to HIGH");
    return undefined;
  }
  return { kind: "range", low, high, at: { span: w.span, path: field.path } };
}

export function readDrivers(r: ModelReader, field: Field | undefined, declared: Set<string>): DriverInput[] {
  const out: DriverInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["drivers"], "drivers", field?.keySpan ?? r.spanAt(0, 0))) {
    declared.add(entry.name);
    const what = `driver "${entry.name}"`;
    const f = r.fields(entry.value, entry.path, what, { required: ["base"], optional: ["distribution", "range", "description"] }, entry.keySpan);
    if (!f) continue;
    const base = sourcedDriverValue(r, f.get("base"), `the base value of ${what}`);
    const chosen = r.exclusive(f, ["distribution", "range"], what);
    const distribution = chosen?.name === "distribution" ? readDistribution(r, chosen, `the distribution of ${what}`) : chosen ? readRange(r, chosen, `the range of ${what}`) : undefined;
    const description = r.prose(f.get("description"), `the description of ${what}`);
    if (!base || (chosen && !distribution)) continue;
    const params = distribution ? distributionValues(distribution) : [];
    if (params.some((p) => p.dim !== base.value.dim)) {
      r.report("E_UNIT_MISMATCH", `the base value of ${what} is ${base.value.dim === "money" ? "money" : "a plain number"}, but its distribution is not`, base.at.span, base.at.path, "write both as money (35B) or both as numbers (60%, 0.8)");
      continue;
    }
    out.push({ name: entry.name, base, ...(distribution ? { distribution } : {}), ...(description !== undefined ? { description } : {}), at: { span: entry.keySpan, path: entry.path } });
  }
  return out;
}

const distributionValues = (d: DistributionInput): DriverValue[] =>
  d.kind === "lognormal" ? [] : d.kind === "discrete" ? [...d.values] : d.kind === "normal" ? [d.mean, d.sd] : d.kind === "triangular" ? [d.low, d.mode, d.high] : [d.low, d.high];

export function readScenarios(r: ModelReader, field: Field | undefined): ScenarioInput[] {
  const out: ScenarioInput[] = [];
  for (const entry of r.entries(field?.value, field?.path ?? ["scenarios"], "scenarios", field?.keySpan ?? r.spanAt(0, 0))) {
    const what = `scenario "${entry.name}"`;
    const f = r.fields(entry.value, entry.path, what, { optional: ["description", "drivers", "conditions"] }, entry.keySpan);
    if (!f) continue;
    const drivers = r.entries(f.get("drivers")?.value, [...entry.path, "drivers"], `the drivers of ${what}`, entry.keySpan).flatMap((d) => {
      const value = driverValue(r, d, `the value of driver "${d.name}" in ${what}`);
      return value ? [{ driver: { name: d.name, at: { span: d.keySpan, path: d.path } }, value, at: { span: d.keySpan, path: d.path } }] : [];
    });
    const conditions = r.entries(f.get("conditions")?.value, [...entry.path, "conditions"], `the conditions of ${what}`, entry.keySpan).flatMap((c) => {
      const state = r.choice(c, ["met", "not-met"] as const, `state of condition "${c.name}"`);
      return state ? [{ condition: { name: c.name, at: { span: c.keySpan, path: c.path } }, met: state === "met", at: { span: c.keySpan, path: c.path } }] : [];
    });
    const description = r.prose(f.get("description"), `the description of ${what}`);
    out.push({ name: entry.name, ...(description !== undefined ? { description } : {}), drivers, conditions, at: { span: entry.keySpan, path: entry.path } });
  }
  return out;
}

export function readSimulation(r: ModelReader, field: Field | undefined): SimulationInput | undefined {
  if (!field?.value) return undefined;
  const f = r.fields(field.value, field.path, "the simulation", { required: ["company"], optional: ["correlation", "conditions"] }, field.keySpan);
  if (!f) return undefined;
  const company = r.ref(f.get("company"), "the company of the simulation");
  const c = f.get("correlation");
  let correlation: CorrelationInput | undefined;
  if (c?.value) {
    const cf = r.fields(c.value, c.path, "the correlation", { optional: ["rank", "factors"] }, c.keySpan);
    const chosen = cf ? r.exclusive(cf, ["rank", "factors"], "the correlation") : undefined;
    if (chosen?.name === "rank") {
      const rf = r.fields(chosen.value, chosen.path, "the rank correlation", { required: ["drivers", "matrix"] }, chosen.keySpan);
      const drivers = r.refList(rf?.get("drivers"), "the correlated drivers");
      const m = rf?.get("matrix");
      const rows = m ? listItems(r, m, "the correlation matrix") : undefined;
      const matrix = rows?.map((row) => (listItems(r, row, "a row of the correlation matrix") ?? []).map((cell) => plainNumber(r, cell, "a correlation") ?? ratio(0n)));
      if (matrix && drivers.length > 0) {
        if (matrix.length !== drivers.length || matrix.some((row) => row.length !== drivers.length)) {
          r.report("E_WRONG_TYPE", `the correlation matrix must be ${drivers.length} × ${drivers.length}, one row and column per driver`, m?.keySpan, chosen.path);
        } else correlation = { kind: "rank", drivers, matrix, at: { span: chosen.keySpan, path: chosen.path } };
      }
    } else if (chosen?.name === "factors") {
      const factors = r.entries(chosen.value, chosen.path, "the factors", chosen.keySpan).map((factor) => ({
        name: factor.name,
        loadings: r.entries(factor.value, factor.path, `the loadings of factor "${factor.name}"`, factor.keySpan).flatMap((l) => {
          const loading = plainNumber(r, l, `the loading of ${l.name}`);
          return loading ? [{ driver: { name: l.name, at: { span: l.keySpan, path: l.path } }, loading }] : [];
        }),
      }));
      correlation = { kind: "factors", factors, at: { span: chosen.keySpan, path: chosen.path } };
    }
  }
  const conditions = r.entries(f.get("conditions")?.value, [...field.path, "conditions"], "the simulation's conditions", field.keySpan).flatMap((entry) => {
    const cf = r.fields(entry.value, entry.path, `condition "${entry.name}" in the simulation`, { optional: ["probability", "window"] }, entry.keySpan);
    if (!cf) return [];
    const p = cf.has("probability") ? plainNumber(r, cf.get("probability"), `the probability of ${entry.name}`) : undefined;
    if (p && (p.num < 0n || p.num > p.den)) {
      r.report("E_PERCENT_RANGE", `the probability of ${entry.name} is outside 0 %..100 %`, cf.get("probability")?.keySpan, entry.path);
      return [];
    }
    const window = r.window(cf.get("window"), `the window of ${entry.name}`, { from: "from", to: "to" }, "E_WINDOW_ORDER");
    return [{ condition: { name: entry.name, at: { span: entry.keySpan, path: entry.path } }, ...(p ? { probability: p } : {}), ...(window ? { window } : {}), at: { span: entry.keySpan, path: entry.path } }];
  });
  if (!company) return undefined;
  return { company, ...(correlation ? { correlation } : {}), conditions, at: { span: field.keySpan, path: field.path } };
}

/** Names in the uncertainty sections: drivers, conditions and the company exist; no driver shares a name with a forecast line. */
export function checkSimulationReferences(
  drivers: readonly DriverInput[],
  scenarios: readonly ScenarioInput[],
  simulation: SimulationInput | undefined,
  known: { parties: ReadonlyMap<string, string | undefined>; conditions: ReadonlySet<string>; lines: ReadonlyMap<string, ReadonlyMap<string, unknown>>; drivers: ReadonlySet<string> },
  scaled: ReadonlyArray<{ readonly line: string; readonly scale: Ref }>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Every name declared under `drivers:` counts, readable or not, so that one bad driver does not
  // also make every use of it "unknown".
  const driverNames = [...new Set([...drivers.map((d) => d.name), ...known.drivers])];
  const conditionNames = [...known.conditions];
  const check = (ref: Ref, names: readonly string[], noun: string, code: Diagnostic["code"]): void => {
    if (!names.includes(ref.name)) out.push(error(code, `${noun} "${ref.name}" is not defined`, { span: ref.at.span, path: ref.at.path, hint: didYouMean(ref.name, names, noun) }));
  };
  for (const d of drivers) {
    for (const [company, lines] of known.lines) {
      if (lines.has(d.name)) out.push(error("E_CONFLICTING_FIELDS", `driver "${d.name}" has the name of a line of ${company}'s forecast`, { span: d.at.span, path: d.at.path, hint: "rename one: a formula must know which it reads" }));
    }
  }
  for (const { line, scale } of scaled) {
    const driver = drivers.find((d) => d.name === scale.name);
    check(scale, driverNames, "driver", "E_UNKNOWN_DRIVER");
    if (driver && driver.base.value.dim !== "number") out.push(error("E_UNIT_MISMATCH", `line "${line}" is scaled by driver "${scale.name}", which is money, not a plain number`, { span: scale.at.span, path: scale.at.path, hint: "scale by a factor such as 1 (base) with a range 0.8 to 1.2" }));
    // The base case must keep the line's shape: a simulation scales it again from the base.
    else if (driver && driver.base.value.dim === "number" && driver.base.value.value.num === 0n) out.push(error("E_NONPOSITIVE_AMOUNT", `line "${line}" is scaled by driver "${scale.name}", whose base is 0`, { span: driver.base.at.span, path: driver.base.at.path, hint: "give a scaling driver a base other than 0 (1 is the line as written)" }));
  }
  for (const s of scenarios) {
    for (const d of s.drivers) check(d.driver, driverNames, "driver", "E_UNKNOWN_DRIVER");
    for (const c of s.conditions) check(c.condition, conditionNames, "condition", "E_UNKNOWN_CONDITION");
  }
  if (simulation) {
    const companies = [...known.parties].filter(([, kind]) => kind === "company").map(([n]) => n);
    check(simulation.company, companies, "company", "E_UNKNOWN_PARTY");
    for (const c of simulation.conditions) check(c.condition, conditionNames, "condition", "E_UNKNOWN_CONDITION");
    const corr = simulation.correlation;
    if (corr?.kind === "rank") corr.drivers.forEach((d) => check(d, driverNames, "driver", "E_UNKNOWN_DRIVER"));
    if (corr?.kind === "factors") corr.factors.forEach((f) => f.loadings.forEach((l) => check(l.driver, driverNames, "driver", "E_UNKNOWN_DRIVER")));
  }
  return out;
}
