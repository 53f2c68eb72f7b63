/**
 * Compiling line items to a program: flat register bytecode that the kernel (kernel.ts) runs over
 * Float64Array lanes, one lane per scenario.
 *
 * A program is plain data (typed arrays, numbers, strings) so that it can be sent to a worker
 * thread as it is. Values are doubles in MINOR units of the currency (cents for USD): the exact
 * evaluator works in minor units, so a money line of the kernel and of the ledger are the same
 * number, and every amount the ledger allows (|x| < 2^53) is an exact double.
 *
 * Dimensions follow src/compile/formula-eval.ts exactly: a value is money, a pure number, or a
 * written literal that adopts the dimension its context needs (`revenue + 2B`: the 2B is money,
 * two billion major units; `0.67 * revenue`: the 0.67 is a factor). Because dimensions depend only
 * on the formula's shape, they are settled here, once: literal subtrees are folded to one exact
 * constant, and subtrees that read only drivers are hoisted out of the month loop.
 */
import { minorDigits } from "../money/money.js";
import { addRatio, compareRatio, divRatio, mulRatio, ratio, ratioToNumber, subRatio, type Ratio } from "../money/ratio.js";
import type { FormulaNode, Located } from "../model/types.js";
import { simulationError, type SimulationDiagnostic, type SimulationStaged } from "./codes.js";

export type Dimension = "money" | "number";

/** A named scalar input, one value per scenario lane. */
export interface DriverDefinition {
  readonly name: string;
  readonly dimension: Dimension;
  /** The base value: major units for money (dollars, not cents), a plain factor for numbers. */
  readonly base: number;
  readonly at?: Located;
}

/** A line item as the program's caller states it. */
export type ProgramLine =
  /** Given values per month, in minor units; optionally multiplied in each lane by a number driver. */
  | { readonly kind: "series"; readonly name: string; readonly values: ArrayLike<number>; readonly scaleBy?: string; readonly at?: Located }
  /**
   * A formula over other lines (this month, or `last(x)`: last month) and drivers. `round` (default
   * true) rounds each month half to even to whole minor units, as the exact evaluator does for
   * every forecast line; turn it off for lines that hold ratios (an investor's stake, say).
   */
  | { readonly kind: "formula"; readonly name: string; readonly formula: FormulaNode; readonly round?: boolean; readonly at?: Located };

export interface ProgramSource {
  readonly currency: string;
  readonly months: number;
  readonly lines: readonly ProgramLine[];
  readonly drivers: readonly DriverDefinition[];
}

