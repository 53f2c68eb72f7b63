/**
 * Readers for figures: amounts of money, percentages, counts, quantities and unit prices, each
 * read exactly from the scalar's source text, range-checked, and wrapped with its provenance.
 */
import { isMap, isScalar, type ParsedNode } from "yaml";
import type { Path } from "../diagnostics/diagnostic.js";
import { parseFigure, toMoney, type Figure, type FigureKind } from "../money/figure-text.js";
import type { Money } from "../money/money.js";
import { compareRatio, ratio, ZERO_RATIO, ONE_RATIO, type Ratio } from "../money/ratio.js";
import type { Field, ModelReader, ScalarContent } from "./reader.js";
import type { Provenance, Quantity, Sourced } from "./types.js";

/** Reads one bare value from a node; reports and returns undefined when it is unusable. */
export type ValueReader<T> = (r: ModelReader, node: ParsedNode, path: Path, what: string) => T | undefined;

const KIND_NAMES: Readonly<Record<FigureKind, string>> = {
  number: "a plain number",
  percent: "a percentage",
  quantity: "a quantity with a unit",
  price: "a price per unit",
};

interface ReadFigure {
  readonly figure: Figure;
  readonly content: ScalarContent;
}

function readFigure(r: ModelReader, node: ParsedNode, path: Path, what: string, expected: FigureKind, example: string): ReadFigure | undefined {
  if (!isScalar(node)) {
    r.report("E_WRONG_TYPE", `${what} must be a figure, not ${r.describeNode(node)}`, r.span(node), path, `write a figure such as ${example}`);
    return undefined;
  }
  const content = r.scalarContent(node);
  const parsed = parseFigure(content.text);
  if (!parsed.ok) {
    const p = parsed.problem;
    r.report(p.code, `${what}: ${p.message}`, r.spanInside(content, p.offset, p.length), path, p.hint);
    return undefined;
  }
  if (parsed.value.kind !== expected) {
    r.report("E_FIGURE_KIND", `${what} must be ${KIND_NAMES[expected]}, but "${content.text.trim()}" is ${KIND_NAMES[parsed.value.kind]}`, content.span, path, `write ${KIND_NAMES[expected]} such as ${example}`);
    return undefined;
  }
  return { figure: parsed.value, content };
}

function reportNotPositive(r: ModelReader, read: ReadFigure, path: Path, what: string, orZero: boolean): void {
  r.report("E_NONPOSITIVE_AMOUNT", `${what} must be ${orZero ? "zero or more" : "greater than zero"}, not "${read.content.text.trim()}"`, read.content.span, path);
}

/** An amount of money in the model's currency; `allowZero` for opening cash and schedule years. */
export function amount(options: { allowZero?: boolean } = {}): ValueReader<Money> {
  return (r, node, path, what) => {
    const read = readFigure(r, node, path, what, "number", "35B");
    if (!read) return undefined;
    const sign = read.figure.value.num;
    if (sign < 0n || (sign === 0n && !options.allowZero)) {
      reportNotPositive(r, read, path, what, options.allowZero ?? false);
      return undefined;
    }
    const converted = toMoney(read.figure.value, r.currency, read.content.text);
    if (!converted.ok) {
      r.report(converted.problem.code, `${what}: ${converted.problem.message}`, read.content.span, path, converted.problem.hint);
      return undefined;
    }
    return converted.value;
  };
}

/** A percentage within 0 %..100 %: a rate, a probability, a share. Plain numbers are refused as ambiguous. */
export const share: ValueReader<Ratio> = (r, node, path, what) => {
  const read = readFigure(r, node, path, what, "percent", "20%");
  if (!read) return undefined;
  const value = read.figure.value;
  if (compareRatio(value, ZERO_RATIO) < 0 || compareRatio(value, ONE_RATIO) > 0) {
    r.report("E_PERCENT_RANGE", `${what} is ${read.content.text.trim()}, outside 0 %..100 %`, read.content.span, path);
    return undefined;
  }
  return value;
};

