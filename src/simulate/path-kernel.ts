/**
 * The Monte Carlo kernel: a batch of paths, month by month, keeping only what a path's summary
 * needs — its closing cash per month, its lowest balance and first shortfall, and the outputs asked
 * for.
 *
 * The Evaluator (kernel.ts) keeps every line of every month of every lane, which an interactive
 * model needs; for a batch of 500 paths of 10 lines × 120 months that is 4.8 MB written and read
 * back once, more than a core's cache, and two workers then wait on memory together. Here each
 * month is one generated loop over the lanes that computes the lines in locals — the same
 * expressions and the same rounding as the Evaluator's fused loops (kernel.ts
 * `instructionExpression`, `finishStatements`), so the values are the same doubles — keeps last
 * month's value only of the lines that `last()` reads, and carries cash forward in the same pass.
 * Closing cash goes straight to its place in the run's store (which may be shared with other
 * threads). A batch touches a few rows of S doubles: it runs from the cache.
 *
 * Arena, one Float64Array:
 *
 *     [ drivers D×S | hoisted H×S | constants K×S | zero S | registers R×S | last rows | kept rows | outputs O×S | pre S | cash S | lowest S | first S ]
 *
 * "last rows" hold last month's value of each line that `last()` reads; "kept rows" this month's
 * value of the lines that revenue shares read (their payments need every lane's lines before the
 * cash can be carried); "pre" the month's conditional amounts (tranches landing, shares paid).
 *
 * Cash adds in the order of cash.ts `CashAccumulator` (shares, then tranches, then the carry:
 * previous balance + conditional amounts + fixed amount ± each cash line in line order), so both
 * give the same doubles. A same-month read of a line that is computed later in the month (only in
 * a model with E_FORMULA_CYCLE) reads 0.
 */
import { SimulationUsageError } from "./codes.js";
import type { SimulationModel } from "./from-model.js";
import { execute, finishStatements, instructionExpression, link, literal, roundHalfEvenScalar } from "./kernel.js";
import { INSTRUCTION_WIDTH, Op, Space } from "./program.js";
import type { SimulationPlan } from "./plan.js";

/** Where a batch's paths go: path p of the batch at `offset + p`, month m of it at `m * stride + offset + p`. */
export interface PathDestination {
  /** Closing cash, cash[m * stride + offset + p], minor units. */
  readonly cash: Float64Array;
  readonly stride: number;
  readonly offset: number;
  /** First month index with cash below zero, or -1. */
  readonly firstShortfall: Int32Array;
  /** Lowest closing cash over the horizon. */
  readonly lowest: Float64Array;
  /** outputs[o * stride + offset + p]. */
  readonly outputs: Float64Array;
}

type Output = SimulationPlan["outputs"][number];

/** One month, every lane: (arena, m, fixed amount, cash destination, its index for lane 0, paths to write, series values). */
type MonthLoop = (arena: Float64Array, m: number, f: number, cash: Float64Array, at: number, paths: number, series: Float64Array) => void;

// Generated loops by their text: a worker that runs many simulations of one model reuses the
// function V8 has already optimized instead of warming a new one up for every run.
const generated = new Map<string, MonthLoop>();

function generate(source: string): MonthLoop {
  let loop = generated.get(source);
  if (!loop) {
    // Generated from integers and numeric constants only (see `PathKernel`): no model text reaches `new Function`.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the generated loop is the speed of the kernel
    const make = new Function("roundSlow", `return function month(arena, m, f, cash, at, paths, series) {\n${source}\n};`) as (roundSlow: (x: number) => number) => MonthLoop;
    loop = make(roundHalfEvenScalar);
    generated.set(source, loop);
  }
  return loop;
}

// Lanes computed side by side in one iteration. A lane's lines are a chain of dependent
// operations (every rounding is two dependent additions); with the statements of four lanes
// interleaved the CPU has independent work next to each step. Measured on the benchmark's month
// loop: 1.23× with two lanes, 1.33× with four.
const INTERLEAVE = 4;

