/**
 * OCF writes every number as text: a fixed-point decimal with at most ten decimals ("1.50",
 * "1000000"), and percentages as fractions of one ("0.2" is 20 %). These turn such text into
 * exact `Ratio`s and back, never through a float.
 */
import { ratio, type Ratio } from "../money/ratio.js";

/** OCF's fixed-point number: an optional sign, digits, and up to ten decimals. */
export const OCF_NUMERIC = /^[+-]?[0-9]+(\.[0-9]{1,10})?$/;

/** OCF's decimal places limit: a value needing more is rounded (half to even) when written. */
export const OCF_MAX_DECIMALS = 10;

export function parseNumeric(text: string): Ratio | undefined {
  if (!OCF_NUMERIC.test(text)) return undefined;
  const negative = text.startsWith("-");
  const body = text.replace(/^[+-]/, "");
  const [whole = "0", frac = ""] = body.split(".");
  const value = BigInt(whole + frac);
  return ratio(negative ? -value : value, 10n ** BigInt(frac.length));
}

/** A ratio as OCF text with as few decimals as it needs; `exact` is false when ten were not enough. */
export function numericText(r: Ratio): { readonly text: string; readonly exact: boolean } {
  for (let decimals = 0; decimals <= OCF_MAX_DECIMALS; decimals++) {
    const scale = 10n ** BigInt(decimals);
    if ((r.num * scale) % r.den === 0n) return { text: fixed((r.num * scale) / r.den, decimals), exact: true };
  }
  const scale = 10n ** BigInt(OCF_MAX_DECIMALS);
  const scaled = r.num * scale;
  let q = scaled / r.den;
  const rem = scaled % r.den;
  // Half to even, as everywhere else in dealgraph.
  const twice = 2n * (rem < 0n ? -rem : rem);
  if (twice > r.den || (twice === r.den && q % 2n !== 0n)) q += scaled < 0n ? -1n : 1n;
  return { text: fixed(q, OCF_MAX_DECIMALS), exact: false };
}

function fixed(scaled: bigint, decimals: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return `${negative ? "-" : ""}${whole}${decimals > 0 ? `.${frac}` : ""}`;
}

/** Model-language text of a ratio: a plain decimal with as few places as needed (at most ten). */
export const decimalText = (r: Ratio): string => numericText(r).text;