/** A growth rate: a percentage above -100 % (a decline cannot take more than everything). */
export const growth: ValueReader<Ratio> = (r, node, path, what) => {
  const read = readFigure(r, node, path, what, "percent", "60%");
  if (!read) return undefined;
  if (compareRatio(read.figure.value, ratio(-1n)) <= 0) {
    r.report("E_PERCENT_RANGE", `${what} is ${read.content.text.trim()}, but must be above -100 %`, read.content.span, path);
    return undefined;
  }
  return read.figure.value;
};

/** A positive plain number, exact: a price per share in major units. */
export const positiveNumber: ValueReader<Ratio> = (r, node, path, what) => {
  const read = readFigure(r, node, path, what, "number", "12.5");
  if (!read) return undefined;
  if (read.figure.value.num <= 0n) {
    reportNotPositive(r, read, path, what, false);
    return undefined;
  }
  return read.figure.value;
};

/** A positive whole count: shares outstanding (`58.4B` is fine when it is whole). */
export const count: ValueReader<bigint> = (r, node, path, what) => {
  const read = readFigure(r, node, path, what, "number", "58.4B");
  if (!read) return undefined;
  const value = read.figure.value;
  if (value.num <= 0n) {
    reportNotPositive(r, read, path, what, false);
    return undefined;
  }
  if (value.den !== 1n) {
    r.report("E_FIGURE_PRECISION", `${what} must be a whole number, not "${read.content.text.trim()}"`, read.content.span, path);
    return undefined;
  }
  return value.num;
};

/** A positive quantity with a unit: `5 GW`. */
export const quantity: ValueReader<Quantity> = (r, node, path, what) => {
  const read = readFigure(r, node, path, what, "quantity", "5 GW");
  if (!read || read.figure.kind !== "quantity") return undefined;
  if (read.figure.value.num <= 0n) {
    reportNotPositive(r, read, path, what, false);
    return undefined;
  }
  return { value: read.figure.value, unit: read.figure.unit };
};

/** A positive price per unit in major units of the currency: `35B/GW`. */
export const unitPrice: ValueReader<Quantity> = (r, node, path, what) => {
  const read = readFigure(r, node, path, what, "price", "35B/GW");
  if (!read || read.figure.kind !== "price") return undefined;
  if (read.figure.value.num <= 0n) {
    reportNotPositive(r, read, path, what, false);
    return undefined;
  }
  return { value: read.figure.value, unit: read.figure.unit };
};

/**
 * A figure with its provenance: bare (`730B`, provenance "unstated"), or
 * `{ value: 730B, source: "…" }`, or `{ value: 20%, assumption: "…" }`. A source is free text;
 * it may be the id of an entry under `sources:`.
 */
export function sourced<T>(r: ModelReader, field: Field | undefined, what: string, readValue: ValueReader<T>): Sourced<T> | undefined {
  if (!field?.value) return undefined;
  if (!isMap(field.value)) {
    const value = readValue(r, field.value, field.path, what);
    return value === undefined ? undefined : { value, provenance: { kind: "unstated" }, at: { span: r.span(field.value), path: field.path } };
  }
  const fields = r.fields(field.value, field.path, what, { required: ["value"], optional: ["source", "assumption"] }, field.keySpan);
  if (!fields) return undefined;
  const said = r.exclusive(fields, ["source", "assumption"], what);
  let provenance: Provenance = { kind: "unstated" };
  if (said) {
    const text = r.prose(said, `the ${said.name} of ${what}`);
    if (text === undefined) return undefined;
    provenance = said.name === "source" ? { kind: "source", text } : { kind: "assumption", reason: text };
  }
  const valueNode = fields.get("value")?.value;
  if (!valueNode) return undefined;
  const value = readValue(r, valueNode, field.path, what);
  return value === undefined ? undefined : { value, provenance, at: { span: r.span(valueNode), path: field.path } };
}
