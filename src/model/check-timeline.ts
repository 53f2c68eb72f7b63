/**
 * The fourth stage: dates against the horizon and against each other.
 *
 * - Dated events (a round, a tranche, a condition's expected month or window, a rolling close's
 *   final close, an investor joining, a placement's first month, a calibration's end, forecast
 *   years and months) must lie inside the horizon.
 * - A contract's term may start before the horizon (an existing contract); only a term entirely
 *   outside it is suspicious, and only a warning: it posts nothing.
 * - A tranche may not be dated (or, if conditional, expected) before its round's month.
 * - An investor joins between the round's month and its final close; without a rolling close
 *   the final close is the round's month itself.
 */
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.js";
import { formatMonth, yearOf, type Month } from "../time/month.js";
import type { ModelDraft } from "./draft.js";
import type { Located, ModelInput, Window } from "./types.js";

type Horizon = ModelInput["horizon"];

export function checkTimeline(draft: ModelDraft): Diagnostic[] {
  const horizon = draft.horizon;
  if (!horizon) return [];
  const out: Diagnostic[] = [];
  const span = `${formatMonth(horizon.start)} to ${formatMonth(horizon.end)}`;
  const inside = (m: Month): boolean => m >= horizon.start && m <= horizon.end;
  const month = (m: Month, at: Located | undefined, what: string): void => {
    if (!inside(m)) out.push(error("E_DATE_OUTSIDE_HORIZON", `${what} (${formatMonth(m)}) is outside the horizon (${span})`, { ...where(at, horizon), hint: "move the date, or widen horizon:" }));
  };
  const window = (w: Window, what: string): void => {
    if (!inside(w.from) || !inside(w.to)) out.push(error("E_DATE_OUTSIDE_HORIZON", `${what} (${formatMonth(w.from)} to ${formatMonth(w.to)}) is not inside the horizon (${span})`, { ...where(w.at, horizon), hint: "move the window, or widen horizon:" }));
  };

  const conditions = new Map(draft.conditions.map((c) => [c.name, c]));
  for (const c of draft.conditions) {
    if (c.expected !== undefined) month(c.expected, c.expectedAt ?? c.at, `the expected month of condition "${c.name}"`);
    if (c.window) window(c.window, `the window of condition "${c.name}"`);
  }

  for (const round of draft.rounds) {
    if (draft.incomplete.has(round)) continue;
    month(round.date, round.dateAt, `the date of round "${round.name}"`);
    const finalClose = round.rollingClose?.finalClose ?? round.date;
    if (round.rollingClose) month(round.rollingClose.finalClose, round.rollingClose.at, `the final close of round "${round.name}"`);
    const before = (m: Month, at: Located, what: string): boolean => {
      if (m >= round.date) return false;
      out.push(error("E_TRANCHE_BEFORE_ROUND", `${what} (${formatMonth(m)}) is before round "${round.name}" (${formatMonth(round.date)})`, { span: at.span, path: at.path, hint: "a tranche is paid at or after its round's date" }));
      return true;
    };
    for (const c of round.commitments) {
      if (c.joins !== undefined) {
        const at = c.joinsAt ?? c.at;
        if (c.joins < round.date) {
          out.push(error("E_JOIN_BEFORE_ROUND", `${c.investor.name} joins (${formatMonth(c.joins)}) before round "${round.name}" (${formatMonth(round.date)})`, { span: at.span, path: at.path, hint: "leave joins out for an investor present from the start" }));
        } else if (c.joins > finalClose) {
          const hint = round.rollingClose ? "move the final close, or the month the investor joins" : "declare rolling-close: { final-close: YYYY-MM } for a round that stays open";
          out.push(error("E_JOIN_AFTER_FINAL_CLOSE", `${c.investor.name} joins (${formatMonth(c.joins)}) after round "${round.name}" closed (${formatMonth(finalClose)})`, { span: at.span, path: at.path, hint }));
        }
      }
      for (const t of c.tranches) {
        const timing = t.timing;
        const what = `a tranche of ${c.investor.name}`;
        if (timing.kind === "dated") {
          // A tranche at the round's month or the joining month is covered by the checks of those.
          if (timing.month === round.date || timing.month === c.joins) continue;
          if (!before(timing.month, timing.at, what)) month(timing.month, timing.at, what);
          continue;
        }
        const condition = conditions.get(timing.condition.name);
        if (timing.expected !== undefined) {
          const at = timing.expectedAt ?? t.at;
          if (!before(timing.expected, at, `the expected month of ${what}`)) month(timing.expected, at, `the expected month of ${what}`);
        }
        if (timing.window) {
          if (!before(timing.window.from, timing.window.at, `the window of ${what}`)) window(timing.window, `the window of ${what}`);
        }
        if (timing.expected !== undefined || timing.window) continue;
        // Without its own timing, the tranche follows its condition's (checked against the horizon above).
        if (condition?.expected !== undefined) {
          before(condition.expected, timing.condition.at, `the expected month of condition "${condition.name}"`);
        } else if (condition?.window) {
          before(condition.window.from, timing.condition.at, `the window of condition "${condition.name}"`);
        }
      }
    }
  }

  for (const contract of draft.contracts) {
    const term = contract.term;
    if (!term) continue;
    const end = (term.start + term.months - 1) as Month;
    if (end < horizon.start || term.start > horizon.end) {
      out.push(warning("W_TERM_OUTSIDE_HORIZON", `the term of contract "${contract.name}" (${formatMonth(term.start)} to ${formatMonth(end)}) lies entirely outside the horizon (${span})`, { span: term.at.span, path: term.at.path, hint: "it posts nothing; widen horizon: or check the term" }));
    }
  }

  for (const placement of draft.placements) month(placement.from, placement.fromAt ?? placement.at, `the first month of placement "${placement.name}"`);

  for (const forecast of draft.forecasts) {
    for (const line of forecast.lines) {
      const d = line.definition;
      if (d.kind === "per-year") {
        for (const { year, amount } of d.amounts) {
          if (year < yearOf(horizon.start) || year > yearOf(horizon.end)) {
            out.push(error("E_DATE_OUTSIDE_HORIZON", `${year} of line "${line.name}" is outside the horizon (${span})`, { span: amount.at.span, path: amount.at.path, hint: "remove the year, or widen horizon:" }));
          }
        }
      } else if (d.kind === "per-month") {
        for (const { month: m, amount } of d.amounts) month(m, amount.at, `a month of line "${line.name}"`);
      }
      if (line.calibrate) month(line.calibrate.through, line.calibrate.throughAt ?? line.calibrate.at, `the end of the calibration of line "${line.name}"`);
    }
  }
  return out;
}

function where(at: Located | undefined, horizon: Horizon): { span: Located["span"]; path: Located["path"] } {
  const located = at ?? horizon.at;
  return { span: located.span, path: located.path };
}