/**
 * The loop over lanes of one lane's statements (written for lane `s`, with locals v…, t…, p…, c):
 * INTERLEAVE lanes an iteration, statement by statement, each lane with its own locals, then the
 * remaining lanes one at a time. The statements are generated text of known tokens only, so the
 * renaming is exact.
 */
function interleavedLoop(statements: readonly string[], S: number): string {
  const forLane = (statement: string, i: number): string =>
    i === 0 ? statement : statement.replace(/\+ s\]/g, `+ s + ${i}]`).replace(/\b([vtp]\d+|c)\b/g, `$1_${i}`).replace(/\bs < paths\b/g, `s + ${i} < paths`).replace(/\[at \+ s\]/g, `[at + s + ${i}]`);
  const together: string[] = [];
  for (const statement of statements) for (let i = 0; i < INTERLEAVE; i++) together.push(forLane(statement, i));
  return [`let s = 0;`, `for (; s + ${INTERLEAVE - 1} < ${S}; s += ${INTERLEAVE}) {`, ...together, "}", `for (; s < ${S}; s++) {`, ...statements, "}"].join("\n");
}

export class PathKernel {
  readonly model: SimulationModel;
  /** Lanes per batch. */
  readonly lanes: number;
  private readonly outputs: readonly Output[];
  private readonly arena: Float64Array;
  private readonly driverOffset: number;
  private readonly zeroOffset: number;
  private readonly linkedHoist: Int32Array;
  /** Offsets in the arena. */
  private readonly lastRows: number[] = [];
  private readonly keptRow: Int32Array;
  private readonly outputOffset: number;
  private readonly preOffset: number;
  private readonly cashOffset: number;
  private readonly lowestOffset: number;
  private readonly firstOffset: number;
  private readonly lines: MonthLoop;
  /** With revenue shares: the carry, in a second pass after the shares are paid. */
  private readonly carry: MonthLoop | undefined;
  /** Per tranche, per lane: the month it lands in, or -1. */
  private readonly trancheMonth: Int32Array;
  /** Per tranche: the months it can land in. */
  private readonly trancheSpan: Array<readonly [number, number]>;
  private readonly via: Float64Array;

