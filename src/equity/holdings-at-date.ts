/**
 * The holdings that exist at a date under a set of met conditions: the common first step of the
 * cap table and the waterfall. A holding counts when it was issued (or granted) on or before the
 * date and its condition, if any, is met; an option grant also reports how much of it has vested.
 */
import { Temporal } from "temporal-polyfill";
import { parseIsoDate } from "./dates.js";
import type { CapTable, OptionGrant, ShareHolding, Warrant } from "./types.js";
import { vestedShares } from "./vesting.js";
import { unreachable } from "../diagnostics/unreachable.js";

export interface DatedOption {
  readonly grant: OptionGrant;
  readonly vested: bigint;
}

export interface HoldingsAtDate {
  readonly shares: readonly ShareHolding[];
  readonly options: readonly DatedOption[];
  readonly warrants: readonly Warrant[];
}

/** Which conditions are met; a holding without a condition is always counted. */
export type MetConditions = ReadonlySet<string> | readonly string[];

const asSet = (met: MetConditions | undefined): ReadonlySet<string> => (met === undefined ? new Set() : met instanceof Set ? met : new Set(met as readonly string[]));

/** Assumes a validated cap table and a valid `date`. */
export function holdingsAtDate(capTable: CapTable, date: string, met?: MetConditions): HoldingsAtDate {
  const at = parseIsoDate(date) as Temporal.PlainDate;
  const metSet = asSet(met);
  const exists = (issued: string | undefined, condition: string | undefined): boolean =>
    (condition === undefined || metSet.has(condition)) && (issued === undefined || Temporal.PlainDate.compare(parseIsoDate(issued) as Temporal.PlainDate, at) <= 0);
  const shares: ShareHolding[] = [];
  const options: DatedOption[] = [];
  const warrants: Warrant[] = [];
  for (const h of capTable.holdings) {
    switch (h.kind) {
      case "shares":
        if (exists(h.issuedOn, h.condition)) shares.push(h);
        break;
      case "option":
        if (exists(h.grantedOn, h.condition)) {
          const start = h.vesting === undefined ? undefined : parseIsoDate(h.vesting.start);
          options.push({ grant: h, vested: vestedShares(h.shares, h.vesting, start, at) });
        }
        break;
      case "warrant":
        if (exists(h.issuedOn, h.condition)) warrants.push(h);
        break;
      default:
        unreachable(h);
    }
  }
  return { shares, options, warrants };
}
