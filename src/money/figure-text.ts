/**
 * Reads figures the way finance people write them, exactly, from the source text:
 * `730B`, `35 B`, `$1.5M`, `1,250,000`, `20%`, `3 GW`, `50B/GW`.
 *
 * No float is ever involved: the digits are read into a bigint fraction. Scale suffixes are
 * K (thousand), M or mn (million), B or bn (billion), T or tn (trillion).
 */
import { ratio, type Ratio } from "./ratio.js";
import { MONEY_LIMIT, minorDigits, money, type Money } from "./money.js";

export type Figure =
  | { readonly kind: "number"; readonly value: Ratio }
  | { readonly kind: "percent"; readonly value: Ratio }
  | { readonly kind: "quantity"; readonly value: Ratio; readonly unit: string }
  | { readonly kind: "price"; readonly value: Ratio; readonly unit: string };

export type FigureKind = Figure["kind"];

/** Why a text is not a figure; `offset` is where in the text the problem starts. */
export interface FigureProblem {
  readonly code: "E_FIGURE_SYNTAX" | "E_FIGURE_PRECISION" | "E_FIGURE_RANGE";
  readonly message: string;
  readonly hint: string;
  readonly offset: number;
  readonly length: number;
}

export type FigureResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: FigureProblem };

const SCALE_SUFFIXES: Readonly<Record<string, bigint>> = {
  K: 10n ** 3n,
  k: 10n ** 3n,
  M: 10n ** 6n,
  mn: 10n ** 6n,
  MM: 10n ** 6n,
  B: 10n ** 9n,
  bn: 10n ** 9n,
  T: 10n ** 12n,
  tn: 10n ** 12n,
};

// sign, currency sign, digits with optional thousands separators, decimals, scale, then % or unit or /unit.
const FIGURE = /^\s*(-|\+)?\s*(\$)?\s*(\d{1,3}(?:,\d{3})+|\d[\d_]*)(?:\.(\d+))?\s*(?:(K|k|MM|M|mn|B|bn|T|tn)(?![A-Za-z]))?\s*(?:(%)|\/\s*([A-Za-z][A-Za-z0-9]*)|([A-Za-z][A-Za-z0-9]*))?\s*$/;

const GENERIC_HINT = "write figures like 730B, 35 B, 1.5M, 20%, 3 GW or 50B/GW";

/** Parses any figure. Numbers in YAML/JSON arrive here as their source text. */
export function parseFigure(text: string): FigureResult<Figure> {
  const m = FIGURE.exec(text);
  if (!m) return fail("E_FIGURE_SYNTAX", `"${text}" is not a figure`, GENERIC_HINT, 0, text.length);
  const [, sign, , intPart = "", fracPart = "", scaleSuffix, percent, perUnit, unit] = m;
  const digits = intPart.replace(/[,_]/g, "") + fracPart;
  let value = ratio(BigInt(digits) * (SCALE_SUFFIXES[scaleSuffix ?? ""] ?? 1n), 10n ** BigInt(fracPart.length));
  if (sign === "-") value = ratio(-value.num, value.den);
  if (percent) return { ok: true, value: { kind: "percent", value: ratio(value.num, value.den * 100n) } };
  if (perUnit) return { ok: true, value: { kind: "price", value, unit: perUnit } };
  if (unit) return { ok: true, value: { kind: "quantity", value, unit } };
  return { ok: true, value: { kind: "number", value } };
}

/**
 * Converts a major-unit ratio to exact minor units of `currency`. Fails when the figure has
 * more precision than the currency's minor unit, or lies beyond `MONEY_LIMIT`.
 */
export function toMoney(value: Ratio, currency: string, text: string): FigureResult<Money> {
  const scaled = value.num * 10n ** BigInt(minorDigits(currency));
  if (scaled % value.den !== 0n) {
    return fail(
      "E_FIGURE_PRECISION",
      `"${text.trim()}" is finer than one minor unit of ${currency}`,
      `round it to ${minorDigits(currency)} decimal places`,
      0,
      text.length,
    );
  }
  const minor = scaled / value.den;
  if (minor > MONEY_LIMIT || minor < -MONEY_LIMIT) {
    return fail(
      "E_FIGURE_RANGE",
      `"${text.trim()}" is beyond the largest amount dealgraph accepts (about 90 trillion ${currency})`,
      "amounts must stay within ±(2^53 - 1) minor units so that every figure is exact everywhere",
      0,
      text.length,
    );
  }
  return { ok: true, value: money(minor) };
}

/** Parses an amount of money: a plain (scaled) number in the model's currency. */
export function parseMoney(text: string, currency: string): FigureResult<Money> {
  const parsed = parseFigure(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.kind !== "number") {
    return fail("E_FIGURE_SYNTAX", `"${text.trim()}" is a ${parsed.value.kind}, not an amount of money`, "write an amount such as 35B or 1.5M", 0, text.length);
  }
  return toMoney(parsed.value.value, currency, text);
}

function fail<T>(code: FigureProblem["code"], message: string, hint: string, offset: number, length: number): FigureResult<T> {
  return { ok: false, problem: { code, message, hint, offset, length } };
}