  /** Throws SimulationUsageError for a lane count that is not a whole number above zero. */
  constructor(model: SimulationModel, outputs: readonly Output[], lanes: number) {
    if (!Number.isInteger(lanes) || lanes < 1) throw new SimulationUsageError(`a path kernel needs a whole number of lanes above zero, not ${lanes}`);
    this.model = model;
    this.lanes = lanes;
    this.outputs = outputs;
    const S = lanes;
    const p = model.program;
    const plan = model.cash;
    const M = p.months;
    const L = p.lineNames.length;
    const D = p.driverNames.length;
    const H = p.hoistedSlots;
    const K = p.constants.length;
    const code = p.code;

    // Which lines each line reads, this month and last month.
    const reads: Array<Set<number>> = Array.from({ length: L }, () => new Set());
    const readsLast = new Uint8Array(L);
    for (let l = 0; l < L; l++)
      for (let i = p.codeStart[l]!; i < p.codeStart[l + 1]!; i += INSTRUCTION_WIDTH)
        for (const at of [i + 3, i + 5]) {
          const space = code[at]!;
          if (space === Space.Line || space === Space.Last) reads[l]!.add(code[at + 1]!);
        }
    // The lines a path's figures need, and everything they read.
    const needed = new Uint8Array(L);
    const keep = new Uint8Array(L);
    const stack: number[] = [];
    const need = (l: number): void => {
      if (!needed[l]) stack.push(l);
      needed[l] = 1;
    };
    plan.lineSign.forEach((sign, l) => sign !== 0 && need(l));
    for (const share of plan.revenueShares) {
      for (const l of share.lines) {
        need(l);
        keep[l] = 1;
      }
      for (const part of share.parts) {
        need(part.line);
        keep[part.line] = 1;
      }
    }
    // With shares, the carry runs in a second pass after they are paid, and reads the cash lines from kept rows.
    if (plan.revenueShares.length > 0) plan.lineSign.forEach((sign, l) => sign !== 0 && (keep[l] = 1));
    for (const o of outputs) need(o.line);
    while (stack.length > 0) for (const k of reads[stack.pop()!]!) need(k);
    for (let l = 0; l < L; l++) {
      if (!needed[l]) continue;
      for (let i = p.codeStart[l]!; i < p.codeStart[l + 1]!; i += INSTRUCTION_WIDTH)
        for (const at of [i + 3, i + 5]) if (code[at] === Space.Last) readsLast[code[at + 1]!] = 1;
    }

    // The arena.
    this.driverOffset = 0;
    const hoistOffset = D * S;
    const constantOffset = hoistOffset + H * S;
    this.zeroOffset = constantOffset + K * S;
    const registerOffset = this.zeroOffset + S;
    let next = registerOffset + p.registers * S;
    const lastRow = new Int32Array(L).fill(-1);
    for (let l = 0; l < L; l++)
      if (readsLast[l]) {
        lastRow[l] = next;
        this.lastRows.push(next);
        next += S;
      }
    this.keptRow = new Int32Array(L).fill(-1);
    for (let l = 0; l < L; l++)
      if (keep[l]) {
        this.keptRow[l] = next;
        next += S;
      }
    this.outputOffset = next;
    next += outputs.length * S;
    this.preOffset = next;
    this.cashOffset = next + S;
    this.lowestOffset = next + 2 * S;
    this.firstOffset = next + 3 * S;
    this.arena = new Float64Array(next + 4 * S);
    for (let k = 0; k < K; k++) this.arena.fill(p.constants[k] ?? 0, constantOffset + k * S, constantOffset + (k + 1) * S);
    for (let d = 0; d < D; d++) this.arena.fill(p.driverBase[d] ?? 0, this.driverOffset + d * S, this.driverOffset + (d + 1) * S);
    this.linkedHoist = link(p.hoistCode, { S, M, driver: this.driverOffset, hoist: hoistOffset, constant: constantOffset, zero: this.zeroOffset, register: registerOffset });

    // The month loop: every needed line in locals, lane by lane. Only integers (offsets, indices)
    // and numeric constants of the program go into the text.
    const body: string[] = [];
    const header: string[] = [];
    const computed = new Map<number, string>();
    for (let l = 0; l < L; l++) if (lastRow[l]! >= 0) body.push(`const p${l} = arena[${lastRow[l]} + s];`);
    for (let l = 0; l < L; l++) {
      if (!needed[l] || p.lineIsFormula[l]) continue;
      header.push(`const sv${l} = series[${l * M} + m];`);
      const scale = p.seriesScale[l] ?? -1;
      // As Evaluator.fillSeries: the value, or the value times the lane's driver.
      body.push(scale < 0 ? `const v${l} = sv${l};` : `const v${l} = sv${l} * arena[${this.driverOffset + scale * S} + s];`);
      computed.set(l, `v${l}`);
    }
    for (let i = 0; i < p.order.length; i++) {
      const l = p.order[i]!;
      if (!needed[l]) continue;
      const registers = new Map<number, string>();
      const operand = (space: number, index: number): string => {
        switch (space) {
          case Space.Line:
            return computed.get(index) ?? "0";
          case Space.Last:
            return `p${index}`;
          case Space.Driver:
            return `arena[${this.driverOffset + index * S} + s]`;
          case Space.Hoisted:
            return `arena[${hoistOffset + index * S} + s]`;
          case Space.Constant:
            return literal(p.constants[index] ?? 0);
          case Space.Register:
            return registers.get(index) ?? `arena[${registerOffset + index * S} + s]`;
          default:
            return "0";
        }
      };
      let divides = false;
      let result = "0";
      for (let pc = p.codeStart[l]!; pc < p.codeStart[l + 1]!; pc += INSTRUCTION_WIDTH) {
        const op = code[pc]!;
        if (op === Op.Divide) divides = true;
        const local = `t${pc}`;
        body.push(`const ${local} = ${instructionExpression(op, operand(code[pc + 3]!, code[pc + 4]!), operand(code[pc + 5]!, code[pc + 6]!))};`);
        if (code[pc + 1] === Space.Line) result = local;
        else registers.set(code[pc + 2]!, local);
      }
      body.push(...finishStatements(p.lineFinish[l] ?? 0, result, `v${l}`, divides));
      computed.set(l, `v${l}`);
    }
    const value = (l: number): string => computed.get(l) ?? "0";
    for (let l = 0; l < L; l++) if (lastRow[l]! >= 0) body.push(`arena[${lastRow[l]} + s] = ${value(l)};`);
    for (let l = 0; l < L; l++) if (this.keptRow[l]! >= 0) body.push(`arena[${this.keptRow[l]} + s] = ${value(l)};`);
    outputs.forEach((o, i) => {
      const at = `arena[${this.outputOffset + i * S} + s]`;
      const v = value(o.line);
      // As batch.ts reduced the Evaluator's values: final, a sum from 0, or min/max from month 0.
      if (o.reduce === "final") body.push(`if (m === ${o.month}) ${at} = ${v};`);
      else if (o.reduce === "sum") body.push(`${at} = (m === 0 ? 0 : ${at}) + ${v};`);
      else body.push(`${at} = m === 0 ? ${v} : Math.${o.reduce}(${at}, ${v});`);
    });

    const shares = plan.revenueShares.length > 0;
    const cashTerm = (l: number): string => (shares ? `arena[${this.keptRow[l]} + s]` : value(l));
    const terms: string[] = [];
    plan.lineSign.forEach((sign, l) => {
      if (sign === 0) return;
      terms.push(`${sign > 0 ? "+" : "-"} ${cashTerm(l)}`);
    });
    const carry = [
      `const c = m === 0 ? arena[${this.preOffset} + s] + f ${terms.join(" ")} : arena[${this.cashOffset} + s] + arena[${this.preOffset} + s] + f ${terms.join(" ")};`,
      `arena[${this.cashOffset} + s] = c;`,
      `if (c < arena[${this.lowestOffset} + s]) arena[${this.lowestOffset} + s] = c;`,
      `if (c < 0 && arena[${this.firstOffset} + s] < 0) arena[${this.firstOffset} + s] = m;`,
      "if (s < paths) cash[at + s] = c;",
    ];
    const loop = (lines: string[]): string => interleavedLoop(lines, S);
    if (!shares) {
      this.lines = generate([...header, loop([...body, ...carry])].join("\n"));
      this.carry = undefined;
    } else {
      this.lines = generate([...header, loop(body)].join("\n"));
      this.carry = generate(loop(carry));
    }

    this.trancheMonth = new Int32Array(plan.tranches.length * S);
    this.trancheSpan = plan.tranches.map((t) => [Math.max(0, Math.min(t.from, t.expected)), Math.min(M - 1, Math.max(t.to, t.expected))] as const);
    this.via = new Float64Array(Math.max(0, ...plan.revenueShares.map((s) => s.parties)));
  }

