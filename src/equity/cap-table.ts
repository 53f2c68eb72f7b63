/**
 * The cap table at a date: for every holder and class, shares issued, outstanding and fully
 * diluted, with ownership as an exact `Ratio`. Fully diluted counts are as converted to common
 * (preferred shares times their conversion ratio) and may therefore be fractional; the basis —
 * which of the unissued pool, the unvested options and the unconverted convertibles count — is
 * a parameter, because people mean different things by "fully diluted".
 */
import { addRatio, divRatio, mulRatio, ONE_RATIO, ratio, ZERO_RATIO, type Ratio } from "../money/ratio.js";
import { hasEquityErrors, equityError, type EquityDiagnostic } from "./codes.js";
import { parseIsoDate } from "./dates.js";
import { holdingsAtDate, type MetConditions } from "./holdings-at-date.js";
import type { CapTable } from "./types.js";
import { validateCapTable } from "./validate.js";

export interface FullyDilutedBasis {
  /** Count the pool's reserved shares not yet granted. */
  readonly includeUnissuedPool: boolean;
  /** Count convertibles (SAFEs, notes) not yet converted, at the share counts the caller supplies. */
  readonly includeConvertibles: boolean;
  /** Count options not yet vested (true by the usual definition). */
  readonly includeUnvestedOptions: boolean;
}

export const STANDARD_FULLY_DILUTED: FullyDilutedBasis = { includeUnissuedPool: true, includeConvertibles: true, includeUnvestedOptions: true };

/** Shares an unconverted convertible stands for, in the class it will become (e.g. from `convertAtPricedRound`). */
export interface UnconvertedConvertible {
  readonly instrumentId: string;
  readonly holder: string;
  readonly classId: string;
  readonly shares: bigint;
  readonly condition?: string;
}

export interface CapTableOptions {
  readonly date: string;
  readonly metConditions?: MetConditions;
  readonly basis?: FullyDilutedBasis;
  readonly convertibles?: readonly UnconvertedConvertible[];
}

export interface CapTableRow {
  /** A holder's name, or `pool:<id>` for a pool's unissued shares. */
  readonly holder: string;
  readonly classId: string;
  /** Shares issued to the holder (treasury shares included). */
  readonly issued: bigint;
  /** Issued shares not held by the company itself. */
  readonly outstanding: bigint;
  readonly optionsGranted: bigint;
  readonly optionsVested: bigint;
  readonly warrants: bigint;
  readonly convertibles: bigint;
  /** The row's count on the chosen basis, as converted to common. */
  readonly fullyDiluted: Ratio;
  /** `fullyDiluted` over the table's total; the rows' ownerships sum to exactly 1 (when the total is not zero). */
  readonly ownership: Ratio;
}

export interface CapTableAtDate {
  readonly date: string;
  readonly basis: FullyDilutedBasis;
  readonly rows: readonly CapTableRow[];
  readonly classes: ReadonlyArray<{ readonly classId: string; readonly issued: bigint; readonly outstanding: bigint; readonly fullyDiluted: Ratio; readonly ownership: Ratio }>;
  readonly holders: ReadonlyArray<{ readonly holder: string; readonly fullyDiluted: Ratio; readonly ownership: Ratio }>;
  readonly totals: { readonly issued: bigint; readonly outstanding: bigint; readonly fullyDiluted: Ratio };
}

interface MutableRow {
  holder: string;
  classId: string;
  issued: bigint;
  outstanding: bigint;
  optionsGranted: bigint;
  optionsVested: bigint;
  warrants: bigint;
  convertibles: bigint;
  poolUnissued: bigint;
}