/** Opcodes; every instruction is INSTRUCTION_WIDTH ints: op, then destination, a and b as (space, index). */
export const Op = {
  Copy: 0,
  Negate: 1,
  Add: 2,
  Subtract: 3,
  Multiply: 4,
  Divide: 5,
  Min: 6,
  Max: 7,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** Where an operand lives; the kernel turns (space, index) into an offset in its arena. */
export const Space = {
  /** This month's value of a line. */
  Line: 0,
  /** Last month's value of a line (zero in the first month). */
  Last: 1,
  Driver: 2,
  /** A value computed once per run from drivers and constants (hoisted out of the month loop). */
  Hoisted: 3,
  Constant: 4,
  Register: 5,
  Zero: 6,
} as const;
export type Space = (typeof Space)[keyof typeof Space];

export const INSTRUCTION_WIDTH = 7;

/** How a line's month value is finished: rounded half to even to minor units, or only cleared of NaN. */
export const Finish = {
  Round: 1,
  ClearNaN: 2,
} as const;
export type Finish = (typeof Finish)[keyof typeof Finish];

/** A compiled program: plain data, safe to structured-clone into a worker. */
export interface Program {
  readonly currency: string;
  /** 10^(minor digits): 100 for USD. */
  readonly minorScale: number;
  readonly months: number;
  readonly lineNames: readonly string[];
  /** 1 for formula lines, 0 for series lines. */
  readonly lineIsFormula: Uint8Array;
  /** The dimension each line's value has (series lines are money). */
  readonly lineDimensions: readonly Dimension[];
  readonly lineFinish: Uint8Array;
  /** Series values, line-major (l * months + m), minor units; zero rows for formula lines. */
  readonly seriesValues: Float64Array;
  /** Per line: the driver that scales the series, or -1. */
  readonly seriesScale: Int32Array;
  readonly driverNames: readonly string[];
  readonly driverDimensions: readonly Dimension[];
  /** Base value of each driver in lane units (minor units for money). */
  readonly driverBase: Float64Array;
  /** Formula lines in the order they are evaluated within a month. */
  readonly order: Int32Array;
  /** Per line: its instructions are code[codeStart[l] .. codeStart[l + 1]). */
  readonly codeStart: Int32Array;
  readonly code: Int32Array;
  /** Instructions run once per run, before the month loop: they fill the hoisted slots. */
  readonly hoistCode: Int32Array;
  readonly hoistedSlots: number;
  readonly constants: Float64Array;
  readonly registers: number;
  /** dependsOnDriver[d * L + l] = 1 when line l changes when driver d does (transitively). */
  readonly dependsOnDriver: Uint8Array;
  /** dependsOnLine[k * L + l] = 1 when line l changes when line k does (transitively; k itself included). */
  readonly dependsOnLine: Uint8Array;
}

type Dim = "money" | "number" | "literal";

/** A formula node with its dimension settled; literal nodes carry their exact value. */
interface Typed {
  readonly node: FormulaNode;
  readonly dim: Dim;
  /** For literal nodes: the exact value, or "division-by-zero". */
  readonly constant?: Ratio | "division-by-zero";
  /** True when the node reads no line (only drivers and literals): it is the same every month. */
  readonly invariant: boolean;
  readonly children: readonly Typed[];
}

class UnitsProblem {
  constructor(readonly node: FormulaNode) {}
}

/**
 * Compiles line items to a program. Never throws for a problem in the lines: a formula whose
 * units have no meaning evaluates to 0 (as in the exact evaluator) with E_FORMULA_UNITS; a name
 * that is neither a line nor a driver reads 0 with E_UNKNOWN_LINE; lines that read each other in
 * the same month give E_FORMULA_CYCLE.
 */
export function compileProgram(source: ProgramSource): SimulationStaged<Program> {
  const diagnostics: SimulationDiagnostic[] = [];
  const L = source.lines.length;
  const M = source.months;
  const lineIndex = new Map(source.lines.map((l, i) => [l.name, i]));
  const driverIndex = new Map(source.drivers.map((d, i) => [d.name, i]));
  const minorScale = 10 ** minorDigits(source.currency);
  const scaleRatio = ratio(10n ** BigInt(minorDigits(source.currency)));

  const seriesValues = new Float64Array(L * M);
  const seriesScale = new Int32Array(L).fill(-1);
  const lineIsFormula = new Uint8Array(L);
  const lineFinish = new Uint8Array(L);
  const lineDimensions: Dimension[] = [];
  source.lines.forEach((line, l) => {
    if (line.kind === "series") {
      for (let m = 0; m < M && m < line.values.length; m++) seriesValues[l * M + m] = line.values[m] ?? 0;
      if (line.scaleBy !== undefined) {
        const d = driverIndex.get(line.scaleBy);
        if (d === undefined) diagnostics.push(simulationError("E_SIM_UNKNOWN_DRIVER", `line "${line.name}" is scaled by "${line.scaleBy}", which is not a driver`, where(line.at)));
        else if (source.drivers[d]?.dimension !== "number") diagnostics.push(simulationError("E_FORMULA_UNITS", `line "${line.name}" is scaled by "${line.scaleBy}", which is money: scale money only by a number`, where(line.at)));
        else seriesScale[l] = d;
      }
      lineDimensions.push("money");
    } else {
      lineIsFormula[l] = 1;
      lineFinish[l] = line.round === false ? Finish.ClearNaN : Finish.Round;
      lineDimensions.push("money");
    }
  });

  const constants: number[] = [];
  const constantIndex = new Map<number, number>();
  const constantSlot = (value: number): number => {
    const key = Object.is(value, -0) ? 0 : value;
    let k = constantIndex.get(key);
    if (k === undefined) {
      k = constants.length;
      constants.push(key);
      constantIndex.set(key, k);
    }
    return k;
  };

  const code: number[] = [];
  const hoist: number[] = [];
  let hoistedSlots = 0;
  let registers = 0;
  const codeStart = new Int32Array(L + 1);
  const readsLine: Array<Set<number>> = source.lines.map(() => new Set());
  const readsDriver: Array<Set<number>> = source.lines.map(() => new Set());

  // 1. Type every formula (dimensions, constants, invariance) and emit its code.
  source.lines.forEach((line, l) => {
    codeStart[l] = code.length;
    if (line.kind !== "formula") return;
    const typed = typeNode(line.formula, (name) => {
      // A line read by a formula is money, as in the exact evaluator; a driver has its own dimension and is the same every month.
      if (lineIndex.has(name)) return { dim: "money", invariant: false };
      const d = driverIndex.get(name);
      if (d !== undefined) return { dim: source.drivers[d]?.dimension ?? "number", invariant: true };
      return { dim: "money", invariant: true }; // unknown: reads as 0
    });
    if (typed instanceof UnitsProblem) {
      diagnostics.push(simulationError("E_FORMULA_UNITS", `the formula of "${line.name}" combines money with money, or a number with money, in a way that has no meaning`, where(typed.node.at)));
      code.push(Op.Copy, Space.Line, l, Space.Zero, 0, Space.Zero, 0);
      return;
    }
    lineDimensions[l] = typed.dim === "number" ? "number" : "money";
    let depth = 0;
    const operand = (t: Typed, asMoney: boolean): [Space, number] => {
      if (t.dim === "literal") {
        const c = t.constant;
        if (c === "division-by-zero" || c === undefined) return [Space.Constant, constantSlot(Number.NaN)];
        return [Space.Constant, constantSlot(ratioToNumber(asMoney ? mulRatio(c, scaleRatio) : c))];
      }
      const n = t.node;
      if (n.kind === "line" || n.kind === "last") {
        const k = lineIndex.get(n.name);
        if (k !== undefined) {
          readsLine[l]?.add(k);
          return [n.kind === "line" ? Space.Line : Space.Last, k];
        }
        const d = driverIndex.get(n.name);
        if (d !== undefined) {
          readsDriver[l]?.add(d);
          return [Space.Driver, d]; // last(driver) is the driver: drivers do not change from month to month
        }
        diagnostics.push(simulationError("E_UNKNOWN_LINE", `the formula of "${line.name}" reads "${n.name}", which is neither a line nor a driver; it reads as 0`, where(n.at)));
        return [Space.Zero, 0];
      }
      if (t.invariant) {
        // Reads only drivers: computed once per run into a hoisted slot.
        const slot = hoistedSlots++;
        emit(t, hoist, [Space.Hoisted, slot], asMoney);
        return [Space.Hoisted, slot];
      }
      const reg = depth++;
      registers = Math.max(registers, depth);
      emit(t, code, [Space.Register, reg], asMoney);
      return [Space.Register, reg];
    };
    const release = (op: [Space, number]): void => {
      if (op[0] === Space.Register) depth--;
    };
    /** Emits `t` into `dst`; `asMoney` says whether a literal result must be read as major units. */
    const emit = (t: Typed, out: number[], dst: [Space, number], asMoney: boolean): void => {
      const n = t.node;
      const savedDepth = depth;
      if (t.dim === "literal" || n.kind === "line" || n.kind === "last" || n.kind === "number") {
        const a = operand(t, asMoney);
        out.push(Op.Copy, dst[0], dst[1], a[0], a[1], Space.Zero, 0);
      } else if (n.kind === "unary") {
        const a = operand(only(t.children, 0), asMoney);
        out.push(Op.Negate, dst[0], dst[1], a[0], a[1], Space.Zero, 0);
      } else if (n.kind === "binary") {
        const coerce = (n.op === "+" || n.op === "-") && t.dim === "money";
        const a = operand(only(t.children, 0), coerce);
        const b = operand(only(t.children, 1), coerce);
        const op = n.op === "+" ? Op.Add : n.op === "-" ? Op.Subtract : n.op === "*" ? Op.Multiply : Op.Divide;
        out.push(op, dst[0], dst[1], a[0], a[1], b[0], b[1]);
        release(b);
        release(a);
      } else {
        const coerce = t.dim === "money";
        const op = n.fn === "min" ? Op.Min : Op.Max;
        const first = operand(only(t.children, 0), coerce);
        if (t.children.length === 1) out.push(Op.Copy, dst[0], dst[1], first[0], first[1], Space.Zero, 0);
        let acc = first;
        for (let i = 1; i < t.children.length; i++) {
          const b = operand(only(t.children, i), coerce);
          out.push(op, dst[0], dst[1], acc[0], acc[1], b[0], b[1]);
          release(b);
          acc = dst;
        }
        release(first);
      }
      depth = savedDepth;
    };
    // The whole formula is read as money when it is a bare literal, as `asMoney` does for the result.
    emit(typed, code, [Space.Line, l], true);
    // Hoisted code reads drivers: record them as the line's inputs too.
    collectDrivers(line.formula, driverIndex, readsDriver[l] as Set<number>);
  });
  codeStart[L] = code.length;

  // 2. The order within a month: a line after the lines it reads this month (as the exact evaluator's DFS).
  const order = monthOrder(source.lines, lineIndex, diagnostics);

  // 3. Dependents, for incremental recompute: a change to line k or driver d reaches these lines.
  const dependents: number[][] = source.lines.map(() => []);
  readsLine.forEach((reads, l) => reads.forEach((k) => dependents[k]?.push(l)));
  const reach = (starts: number[]): Uint8Array => {
    const seen = new Uint8Array(L);
    const stack = [...starts];
    while (stack.length > 0) {
      const k = stack.pop() as number;
      if (seen[k]) continue;
      seen[k] = 1;
      for (const l of dependents[k] ?? []) stack.push(l);
    }
    return seen;
  };
  const dependsOnLine = new Uint8Array(L * L);
  for (let k = 0; k < L; k++) dependsOnLine.set(reach([k]), k * L);
  const D = source.drivers.length;
  const dependsOnDriver = new Uint8Array(D * L);
  for (let d = 0; d < D; d++) {
    const direct: number[] = [];
    for (let l = 0; l < L; l++) if (readsDriver[l]?.has(d) || seriesScale[l] === d) direct.push(l);
    dependsOnDriver.set(reach(direct), d * L);
  }

  const driverBase = new Float64Array(D);
  source.drivers.forEach((d, i) => {
    driverBase[i] = d.dimension === "money" ? d.base * minorScale : d.base;
  });

  return {
    value: {
      currency: source.currency,
      minorScale,
      months: M,
      lineNames: source.lines.map((l) => l.name),
      lineIsFormula,
      lineDimensions,
      lineFinish,
      seriesValues,
      seriesScale,
      driverNames: source.drivers.map((d) => d.name),
      driverDimensions: source.drivers.map((d) => d.dimension),
      driverBase,
      order,
      codeStart,
      code: Int32Array.from(code),
      hoistCode: Int32Array.from(hoist),
      hoistedSlots,
      constants: Float64Array.from(constants),
      registers,
      dependsOnDriver,
      dependsOnLine,
    },
    diagnostics,
  };
}

const where = (at: Located | undefined): { span?: Located["span"]; path?: Located["path"] } => (at ? { span: at.span, path: at.path } : {});

function only(children: readonly Typed[], i: number): Typed {
  const c = children[i];
  if (!c) throw new Error(`internal: missing operand ${i}`);
  return c;
}

/** Settles dimensions bottom-up with the exact evaluator's rules; literal subtrees are folded exactly. */
function typeNode(node: FormulaNode, dimOfName: (name: string) => { readonly dim: Dimension; readonly invariant: boolean }): Typed | UnitsProblem {
  switch (node.kind) {
    case "number":
      return { node, dim: "literal", constant: node.value, invariant: true, children: [] };
    case "line":
    case "last": {
      const { dim, invariant } = dimOfName(node.name);
      return { node, dim, invariant, children: [] };
    }
    case "unary": {
      const operand = typeNode(node.operand, dimOfName);
      if (operand instanceof UnitsProblem) return operand;
      const constant = operand.constant === undefined || operand.constant === "division-by-zero" ? operand.constant : ratio(-operand.constant.num, operand.constant.den);
      return { node, dim: operand.dim, ...(constant !== undefined ? { constant } : {}), invariant: operand.invariant, children: [operand] };
    }
    case "binary": {
      const a = typeNode(node.left, dimOfName);
      if (a instanceof UnitsProblem) return a;
      const b = typeNode(node.right, dimOfName);
      if (b instanceof UnitsProblem) return b;
      const dim = binaryDimension(node.op, a.dim, b.dim);
      if (dim === undefined) return new UnitsProblem(node);
      const children = [a, b];
      const invariant = a.invariant && b.invariant;
      if (dim !== "literal") return { node, dim, invariant, children };
      return { node, dim, constant: foldBinary(node.op, a.constant, b.constant), invariant, children };
    }
    case "call": {
      const children: Typed[] = [];
      for (const arg of node.args) {
        const t = typeNode(arg, dimOfName);
        if (t instanceof UnitsProblem) return t;
        children.push(t);
      }
      const anyMoney = children.some((c) => c.dim === "money");
      const anyNumber = children.some((c) => c.dim === "number");
      if (anyMoney && anyNumber) return new UnitsProblem(node);
      const dim: Dim = anyMoney ? "money" : anyNumber ? "number" : "literal";
      const invariant = children.every((c) => c.invariant);
      if (dim !== "literal") return { node, dim, invariant, children };
      let best: Ratio | "division-by-zero" | undefined;
      for (const c of children) {
        if (c.constant === "division-by-zero" || best === "division-by-zero") best = "division-by-zero";
        else if (c.constant !== undefined && (best === undefined || compareRatio(c.constant, best) === (node.fn === "min" ? -1 : 1))) best = c.constant;
      }
      return { node, dim, constant: best ?? ratio(0n), invariant, children };
    }
  }
}

function binaryDimension(op: "+" | "-" | "*" | "/", a: Dim, b: Dim): Dim | undefined {
  const numberish = a === "number" || b === "number";
  switch (op) {
    case "+":
    case "-":
      if ((a === "money" && b === "number") || (a === "number" && b === "money")) return undefined;
      return a === "money" || b === "money" ? "money" : numberish ? "number" : "literal";
    case "*":
      if (a === "money" && b === "money") return undefined;
      return a === "money" || b === "money" ? "money" : numberish ? "number" : "literal";
    case "/":
      if (b === "money" && a !== "money") return undefined;
      return a === "money" && b === "money" ? "number" : a === "money" ? "money" : numberish ? "number" : "literal";
  }
}

function foldBinary(op: "+" | "-" | "*" | "/", a: Ratio | "division-by-zero" | undefined, b: Ratio | "division-by-zero" | undefined): Ratio | "division-by-zero" {
  if (a === "division-by-zero" || b === "division-by-zero" || a === undefined || b === undefined) return "division-by-zero";
  switch (op) {
    case "+":
      return addRatio(a, b);
    case "-":
      return subRatio(a, b);
    case "*":
      return mulRatio(a, b);
    case "/":
      return b.num === 0n ? "division-by-zero" : divRatio(a, b);
  }
}

function collectDrivers(node: FormulaNode, driverIndex: ReadonlyMap<string, number>, out: Set<number>): void {
  switch (node.kind) {
    case "line":
    case "last": {
      const d = driverIndex.get(node.name);
      if (d !== undefined) out.add(d);
      return;
    }
    case "number":
      return;
    case "unary":
      collectDrivers(node.operand, driverIndex, out);
      return;
    case "binary":
      collectDrivers(node.left, driverIndex, out);
      collectDrivers(node.right, driverIndex, out);
      return;
    case "call":
      node.args.forEach((a) => collectDrivers(a, driverIndex, out));
      return;
  }
}

function sameMonthReads(node: FormulaNode, out: Set<string>): Set<string> {
  switch (node.kind) {
    case "line":
      out.add(node.name);
      break;
    case "unary":
      sameMonthReads(node.operand, out);
      break;
    case "binary":
      sameMonthReads(node.left, out);
      sameMonthReads(node.right, out);
      break;
    case "call":
      node.args.forEach((a) => sameMonthReads(a, out));
      break;
    case "number":
    case "last":
      break;
  }
  return out;
}

/**
 * Formula lines ordered so that each comes after the lines it reads in the same month: the same
 * depth-first order as src/compile/forecast.ts `dependencyOrder`, so that even a model with a
 * cycle (reported here as E_FORMULA_CYCLE) is evaluated in the same order.
 */
function monthOrder(lines: readonly ProgramLine[], lineIndex: ReadonlyMap<string, number>, diagnostics: SimulationDiagnostic[]): Int32Array {
  const state = new Uint8Array(lines.length); // 0 new, 1 visiting, 2 done
  const order: number[] = [];
  const visit = (l: number): void => {
    const line = lines[l];
    if (!line) return;
    if (state[l] === 1) {
      diagnostics.push(simulationError("E_FORMULA_CYCLE", `"${line.name}" depends on itself in the same month`, where(line.at)));
      return;
    }
    if (state[l] === 2) return;
    state[l] = 1;
    if (line.kind === "formula") for (const name of sameMonthReads(line.formula, new Set())) {
      const k = lineIndex.get(name);
      if (k !== undefined) visit(k);
    }
    state[l] = 2;
    if (line.kind === "formula") order.push(l);
  };
  lines.forEach((_, l) => visit(l));
  return Int32Array.from(order);
}