  /** A driver's lanes in lane units (minor units for money), to fill before `run`. */
  driverLanes(d: number): Float64Array {
    return this.arena.subarray(this.driverOffset + d * this.lanes, this.driverOffset + (d + 1) * this.lanes);
  }

  /**
   * Runs every month for every lane and writes the first `paths` lanes to `to`. `met[c * S + s]`
   * and `position[c * S + s]` say which conditions hold in each lane and where in its window each
   * one's month falls, as cash.ts `LaneConditions`.
   */
  run(met: Uint8Array, position: Float64Array, paths: number, to: PathDestination): void {
    const S = this.lanes;
    const model = this.model;
    const p = model.program;
    const plan = model.cash;
    const M = p.months;
    const arena = this.arena;
    execute(arena, this.linkedHoist, 0, this.linkedHoist.length, 0, S, this.zeroOffset);
    for (const row of this.lastRows) arena.fill(0, row, row + S); // last() in the first month reads 0
    arena.fill(Infinity, this.lowestOffset, this.lowestOffset + S);
    arena.fill(-1, this.firstOffset, this.firstOffset + S);

    // The month each tranche lands in, lane by lane (as CashAccumulator).
    plan.tranches.forEach((t, i) => {
      const length = t.to - t.from + 1;
      for (let s = 0; s < S; s++) {
        let k = -1;
        if (met[t.condition * S + s]) {
          const at = position[t.condition * S + s]!;
          k = at < 0 ? t.expected : t.from + Math.floor(at * length);
        }
        this.trancheMonth[i * S + s] = k >= 0 && k < M ? k : -1;
      }
    });

    const series = p.seriesValues;
    const fixed = plan.fixedNet;
    let preClear = false;
    arena.fill(0, this.preOffset, this.preOffset + S);
    for (let m = 0; m < M; m++) {
      const at = m * to.stride + to.offset;
      const f = fixed[m]!;
      if (!this.carry) {
        preClear = this.conditional(m, preClear);
        this.lines(arena, m, f, to.cash, at, paths, series);
      } else {
        this.lines(arena, m, f, to.cash, at, paths, series);
        preClear = this.conditional(m, preClear);
        this.carry(arena, m, f, to.cash, at, paths, series);
      }
    }

    for (let s = 0; s < paths; s++) {
      to.lowest[to.offset + s] = arena[this.lowestOffset + s]!;
      to.firstShortfall[to.offset + s] = arena[this.firstOffset + s]!;
    }
    for (let o = 0; o < this.outputs.length; o++) {
      const from = this.outputOffset + o * S;
      to.outputs.set(arena.subarray(from, from + paths), o * to.stride + to.offset);
    }
  }

