/**
 * Correlated drivers through a Gaussian copula: each correlated driver gets a latent standard
 * normal z; the z's are correlated by the lower Cholesky factor L of their correlation matrix
 * (z = L·n for independent normals n); the driver's value is its own quantile at Φ(z). Marginals
 * are untouched; only the ranks move together.
 *
 * Correlation is stated either as a rank (Spearman) matrix, turned into the latent normals'
 * matrix by ρ = 2·sin(π·ρs/6) (exact for the Gaussian copula), or as shared factors, whose
 * loadings are on the latent normals: z_i = Σ_f l_if·F_f + √(1 − Σ_f l_if²)·ε_i.
 */
import type { Path } from "../diagnostics/diagnostic.js";
import type { Located } from "../model/types.js";
import { simulationError, type SimulationDiagnostic, type SimulationStaged } from "./codes.js";

export type CorrelationSpec =
  | {
      readonly kind: "rank";
      readonly drivers: readonly string[];
      /** Rank correlations, row by row; symmetric, ones on the diagonal. */
      readonly matrix: ReadonlyArray<readonly number[]>;
      readonly at?: Located;
    }
  | {
      readonly kind: "factors";
      readonly factors: ReadonlyArray<{ readonly name: string; readonly loadings: Readonly<Record<string, number>> }>;
      readonly at?: Located;
    };

/** The correlated drivers (indices into the program's drivers) and the lower Cholesky factor of their latent correlation, row-major K×K. */
export interface CopulaPlan {
  readonly drivers: Int32Array;
  readonly lower: Float64Array;
}

// A pivot this close to zero is a semi-definite matrix (a driver fully determined by others), not a failure.
const PIVOT_TOLERANCE = 1e-10;

