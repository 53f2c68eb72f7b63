/**
 * Vesting: how many shares of an option grant have vested at a date.
 *
 * Nothing vests before the cliff; at the cliff the months already served vest at once; after it
 * one month's worth vests each month, and the grant is fully vested at `months`. Each month's
 * count is `floor(shares x monthsServed / months)`, so fractions of a share wait for the next
 * month and the last month brings the total to exactly `shares`.
 */
import type { Temporal } from "temporal-polyfill";
import { wholeMonthsBetween } from "./dates.js";
import type { VestingSchedule } from "./types.js";

export function vestedShares(shares: bigint, schedule: VestingSchedule | undefined, start: Temporal.PlainDate | undefined, at: Temporal.PlainDate): bigint {
  if (schedule === undefined || start === undefined) return shares;
  const served = wholeMonthsBetween(start, at);
  if (served < schedule.cliffMonths) return 0n;
  if (served >= schedule.months) return shares;
  return (shares * BigInt(served)) / BigInt(schedule.months);
}