  /** Fills the month's conditional amounts: revenue shares paid (reading the kept rows), then tranches landing. Returns whether the row is now all zero. */
  private conditional(m: number, clear: boolean): boolean {
    const S = this.lanes;
    const plan = this.model.cash;
    const arena = this.arena;
    const pre = this.preOffset;
    const shares = plan.revenueShares.filter((share) => m >= share.from && m <= share.to);
    const tranches = this.trancheSpan.map((span, i) => (m >= span[0] && m <= span[1] ? i : -1)).filter((i) => i >= 0);
    if (shares.length === 0 && tranches.length === 0) {
      if (!clear) arena.fill(0, pre, pre + S);
      return true;
    }
    arena.fill(0, pre, pre + S);
    // Revenue shares, rounded part by part as the compiler does (as CashAccumulator).
    const via = this.via;
    for (const share of shares) {
      for (let s = 0; s < S; s++) {
        let direct = 0;
        for (let i = 0; i < share.lines.length; i++) direct += arena[this.keptRow[share.lines[i]!]! + s]!;
        via.fill(0);
        for (const part of share.parts) {
          const amount = roundHalfEvenScalar(arena[this.keptRow[part.line]! + s]! * part.share);
          direct -= amount;
          if (part.party >= 0) via[part.party] = via[part.party]! + amount;
        }
        let paid = Math.max(0, roundHalfEvenScalar(direct * share.rate));
        for (let q = 0; q < share.parties; q++) paid += Math.max(0, roundHalfEvenScalar(via[q]! * share.rate));
        arena[pre + s] = arena[pre + s]! - paid;
      }
    }
    for (const i of tranches) {
      const amount = plan.tranches[i]!.amount;
      for (let s = 0; s < S; s++) if (this.trancheMonth[i * S + s] === m) arena[pre + s] = arena[pre + s]! + amount;
    }
    return false;
  }
}