/** Builds the copula; a matrix that is not a correlation matrix gives diagnostics (naming a pair) and no value. */
export function planCopula(spec: CorrelationSpec, driverNames: readonly string[], path: Path): SimulationStaged<CopulaPlan | undefined> {
  const where = spec.at ? { span: spec.at.span, path: spec.at.path } : { path };
  const diagnostics: SimulationDiagnostic[] = [];
  const index = (name: string): number => {
    const d = driverNames.indexOf(name);
    if (d < 0) diagnostics.push(simulationError("E_SIM_UNKNOWN_DRIVER", `the correlation names "${name}", which is not a driver`, { ...where, hint: `drivers: ${driverNames.join(", ") || "(none)"}` }));
    return d;
  };

  let names: string[];
  let matrix: number[][];
  if (spec.kind === "rank") {
    names = [...spec.drivers];
    const K = names.length;
    names.forEach(index);
    if (new Set(names).size !== K) diagnostics.push(simulationError("E_SIM_CORRELATION_SHAPE", "the correlation names a driver twice", where));
    if (spec.matrix.length !== K || spec.matrix.some((row) => row.length !== K)) {
      diagnostics.push(simulationError("E_SIM_CORRELATION_SHAPE", `the correlation matrix must be ${K} × ${K}, one row and column per driver named`, where));
      return { value: undefined, diagnostics };
    }
    for (let i = 0; i < K; i++)
      for (let j = 0; j < K; j++) {
        const v = spec.matrix[i]?.[j] ?? Number.NaN;
        const w = spec.matrix[j]?.[i] ?? Number.NaN;
        const pair = `"${names[i]}" and "${names[j]}"`;
        if (i === j && v !== 1) diagnostics.push(simulationError("E_SIM_CORRELATION_SHAPE", `the correlation of "${names[i]}" with itself must be 1, not ${v}`, where));
        else if (!(v >= -1 && v <= 1)) diagnostics.push(simulationError("E_SIM_CORRELATION_SHAPE", `the correlation of ${pair} is ${v}, outside -1..1`, where));
        else if (j > i && Math.abs(v - w) > 1e-12) diagnostics.push(simulationError("E_SIM_CORRELATION_SHAPE", `the correlation of ${pair} is ${v} one way and ${w} the other: the matrix must be symmetric`, where));
      }
    if (diagnostics.length > 0) return { value: undefined, diagnostics };
    matrix = spec.matrix.map((row, i) => row.map((v, j) => (i === j ? 1 : 2 * Math.sin((Math.PI * v) / 6))));
  } else {
    names = [...new Set(spec.factors.flatMap((f) => Object.keys(f.loadings)))];
    names.forEach(index);
    const K = names.length;
    const loading = (f: number, name: string): number => spec.factors[f]?.loadings[name] ?? 0;
    for (const name of names) {
      const total = spec.factors.reduce((sum, _, f) => sum + loading(f, name) ** 2, 0);
      const bad = spec.factors.find((f) => !Number.isFinite(f.loadings[name] ?? 0));
      if (bad) diagnostics.push(simulationError("E_SIM_PARAMETER", `the loading of "${name}" on factor "${bad.name}" is not a finite number`, where));
      else if (total > 1 + 1e-12) diagnostics.push(simulationError("E_SIM_FACTOR_LOADINGS", `the squared loadings of "${name}" add up to ${total.toFixed(4)}, above 1`, { ...where, hint: "a driver's factors can explain at most all of its variance" }));
    }
    if (diagnostics.length > 0) return { value: undefined, diagnostics };
    matrix = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === j ? 1 : spec.factors.reduce((sum, _f, f) => sum + loading(f, names[i] ?? "") * loading(f, names[j] ?? ""), 0))));
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics };

  const K = names.length;
  const lower = cholesky(matrix);
  if (typeof lower === "number") {
    const [i, j] = culpritPair(matrix, lower);
    const value = spec.kind === "rank" ? spec.matrix[i]?.[j] : matrix[i]?.[j];
    diagnostics.push(
      simulationError("E_SIM_CORRELATION_NOT_PSD", `no set of drivers can have these correlations: the leading ${lower + 1} × ${lower + 1} block turns negative at "${names[lower]}"; the pair "${names[j]}" and "${names[i]}" (${value}) cannot hold together with the others`, {
        ...where,
        hint: `loosen the correlation of "${names[j]}" and "${names[i]}", or of the drivers both are correlated with`,
      }),
    );
    return { value: undefined, diagnostics };
  }
  return { value: { drivers: Int32Array.from(names, (n) => driverNames.indexOf(n)), lower: Float64Array.from(lower.flat().slice(0, K * K)) }, diagnostics };
}

/** The lower Cholesky factor, or the row at which the leading minor turns negative. */
export function cholesky(matrix: readonly (readonly number[])[]): number[][] | number {
  const K = matrix.length;
  const L = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let k = 0; k < K; k++) {
    const Lk = L[k] as number[];
    for (let j = 0; j <= k; j++) {
      const Lj = L[j] as number[];
      let sum = matrix[k]?.[j] ?? 0;
      for (let p = 0; p < j; p++) sum -= (Lk[p] ?? 0) * (Lj[p] ?? 0);
      if (j === k) {
        if (sum < -PIVOT_TOLERANCE) return k;
        Lk[k] = sum > PIVOT_TOLERANCE ? Math.sqrt(sum) : 0;
      } else {
        const pivot = Lj[j] ?? 0;
        Lk[j] = pivot > 0 ? sum / pivot : 0;
      }
    }
  }
  return L;
}

/**
 * The pair to name when row k fails: among the earlier drivers j, one whose removal lets the
 * leading block through (largest correlation with k first); failing that, the largest correlation.
 */
function culpritPair(matrix: readonly (readonly number[])[], k: number): [number, number] {
  const candidates = Array.from({ length: k }, (_, j) => j).sort((a, b) => Math.abs(matrix[k]?.[b] ?? 0) - Math.abs(matrix[k]?.[a] ?? 0));
  for (const j of candidates) {
    const keep = Array.from({ length: k + 1 }, (_, i) => i).filter((i) => i !== j);
    const sub = keep.map((r) => keep.map((c) => matrix[r]?.[c] ?? 0));
    if (typeof cholesky(sub) !== "number") return [k, j];
  }
  return [k, candidates[0] ?? 0];
}
