/**
 * The kernel: runs a compiled program over S scenario lanes at once.
 *
 * Memory is one Float64Array, the arena:
 *
 *     [ line values L×M×S | drivers D×S | hoisted H×S | constants K×S | zero S | registers R×S ]
 *
 * A line value sits at ((l * M) + m) * S + s: scenarios innermost, so every instruction is one
 * tight loop over S contiguous doubles, and line l's whole history is one contiguous block. There
 * are no per-cell objects and no Maps on the hot path; names are looked up only by the API
 * methods around it.
 */
import { SimulationUsageError } from "./codes.js";
import { Finish, INSTRUCTION_WIDTH, Op, Space, type Program } from "./program.js";

/** A linked instruction: op, then (base, stride, isLast) for destination, a and b. */
export const LINKED_WIDTH = 10;

export class Evaluator {
  readonly program: Program;
  /** Scenario lanes per cell. */
  readonly scenarios: number;
  /** Line values: ((l * months) + m) * scenarios + s, minor units for money lines. A view into the arena. */
  readonly values: Float64Array;
  private readonly arena: Float64Array;
  private readonly linked: Int32Array;
  private readonly linkedHoist: Int32Array;
  private readonly driverOffset: number;
  private readonly zeroOffset: number;
  private readonly dirtyLines: Uint8Array;
  private readonly dirtyDrivers: Uint8Array;
  private computed = false;

  /**
   * Allocates the arena for `scenarios` lanes; every driver starts at its base value in every lane.
   * `fused` (default true) runs each line as one generated loop (see `fuseLine`); false interprets
   * the bytecode instruction by instruction: slower, and kept as the reference the fused code is
   * tested against.
   */
  constructor(program: Program, scenarios: number, options: { readonly fused?: boolean } = {}) {
    if (!Number.isInteger(scenarios) || scenarios < 1) throw new SimulationUsageError(`an evaluator needs a whole number of scenarios above zero, not ${scenarios}`);
    this.program = program;
    this.scenarios = scenarios;
    const S = scenarios;
    const L = program.lineNames.length;
    const M = program.months;
    const D = program.driverNames.length;
    const H = program.hoistedSlots;
    const K = program.constants.length;
    const valuesLength = L * M * S;
    this.driverOffset = valuesLength;
    const hoistOffset = this.driverOffset + D * S;
    const constantOffset = hoistOffset + H * S;
    this.zeroOffset = constantOffset + K * S;
    const registerOffset = this.zeroOffset + S;
    this.arena = new Float64Array(registerOffset + program.registers * S);
    this.values = this.arena.subarray(0, valuesLength);
    for (let k = 0; k < K; k++) this.arena.fill(program.constants[k] ?? 0, constantOffset + k * S, constantOffset + (k + 1) * S);
    for (let d = 0; d < D; d++) this.arena.fill(program.driverBase[d] ?? 0, this.driverOffset + d * S, this.driverOffset + (d + 1) * S);
    const offsets = { S, M, driver: this.driverOffset, hoist: hoistOffset, constant: constantOffset, zero: this.zeroOffset, register: registerOffset };
    this.linked = link(program.code, offsets);
    this.linkedHoist = link(program.hoistCode, offsets);
    this.dirtyLines = new Uint8Array(L).fill(1);
    this.dirtyDrivers = new Uint8Array(D).fill(1);
    this.fused = options.fused !== false;
    this.constantOffset = constantOffset;
  }
  private readonly fused: boolean;
  private readonly constantOffset: number;
  /** Generated month loops by the set of lines they compute (all lines, or the dependents of what changed). */
  private readonly fusedMonths = new Map<string, FusedMonth>();

  /** Index of a line by name; throws SimulationUsageError for a name the program does not have. */
  lineIndex(name: string): number {
    const l = this.program.lineNames.indexOf(name);
    if (l < 0) throw new SimulationUsageError(`no line named "${name}"`);
    return l;
  }

  driverIndex(name: string): number {
    const d = this.program.driverNames.indexOf(name);
    if (d < 0) throw new SimulationUsageError(`no driver named "${name}"`);
    return d;
  }

