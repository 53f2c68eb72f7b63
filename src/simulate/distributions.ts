/**
 * Distributions of drivers, as quantile functions: every draw is `quantile(distribution, u)` for
 * a uniform u in (0, 1). One mechanism then serves independent drivers (u from the generator),
 * correlated ones (u = Φ(z) from the Gaussian copula) and sensitivities (u = 0.1 and 0.9).
 *
 * Values are in the driver's own units: major units for money drivers, plain factors for numbers.
 */
import type { Path } from "../diagnostics/diagnostic.js";
import type { Located } from "../model/types.js";
import { simulationError, type SimulationDiagnostic } from "./codes.js";

export type Distribution =
  /** Every value between low and high equally likely. */
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  /** A plain range, "10 to 100": read as uniform. */
  | { readonly kind: "range"; readonly low: number; readonly high: number }
  | { readonly kind: "triangular"; readonly low: number; readonly mode: number; readonly high: number }
  | { readonly kind: "normal"; readonly mean: number; readonly sd: number }
  /** ln X is normal with mean `mu` and standard deviation `sigma` (so the median is e^mu). */
  | { readonly kind: "lognormal"; readonly mu: number; readonly sigma: number }
  | { readonly kind: "discrete"; readonly values: readonly number[]; readonly probabilities: readonly number[] };

export type DistributionKind = Distribution["kind"];

/** The value at cumulative probability u (0 < u < 1). */
export function quantile(d: Distribution, u: number): number {
  switch (d.kind) {
    case "uniform":
    case "range":
      return d.low + u * (d.high - d.low);
    case "triangular": {
      const width = d.high - d.low;
      if (width === 0) return d.low;
      const split = (d.mode - d.low) / width;
      return u < split ? d.low + Math.sqrt(u * width * (d.mode - d.low)) : d.high - Math.sqrt((1 - u) * width * (d.high - d.mode));
    }
    case "normal":
      return d.mean + d.sd * inverseNormal(u);
    case "lognormal":
      return Math.exp(d.mu + d.sigma * inverseNormal(u));
    case "discrete": {
      let cumulative = 0;
      for (let i = 0; i < d.values.length; i++) {
        cumulative += d.probabilities[i] ?? 0;
        if (u < cumulative) return d.values[i] ?? 0;
      }
      return d.values[d.values.length - 1] ?? 0; // rounding of the cumulative sum
    }
  }
}

/** The median: the base value of a driver whose base the caller does not state. */
export const median = (d: Distribution): number => quantile(d, 0.5);

/** The smallest and largest values a distribution can take (infinite for normal tails). */
export function support(d: Distribution): { readonly low: number; readonly high: number } {
  switch (d.kind) {
    case "uniform":
    case "range":
    case "triangular":
      return { low: d.low, high: d.high };
    case "normal":
      return { low: -Infinity, high: Infinity };
    case "lognormal":
      return { low: 0, high: Infinity };
    case "discrete":
      return { low: Math.min(...d.values), high: Math.max(...d.values) };
  }
}

/** Checks a distribution's parameters; one diagnostic per problem, at `at` or `path`. */
export function checkDistribution(d: Distribution, name: string, path: Path, at?: Located): SimulationDiagnostic[] {
  const where = at ? { span: at.span, path: at.path } : { path };
  const out: SimulationDiagnostic[] = [];
  const finite = (value: number, label: string): boolean => {
    if (Number.isFinite(value)) return true;
    out.push(simulationError("E_SIM_PARAMETER", `the ${label} of "${name}" is not a finite number`, where));
    return false;
  };
  switch (d.kind) {
    case "uniform":
    case "range":
      if (finite(d.low, "low") && finite(d.high, "high") && d.low > d.high)
        out.push(simulationError("E_SIM_RANGE_ORDER", `the range of "${name}" runs from ${d.low} down to ${d.high}: its low is above its high`, { ...where, hint: `write it as ${d.high} to ${d.low}` }));
      break;
    case "triangular":
      if (finite(d.low, "low") && finite(d.mode, "mode") && finite(d.high, "high")) {
        if (d.low > d.high) out.push(simulationError("E_SIM_RANGE_ORDER", `the triangular distribution of "${name}" has its low (${d.low}) above its high (${d.high})`, where));
        else if (d.mode < d.low || d.mode > d.high) out.push(simulationError("E_SIM_RANGE_ORDER", `the mode of "${name}" (${d.mode}) is outside its range ${d.low} to ${d.high}`, where));
      }
      break;
    case "normal":
      if (finite(d.mean, "mean") && finite(d.sd, "standard deviation") && d.sd < 0) out.push(simulationError("E_SIM_PARAMETER", `the standard deviation of "${name}" is below zero`, where));
      break;
    case "lognormal":
      if (finite(d.mu, "mu") && finite(d.sigma, "sigma") && d.sigma < 0) out.push(simulationError("E_SIM_PARAMETER", `the sigma of "${name}" is below zero`, where));
      break;
    case "discrete": {
      if (d.values.length === 0 || d.values.length !== d.probabilities.length) {
        out.push(simulationError("E_SIM_PARAMETER", `"${name}" needs as many probabilities as values, and at least one of each`, where));
        break;
      }
      d.values.forEach((v, i) => finite(v, `value ${i + 1}`));
      let total = 0;
      d.probabilities.forEach((p, i) => {
        if (!(p >= 0 && p <= 1)) out.push(simulationError("E_SIM_PROBABILITY_RANGE", `probability ${i + 1} of "${name}" is ${p}, outside 0..1`, where));
        total += p;
      });
      // A tolerance for probabilities written to a few decimals (1/3 as 0.3333).
      if (Math.abs(total - 1) > 1e-6) out.push(simulationError("E_SIM_PROBABILITY_SUM", `the probabilities of "${name}" add up to ${total}, not 1`, where));
      break;
    }
  }
  return out;
}

/**
 * The standard normal distribution function Φ, accurate to about 1e-14: Hart's rational
 * approximation (1968) in the double-precision form given by G. West, "Better approximations to
 * cumulative normal functions" (Wilmott, 2005).
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) tail = 0;
  else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let c = z + 0.65;
      c = z + 4 / c;
      c = z + 3 / c;
      c = z + 2 / c;
      c = z + 1 / c;
      tail = e / c / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

// P. J. Acklam's rational approximation of the inverse normal (relative error 1.15e-9), refined
// by one Halley step against normalCdf to nearly full double precision.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;

/** Φ⁻¹(u) for 0 < u < 1 (−∞ and +∞ at the ends). */
export function inverseNormal(u: number): number {
  if (u <= 0) return -Infinity;
  if (u >= 1) return Infinity;
  let x: number;
  if (u < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(u));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (u <= 1 - P_LOW) {
    const q = u - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - u));
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const e = normalCdf(x) - u;
  const step = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - step / (1 + (x * step) / 2);
}
