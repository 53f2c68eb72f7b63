/**
 * Scenarios at speed: the public API of the simulation. See src/simulate/README.md for the data
 * that flows through it and docs/simulation.md for how to use it.
 */
export { SIMULATION_DIAGNOSTIC_CODES, SimulationUsageError, type SimulationDiagnostic, type SimulationDiagnosticCode, type SimulationStaged } from "./codes.js";
export { compileProgram, type Dimension, type DriverDefinition, type Program, type ProgramLine, type ProgramSource } from "./program.js";
export { Evaluator } from "./kernel.js";
export { prepareSimulation, type CashPlan, type ConditionPlan, type PrepareOptions, type RevenueSharePlan, type SimulationModel, type TranchePlan } from "./from-model.js";
export { computeCash, CashAccumulator, type LaneConditions } from "./cash.js";
export { quantile, median, support, normalCdf, inverseNormal, checkDistribution, type Distribution, type DistributionKind } from "./distributions.js";
export { planCopula, cholesky, type CopulaPlan, type CorrelationSpec } from "./correlation.js";
export { planSimulation, DEFAULT_BATCH_SIZE, DEFAULT_PERCENTILES, SCENARIO_NAMES, type ConditionOverride, type DriverUncertainty, type OutputSpec, type ScenarioName, type SimulationPlan, type SimulationSpec } from "./plan.js";
export { simulate, runSimulation, runSimulationHere, type RunOptions } from "./simulate.js";
export { SimulationPool } from "./pool.js";
export { summarize, percentileOfSorted, percentilesInPlace, PathStore, type Band, type OutputSummary, type PercentileValue, type SimulationResult } from "./summary.js";
export { sensitivities, type SensitivityMeasure, type SensitivityOptions, type Tornado, type TornadoRow } from "./sensitivity.js";
export { renderCashFan, renderTornado, niceTicks, type ChartOptions } from "./svg.js";