  /** A cell's value: minor units for money lines. */
  value(line: string | number, month: number, scenario = 0): number {
    const l = typeof line === "number" ? line : this.lineIndex(line);
    return this.values[(l * this.program.months + month) * this.scenarios + scenario] ?? Number.NaN;
  }

  /** One scenario's values of a line, month by month (a copy). */
  series(line: string | number, scenario = 0): Float64Array {
    const l = typeof line === "number" ? line : this.lineIndex(line);
    const M = this.program.months;
    const S = this.scenarios;
    const out = new Float64Array(M);
    for (let m = 0; m < M; m++) out[m] = this.values[(l * M + m) * S + scenario] ?? Number.NaN;
    return out;
  }

  /**
   * Sets a driver in every lane (a number) or lane by lane (an array of `scenarios` values), in the
   * driver's own units: major units for money drivers, a plain factor for numbers.
   */
  setDriver(name: string | number, value: number | ArrayLike<number>): void {
    const d = typeof name === "number" ? name : this.driverIndex(name);
    const scale = this.program.driverDimensions[d] === "money" ? this.program.minorScale : 1;
    const lanes = this.driverLanes(d);
    if (typeof value === "number") lanes.fill(value * scale);
    else {
      if (value.length !== this.scenarios) throw new SimulationUsageError(`driver "${this.program.driverNames[d]}" needs ${this.scenarios} lane values, not ${value.length}`);
      for (let s = 0; s < this.scenarios; s++) lanes[s] = (value[s] ?? 0) * scale;
    }
    this.dirtyDrivers[d] = 1;
  }

  /** The lanes of a driver in lane units (minor units for money), for writers that fill them directly; marks the driver changed. */
  driverLanes(d: number): Float64Array {
    this.dirtyDrivers[d] = 1;
    return this.arena.subarray(this.driverOffset + d * this.scenarios, this.driverOffset + (d + 1) * this.scenarios);
  }

  /** Replaces the monthly values (minor units) of a series line, the same in every lane. */
  setSeries(name: string | number, values: ArrayLike<number>): void {
    const l = typeof name === "number" ? name : this.lineIndex(name);
    if (this.program.lineIsFormula[l]) throw new SimulationUsageError(`"${this.program.lineNames[l]}" is a formula line, not a series`);
    const M = this.program.months;
    // The program is shared (and may be shared with other evaluators): keep our own copy of the row.
    if (!this.ownSeries) this.ownSeries = Float64Array.from(this.program.seriesValues);
    for (let m = 0; m < M; m++) this.ownSeries[l * M + m] = values[m] ?? 0;
    this.dirtyLines[l] = 1;
  }
  private ownSeries: Float64Array | undefined;

  /** Recomputes every line in every lane. */
  recompute(): void {
    this.dirtyLines.fill(1);
    this.run(true);
  }

  /**
   * Recomputes only what changed since the last computation: the series set since, the lines that
   * read them (this month or through `last`), and the dependents of drivers set since.
   */
  update(): void {
    this.run(!this.computed);
  }

  private run(all: boolean): void {
    const p = this.program;
    const L = p.lineNames.length;
    const D = p.driverNames.length;
    const dirty = this.dirtyLines;
    if (all) dirty.fill(1);
    else {
      for (let d = 0; d < D; d++) {
        if (!this.dirtyDrivers[d]) continue;
        for (let l = 0; l < L; l++) if (p.dependsOnDriver[d * L + l]) dirty[l] = 1;
      }
      for (let k = 0; k < L; k++) {
        if (!dirty[k]) continue;
        for (let l = 0; l < L; l++) if (p.dependsOnLine[k * L + l]) dirty[l] = 1;
      }
    }
    execute(this.arena, this.linkedHoist, 0, this.linkedHoist.length, 0, this.scenarios, this.zeroOffset);
    for (let l = 0; l < L; l++) if (dirty[l] && !p.lineIsFormula[l]) this.fillSeries(l);
    this.evaluateFormulas(dirty);
    dirty.fill(0);
    this.dirtyDrivers.fill(0);
    this.computed = true;
  }