/** The cap table at `options.date`; on an invalid cap table, `value` is null and the diagnostics say why. */
export function capTableAt(capTable: CapTable, options: CapTableOptions): { value: CapTableAtDate | null; diagnostics: EquityDiagnostic[] } {
  const diagnostics = validateCapTable(capTable);
  if (parseIsoDate(options.date) === undefined) diagnostics.push(equityError("E_EQUITY_BAD_DATE", `"${options.date}" is not a calendar date`, { path: ["date"], hint: "write YYYY-MM-DD" }));
  if (hasEquityErrors(diagnostics)) return { value: null, diagnostics };

  const basis = options.basis ?? STANDARD_FULLY_DILUTED;
  const met = new Set(options.metConditions ?? []);
  const at = holdingsAtDate(capTable, options.date, met);
  const conversionRatio = new Map<string, Ratio>(capTable.classes.map((c) => [c.id, c.kind === "preferred" ? (c.conversionRatio ?? ONE_RATIO) : ONE_RATIO]));

  const rows = new Map<string, MutableRow>();
  const row = (holder: string, classId: string): MutableRow => {
    const key = `${holder}\u0000${classId}`;
    let r = rows.get(key);
    if (r === undefined) {
      r = { holder, classId, issued: 0n, outstanding: 0n, optionsGranted: 0n, optionsVested: 0n, warrants: 0n, convertibles: 0n, poolUnissued: 0n };
      rows.set(key, r);
    }
    return r;
  };
  for (const h of at.shares) {
    const r = row(h.holder, h.classId);
    r.issued += h.shares;
    if (h.treasury !== true) r.outstanding += h.shares;
  }
  const grantedFromPool = new Map<string, bigint>();
  for (const { grant, vested } of at.options) {
    const r = row(grant.holder, grant.classId);
    r.optionsGranted += grant.shares;
    r.optionsVested += vested;
    grantedFromPool.set(grant.poolId, (grantedFromPool.get(grant.poolId) ?? 0n) + grant.shares);
  }
  for (const w of at.warrants) row(w.holder, w.classId).warrants += w.shares;
  for (const c of options.convertibles ?? []) if (c.condition === undefined || met.has(c.condition)) row(c.holder, c.classId).convertibles += c.shares;
  for (const pool of capTable.pools) {
    const unissued = pool.reserved - (grantedFromPool.get(pool.id) ?? 0n);
    if (unissued > 0n) row(`pool:${pool.id}`, pool.classId).poolUnissued += unissued;
  }

  const counted = (r: MutableRow): bigint =>
    r.outstanding +
    (basis.includeUnvestedOptions ? r.optionsGranted : r.optionsVested) +
    r.warrants +
    (basis.includeConvertibles ? r.convertibles : 0n) +
    (basis.includeUnissuedPool ? r.poolUnissued : 0n);
  const fullyDilutedOf = (r: MutableRow): Ratio => mulRatio(ratio(counted(r)), conversionRatio.get(r.classId) ?? ONE_RATIO);

  const list = [...rows.values()];
  const total = list.reduce((acc, r) => addRatio(acc, fullyDilutedOf(r)), ZERO_RATIO);
  const share = (x: Ratio): Ratio => (total.num === 0n ? ZERO_RATIO : divRatio(x, total));

  const finalRows: CapTableRow[] = list.map((r) => {
    const fd = fullyDilutedOf(r);
    return {
      holder: r.holder,
      classId: r.classId,
      issued: r.issued,
      outstanding: r.outstanding,
      optionsGranted: r.optionsGranted,
      optionsVested: r.optionsVested,
      warrants: r.warrants,
      convertibles: r.convertibles,
      fullyDiluted: fd,
      ownership: share(fd),
    };
  });

  const classes = capTable.classes.map((c) => {
    const mine = finalRows.filter((r) => r.classId === c.id);
    const fd = mine.reduce((acc, r) => addRatio(acc, r.fullyDiluted), ZERO_RATIO);
    return {
      classId: c.id,
      issued: mine.reduce((a, r) => a + r.issued, 0n),
      outstanding: mine.reduce((a, r) => a + r.outstanding, 0n),
      fullyDiluted: fd,
      ownership: share(fd),
    };
  });
  const byHolder = new Map<string, Ratio>();
  for (const r of finalRows) byHolder.set(r.holder, addRatio(byHolder.get(r.holder) ?? ZERO_RATIO, r.fullyDiluted));
  const holders = [...byHolder].map(([holder, fd]) => ({ holder, fullyDiluted: fd, ownership: share(fd) }));

  return {
    value: {
      date: options.date,
      basis,
      rows: finalRows,
      classes,
      holders,
      totals: { issued: classes.reduce((a, c) => a + c.issued, 0n), outstanding: classes.reduce((a, c) => a + c.outstanding, 0n), fullyDiluted: total },
    },
    diagnostics,
  };
}
