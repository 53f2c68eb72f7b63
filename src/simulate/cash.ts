/**
 * Cash per month, lane by lane: the fixed net amount of each month, plus revenue lines, minus cost
 * lines and the revenue shares paid on them, plus the conditional tranches that land in that
 * lane, summed from the start of the horizon (opening cash is a flow of the first month).
 */
import type { SimulationModel } from "./from-model.js";
import { roundHalfEvenScalar } from "./kernel.js";

/** Which conditions hold in each lane, and where in its window each one's month falls. */
export interface LaneConditions {
  /** met[c * S + s]: 1 when condition c is met in lane s. */
  readonly met: Uint8Array;
  /**
   * position[c * S + s] in [0, 1): where in each tranche's window the month falls (the window's
   * first month + floor(position × its length)); negative: the tranche's expected month, as the
   * exact ledger takes it.
   */
  readonly position: Float64Array;
}

/** Writes closing cash per month into `out` (length months × S, month-major, lanes innermost), minor units. */
export function computeCash(model: SimulationModel, values: Float64Array, S: number, lanes: LaneConditions, out: Float64Array): void {
  new CashAccumulator(model, S).run(values, lanes, out);
}

/**
 * Cash for a fixed number of lanes, made once and run per batch. Revenue shares and tranches are
 * added month by month first; then one generated pass per month adds the fixed amount and the
 * cash lines and carries the balance forward (the same technique, and the same guarantee of
 * integers-only generated text, as the kernel's fused lines).
 */
export class CashAccumulator {
  private readonly model: SimulationModel;
  private readonly S: number;
  private readonly carry: (values: Float64Array, out: Float64Array, fixed: Float64Array) => void;

  constructor(model: SimulationModel, S: number) {
    this.model = model;
    this.S = S;
    const M = model.months;
    const terms: string[] = [];
    model.cash.lineSign.forEach((sign, l) => {
      if (sign !== 0) terms.push(`${sign > 0 ? "+" : "-"} values[${l * M * S} + r + s]`);
    });
    const source = [
      `for (let m = 0; m < ${M}; m++) {`,
      `  const r = m * ${S};`,
      "  const f = fixed[m];",
      `  if (m === 0) for (let s = 0; s < ${S}; s++) out[s] = out[s] + f ${terms.join(" ")};`,
      `  else for (let s = 0; s < ${S}; s++) out[r + s] = out[r - ${S} + s] + out[r + s] + f ${terms.join(" ")};`,
      "}",
    ].join("\n");
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from integers and numeric constants only, for speed
    this.carry = new Function("values", "out", "fixed", source) as (values: Float64Array, out: Float64Array, fixed: Float64Array) => void;
  }

  run(values: Float64Array, lanes: LaneConditions, out: Float64Array): void {
    const S = this.S;
    const M = this.model.months;
    const plan = this.model.cash;
    out.fill(0, 0, M * S);

    // Revenue shares, rounded part by part as the compiler does.
    for (const share of plan.revenueShares) {
      const via = new Float64Array(share.parties);
      for (let m = share.from; m <= share.to; m++) {
        for (let s = 0; s < S; s++) {
          let direct = 0;
          for (let i = 0; i < share.lines.length; i++) direct += values[((share.lines[i] ?? 0) * M + m) * S + s]!;
          via.fill(0);
          for (const part of share.parts) {
            const amount = roundHalfEvenScalar(values[(part.line * M + m) * S + s]! * part.share);
            direct -= amount;
            if (part.party >= 0) via[part.party] = via[part.party]! + amount;
          }
          let paid = Math.max(0, roundHalfEvenScalar(direct * share.rate));
          for (let p = 0; p < via.length; p++) paid += Math.max(0, roundHalfEvenScalar(via[p]! * share.rate));
          out[m * S + s] = out[m * S + s]! - paid;
        }
      }
    }

    // Conditional tranches: where the condition is met, in the month drawn for the lane.
    for (const t of plan.tranches) {
      const length = t.to - t.from + 1;
      for (let s = 0; s < S; s++) {
        if (!lanes.met[t.condition * S + s]) continue;
        const position = lanes.position[t.condition * S + s]!;
        const k = position < 0 ? t.expected : t.from + Math.floor(position * length);
        if (k >= 0 && k < M) out[k * S + s] = out[k * S + s]! + t.amount;
      }
    }

    // Fixed amounts and cash lines, and the running balance.
    this.carry(values, out, plan.fixedNet);
  }
}