  private fillSeries(l: number): void {
    const p = this.program;
    const M = p.months;
    const S = this.scenarios;
    const series = this.ownSeries ?? p.seriesValues;
    const arena = this.arena;
    const scale = p.seriesScale[l] ?? -1;
    const base = l * M * S;
    if (scale < 0) {
      for (let m = 0; m < M; m++) arena.fill(series[l * M + m] ?? 0, base + m * S, base + (m + 1) * S);
      return;
    }
    const driver = this.driverOffset + scale * S;
    for (let m = 0; m < M; m++) {
      const v = series[l * M + m] ?? 0;
      const row = base + m * S;
      for (let s = 0; s < S; s++) arena[row + s] = v * arena[driver + s]!;
    }
  }

  private evaluateFormulas(dirty: Uint8Array): void {
    const p = this.program;
    const M = p.months;
    const S = this.scenarios;
    const order: number[] = [];
    for (let i = 0; i < p.order.length; i++) {
      const l = p.order[i] ?? 0;
      if (dirty[l]) order.push(l);
    }
    const arena = this.arena;
    if (this.fused) {
      const key = order.join(",");
      let month = this.fusedMonths.get(key);
      if (!month) {
        month = fuseLines(p, order, this.linked, this.constantOffset, S, this.zeroOffset);
        this.fusedMonths.set(key, month);
      }
      for (let m = 0; m < M; m++) month(arena, m);
      return;
    }
    const linked = this.linked;
    const zero = this.zeroOffset;
    const starts = p.codeStart;
    for (let m = 0; m < M; m++) {
      for (let i = 0; i < order.length; i++) {
        const l = order[i]!;
        execute(arena, linked, (starts[l]! / INSTRUCTION_WIDTH) * LINKED_WIDTH, (starts[l + 1]! / INSTRUCTION_WIDTH) * LINKED_WIDTH, m, S, zero);
        const finish = p.lineFinish[l];
        const row = (l * M + m) * S;
        if (finish === Finish.Round) roundHalfEven(arena, row, S);
        else if (finish === Finish.ClearNaN) clearNaN(arena, row, S);
      }
    }
  }
}

/** Some formula lines for one month, every lane: a generated loop. */
type FusedMonth = (arena: Float64Array, m: number) => void;

// Adding and subtracting 1.5 × 2^52 rounds a double to an integer half to even (the FPU's own
// rounding), for |x| ≤ 2^51 (22 trillion dollars in cents); beyond that the slow path does it.
const ROUNDER = 6755399441055744;
const ROUNDER_LIMIT = 2251799813685248;

/**
 * Generates one JavaScript loop that computes `lines` (in evaluation order) for one month: for
 * each lane, every line's instructions become expressions over locals, a line read in the same
 * month by a later line is taken from its local rather than from memory, and the rounding is
 * fused in. One pass over the lanes per month instead of one per instruction.
 *
 * The generated text holds only integers (arena offsets; opcodes become operators) and numeric
 * constants of the program — never a name or any other text from a model.
 */
function fuseLines(program: Program, lines: readonly number[], linked: Int32Array, constantOffset: number, S: number, zero: number): FusedMonth {
  const M = program.months;
  const header: string[] = [];
  const body: string[] = [];
  const offsets = new Map<string, string>();
  const computed = new Map<number, string>(); // line → the local holding this month's value
  const offset = (base: number, stride: number, last: number): string => {
    const key = `${base},${stride},${last}`;
    let name = offsets.get(key);
    if (name === undefined) {
      name = `o${offsets.size}`;
      offsets.set(key, name);
      const at = stride === 0 ? `${base}` : `${base} + m * ${S}`;
      header.push(`const ${name} = ${last ? `m === 0 ? ${zero} : ${at}` : at};`);
    }
    return name;
  };
  let registers = new Map<number, string>();
  const operand = (pc: number): string => {
    const base = linked[pc]!;
    const stride = linked[pc + 1]!;
    const last = linked[pc + 2]!;
    if (stride === 0 && registers.has(base)) return registers.get(base)!;
    if (stride !== 0 && !last && base % (M * S) === 0) {
      const local = computed.get(base / (M * S));
      if (local !== undefined) return local;
    }
    if (stride === 0 && base >= constantOffset && base < zero) return literal(program.constants[(base - constantOffset) / S] ?? 0);
    return `arena[${offset(base, stride, last)} + s]`;
  };
  for (const l of lines) {
    registers = new Map();
    const from = ((program.codeStart[l] ?? 0) / INSTRUCTION_WIDTH) * LINKED_WIDTH;
    const to = ((program.codeStart[l + 1] ?? 0) / INSTRUCTION_WIDTH) * LINKED_WIDTH;
    let divides = false;
    let result = "0";
    for (let pc = from; pc < to; pc += LINKED_WIDTH) {
      const op = linked[pc]!;
      const a = operand(pc + 4);
      const b = operand(pc + 7);
      const expression = instructionExpression(op, a, b);
      if (op === Op.Divide) divides = true;
      const local = `t${pc}`;
      body.push(`const ${local} = ${expression};`);
      if (linked[pc + 2]! !== 0) result = local; // the line's own row: its value
      else registers.set(linked[pc + 1]!, local); // a register: later reads use the local
    }
    const value = `v${l}`;
    body.push(...finishStatements(program.lineFinish[l] ?? 0, result, value, divides));
    body.push(`arena[${l * M * S} + m * ${S} + s] = ${value};`);
    computed.set(l, value);
  }
  const source = [...header, `for (let s = 0; s < ${S}; s++) {`, ...body, "}"].join("\n");
  // Generated from integers and numeric constants only (see above): no model text reaches `new Function`.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the generated loop is the speed of the kernel
  const make = new Function("roundSlow", `return function month(arena, m) {\n${source}\n};`) as (roundSlow: (x: number) => number) => FusedMonth;
  return make(roundHalfEvenScalar);
}

/** One instruction as a JavaScript expression over operand expressions `a` and `b`; shared by every generated kernel. */
export function instructionExpression(op: number, a: string, b: string): string {
  switch (op) {
    case Op.Copy:
      return a;
    case Op.Negate:
      return `-${a}`;
    case Op.Add:
      return `${a} + ${b}`;
    case Op.Subtract:
      return `${a} - ${b}`;
    case Op.Multiply:
      return `${a} * ${b}`;
    case Op.Divide:
      return `(${b} === 0 ? NaN : ${a} / ${b})`;
    case Op.Min:
      return `Math.min(${a}, ${b})`;
    case Op.Max:
      return `Math.max(${a}, ${b})`;
    default:
      throw new Error(`internal: unknown opcode ${op}`);
  }
}

/**
 * Statements that declare `value` as a line's finished month value from the local `result`:
 * rounded half to even (with the slow path beyond 2^51), NaN cleared where a division or the line's
 * finish asks for it. Generated kernels take `roundSlow` as a parameter. One comparison of the
 * magnitude, not two of the value, for the slow path: the same test (false for NaN), and a fifth
 * less time in the Monte Carlo kernel, which rounds nine lines per lane per month.
 */
export function finishStatements(finish: number, result: string, value: string, divides: boolean): string[] {
  if (finish === Finish.Round) {
    const out = [`let ${value} = (${result} + ${ROUNDER}) - ${ROUNDER};`, `if (Math.abs(${result}) > ${ROUNDER_LIMIT}) ${value} = roundSlow(${result});`];
    if (divides) out.push(`if (${value} !== ${value}) ${value} = 0;`);
    return out;
  }
  const out = [`let ${value} = ${result};`];
  if (divides || finish === Finish.ClearNaN) out.push(`if (${value} !== ${value}) ${value} = 0;`);
  return out;
}

/** A numeric constant as JavaScript source. */
export function literal(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "(-Infinity)";
  return x < 0 || Object.is(x, -0) ? `(${x})` : `${x}`;
}

export interface Offsets {
  readonly S: number;
  readonly M: number;
  readonly driver: number;
  readonly hoist: number;
  readonly constant: number;
  readonly zero: number;
  readonly register: number;
}

/** Turns (space, index) operands into arena offsets: base + month × stride, or the zero block for `last` in month 0. */
export function link(code: Int32Array, o: Offsets): Int32Array {
  const n = code.length / INSTRUCTION_WIDTH;
  const out = new Int32Array(n * LINKED_WIDTH);
  const place = (space: number, index: number, at: number): void => {
    let base = 0;
    let stride = 0;
    let last = 0;
    switch (space as Space) {
      case Space.Line:
        base = index * o.M * o.S;
        stride = o.S;
        break;
      case Space.Last:
        base = (index * o.M - 1) * o.S;
        stride = o.S;
        last = 1;
        break;
      case Space.Driver:
        base = o.driver + index * o.S;
        break;
      case Space.Hoisted:
        base = o.hoist + index * o.S;
        break;
      case Space.Constant:
        base = o.constant + index * o.S;
        break;
      case Space.Register:
        base = o.register + index * o.S;
        break;
      case Space.Zero:
        base = o.zero;
        break;
    }
    out[at] = base;
    out[at + 1] = stride;
    out[at + 2] = last;
  };
  for (let i = 0; i < n; i++) {
    const src = i * INSTRUCTION_WIDTH;
    const dst = i * LINKED_WIDTH;
    out[dst] = code[src] ?? 0;
    place(code[src + 1] ?? 0, code[src + 2] ?? 0, dst + 1);
    place(code[src + 3] ?? 0, code[src + 4] ?? 0, dst + 4);
    place(code[src + 5] ?? 0, code[src + 6] ?? 0, dst + 7);
  }
  return out;
}

// The hot loops below index typed arrays within bounds established by `link`; the non-null
// assertions only tell the type checker what the layout guarantees.

export function execute(arena: Float64Array, code: Int32Array, from: number, to: number, m: number, S: number, zero: number): void {
  for (let pc = from; pc < to; pc += LINKED_WIDTH) {
    const op = code[pc]!;
    const d = code[pc + 1]! + m * code[pc + 2]!;
    const a = code[pc + 6]! !== 0 && m === 0 ? zero : code[pc + 4]! + m * code[pc + 5]!;
    const b = code[pc + 9]! !== 0 && m === 0 ? zero : code[pc + 7]! + m * code[pc + 8]!;
    switch (op) {
      case Op.Copy:
        arena.copyWithin(d, a, a + S);
        break;
      case Op.Negate:
        for (let s = 0; s < S; s++) arena[d + s] = -arena[a + s]!;
        break;
      case Op.Add:
        for (let s = 0; s < S; s++) arena[d + s] = arena[a + s]! + arena[b + s]!;
        break;
      case Op.Subtract:
        for (let s = 0; s < S; s++) arena[d + s] = arena[a + s]! - arena[b + s]!;
        break;
      case Op.Multiply:
        for (let s = 0; s < S; s++) arena[d + s] = arena[a + s]! * arena[b + s]!;
        break;
      case Op.Divide:
        // Division by zero makes the month NaN, which `finish` turns into 0, as the exact evaluator does.
        for (let s = 0; s < S; s++) {
          const y = arena[b + s]!;
          arena[d + s] = y === 0 ? Number.NaN : arena[a + s]! / y;
        }
        break;
      case Op.Min:
        // Math.min keeps NaN (a division by zero inside min() zeroes the month in the exact evaluator too).
        for (let s = 0; s < S; s++) arena[d + s] = Math.min(arena[a + s]!, arena[b + s]!);
        break;
      case Op.Max:
        for (let s = 0; s < S; s++) arena[d + s] = Math.max(arena[a + s]!, arena[b + s]!);
        break;
    }
  }
}

/** Rounds to whole minor units, half to even (as `divideHalfEven`); NaN (a division by zero) becomes 0. */
function roundHalfEven(arena: Float64Array, row: number, S: number): void {
  for (let s = row, end = row + S; s < end; s++) {
    const x = arena[s]!;
    let r = Math.round(x); // half up
    if (r - x === 0.5 && r % 2 !== 0) r -= 1;
    arena[s] = r === r ? r : 0;
  }
}

function clearNaN(arena: Float64Array, row: number, S: number): void {
  for (let s = row, end = row + S; s < end; s++) if (arena[s] !== arena[s]) arena[s] = 0;
}

/** Rounds one double half to even, for callers outside the kernel's loops. */
export function roundHalfEvenScalar(x: number): number {
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r === r ? r : 0;
}
