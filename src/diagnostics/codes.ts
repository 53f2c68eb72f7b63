/**
 * Every diagnostic code dealgraph emits, with a one-line summary. Codes are stable: tools and
 * users may match on them. docs/diagnostics.md lists them with an example each; a test keeps the
 * two in step.
 */
export const DIAGNOSTIC_CODES = {
  // Reading files
  E_FILE_NOT_FOUND: "the model file does not exist",
  E_FILE_UNREADABLE: "the model file exists but cannot be read",
  E_YAML_SYNTAX: "the file is not well-formed YAML or JSON",
  E_DUPLICATE_KEY: "a mapping states the same key twice",

  // Shape of the model
  E_UNKNOWN_KEY: "a key that this part of the model does not have",
  E_MISSING_FIELD: "a required field is absent",
  E_WRONG_TYPE: "a value of the wrong type (a list where a mapping is expected, say)",
  E_BAD_ENUM: "a word that is not one of the allowed choices",
  E_BAD_DATE: "a date that is not YYYY-MM or YYYY-MM-DD, or not on the calendar",
  E_FIGURE_SYNTAX: "a figure that cannot be read (write 730B, 35 B, 1.5M, 20%, 3 GW, 50B/GW)",
  E_FIGURE_KIND: "a figure of the wrong kind: a percentage where money is expected, say",
  E_FIGURE_PRECISION: "an amount finer than the currency's minor unit",
  E_FIGURE_RANGE: "an amount beyond the safe range (about 90 trillion in a 2-decimal currency)",
  E_NONPOSITIVE_AMOUNT: "an amount, quantity or price that is zero or negative where it must be positive",
  E_PERCENT_RANGE: "a percentage or probability outside 0 %..100 %",
  E_UNIT_MISMATCH: "a quantity and a price per unit that name different units",
  E_FORMULA_SYNTAX: "a forecast formula that cannot be parsed",
  E_CONFLICTING_FIELDS: "two keys that exclude each other (source and assumption, date and condition, end and years), or a key that does not apply here",

  // References
  E_UNKNOWN_PARTY: "a party name that no entry under `parties` defines",
  E_UNKNOWN_CONDITION: "a condition name that no entry under `conditions` defines",
  E_UNKNOWN_CONTRACT: "a contract name (in `extends`) that no entry under `contracts` defines",
  E_UNKNOWN_CLASS: "a share class or option pool name that the company's equity section does not define",
  E_UNKNOWN_ROUND: "a round name (in an equity financing) that no entry under `rounds` of that company defines",
  E_UNKNOWN_DRIVER: "a driver name (in a scenario or a correlation) that no entry under `drivers` defines",
  E_RANGE_ORDER: "a range or distribution whose low end is above its high end (or a mode outside them)",
  E_UNKNOWN_LINE: "a forecast line name that the company's forecast does not define",
  E_PARTY_KIND: "a party used in a role its kind does not allow (a supplier investing, say)",
  E_AFFILIATION_CYCLE: "parties whose `affiliate-of` links loop",
  E_EXTENDS_CYCLE: "contracts whose `extends` links loop",
  E_EXTENDS_KIND: "a contract that extends a contract of another kind or between other parties",
  E_FORMULA_CYCLE: "forecast lines whose formulas depend on each other in the same month",

  // Time
  E_HORIZON_ORDER: "a horizon whose end is before its start",
  E_WINDOW_ORDER: "a window or term whose end is before its start",
  E_DATE_OUTSIDE_HORIZON: "a dated event (round, tranche, condition, placement) outside the horizon",
  E_TRANCHE_BEFORE_ROUND: "a tranche dated before its round",
  E_JOIN_AFTER_FINAL_CLOSE: "an investor joining a rolling close after its final close date",
  E_JOIN_BEFORE_ROUND: "an investor joining before the round's own date",
  W_TERM_OUTSIDE_HORIZON: "a contract whose whole term lies outside the horizon: it posts nothing",

  // Consistency
  E_VALUATION_INPUTS: "a round that states neither a pre-money valuation nor price and shares, or both inconsistently",
  E_SCHEDULE_TOTAL: "an explicit schedule whose amounts do not add up to the contract total",
  E_SCHEDULE_OUTSIDE_TERM: "a scheduled year or month outside the contract's term",
  E_CALIBRATION: "a calibration that cannot be met (the other outflows already exceed the target, say)",
  E_FORECAST_DEFINITION: "a forecast line that states no way, or more than one way, to compute it",
  W_CONDITION_UNUSED: "a condition that no tranche depends on",

  // Compiling (needs the numbers)
  E_FORMULA_UNITS: "a formula that multiplies two amounts of money, or divides a number by money",
  W_FORMULA_DIVISION_BY_ZERO: "a formula divided by zero in some month; that month's value is taken as 0",

  // Networks of flows (src/network; `flows:`, `flow-files:` and `dealgraph flows`)
  E_CSV_MISSING_COLUMN: "a flow CSV file lacks a required column (from, to, amount)",
  E_CSV_SYNTAX: "a CSV row that cannot be read: an unclosed quote, a stray quote, or a field count unlike the header's",
  E_DUPLICATE_PARTY: "two parties of a flow set with the same name",
  E_NETWORK_TOTAL_RANGE: "flows whose total is beyond the safe range, so that sums could not stay exact",
  E_CLOSED_LOOP: "parties whose money only circulates among themselves: nothing enters or leaves, so cycling is unbounded",
  W_EMPTY_SELECTION: "a time window or status filter that selects no flows (a window outside the dates of the data, say)",
  W_UNDATED_FLOWS: "flows without a month, left out because a time window was asked for",
  W_PRECISION_BUDGET: "an iterative metric that stopped at its work budget before reaching the precision asked for",

  // Equity: cap tables, conversions, waterfalls (the equity core's checks)
  E_EQUITY_UNKNOWN_CLASS: "a holding, pool, grant or class that names a share class (or option pool) no entry defines",
  E_EQUITY_DUPLICATE_ID: "two share classes, pools or convertibles with the same id",
  E_EQUITY_SENIORITY_CONFLICT: "preferred classes at one seniority that state different rules for sharing the tier",
  E_EQUITY_NEGATIVE_AMOUNT: "a share count, price, multiple, cap or amount below zero",
  E_EQUITY_ZERO_PRICE: "an original issue price, valuation cap or pre-money valuation that is zero, or a round or conversion price that rounds to zero",
  E_EQUITY_DISCOUNT_RANGE: "a conversion discount of 100 % or more (or below zero)",
  E_EQUITY_POOL_TARGET_RANGE: "an option pool target outside 0 %..100 % (exclusive of 100 %)",
  E_EQUITY_CAP_BELOW_PREFERENCE: "a participation cap below the liquidation preference it caps",
  E_EQUITY_OPTIONS_EXCEED_POOL: "options granted from a pool beyond the shares the pool reserves",
  E_EQUITY_VESTING_SCHEDULE: "a vesting schedule whose cliff is longer than its term, or with no term",
  E_EQUITY_NO_COMMON_CLASS: "a cap table with preferred classes but no common class to convert into",
  E_EQUITY_BAD_DATE: "a date that is not YYYY-MM-DD on the calendar",
  E_EQUITY_NO_FIXED_POINT: "a priced-round conversion (SAFEs, notes, pool top-up) that does not settle",
  E_EQUITY_NO_SHARES: "a priced round with no shares before it, or an exit with proceeds and no shares outstanding to receive them",
  E_EQUITY_NO_EQUILIBRIUM: "an exit waterfall whose conversion or exercise choices never become consistent",
  W_EQUITY_CONVERSION_OSCILLATION: "simultaneous conversion choices oscillated; settled one class at a time instead",
  W_EQUITY_NOTE_PAST_MATURITY: "a convertible note that converts after its maturity date",

  // Simulation: drivers, distributions, correlation, Monte Carlo runs
  E_SIM_RUNS: "a number of runs (or a batch size) that is not a whole number above zero",
  E_SIM_RANGE_ORDER: "a range or distribution whose low is above its high (or whose mode lies outside them)",
  E_SIM_PARAMETER: "a distribution parameter that is not a finite number, or a spread below zero",
  E_SIM_PROBABILITY_RANGE: "a probability outside 0..1",
  E_SIM_PROBABILITY_SUM: "the probabilities of a discrete distribution do not add up to 1",
  E_SIM_CORRELATION_SHAPE: "a correlation matrix that is not square, not symmetric, has a diagonal other than 1, or entries outside -1..1",
  E_SIM_CORRELATION_NOT_PSD: "a correlation matrix that no set of drivers can have (not positive semi-definite); the message names a pair",
  E_SIM_FACTOR_LOADINGS: "shared-factor loadings of a driver whose squares add up to more than 1",
  E_SIM_UNKNOWN_SCENARIO: "a scenario name that is not base, with-conditional or without-conditional",
  E_SIM_UNKNOWN_DRIVER: "a distribution, correlation or sensitivity for a driver the model does not have",
  E_SIM_UNKNOWN_CONDITION: "a condition override for a condition the model does not have",
  E_SIM_UNKNOWN_OUTPUT: "an output that names a line the simulated company does not have",
  E_SIM_UNKNOWN_COMPANY: "a company to simulate that is not a party of the model",
  E_SIM_WINDOW_ORDER: "a condition window whose last month is before its first",
  E_SIM_PERCENTILE: "a percentile outside 0..100",

  // Open Cap Format import and export (src/ocf; `dealgraph ocf`)
  E_OCF_PACKAGE: "an OCF package that cannot be read: no manifest, a listed file missing or not JSON, a key written twice in one object, a file of the wrong type",
  E_OCF_SCHEMA: "an OCF object whose field is not of the shape dealgraph reads (the message names the file, the object id and the field)",
  E_OCF_INVALID: "an OCF file that fails OCF's published JSON schema for it (the message names the file, the object and the field; the hint names the schema)",
  W_OCF_INVALID: "with --skip-invalid and --schemas: an object that fails OCF's published schema, named with its field; it is left out (W_OCF_SKIPPED)",
  E_OCF_SCHEMAS: "a folder given as OCF's published JSON schemas that cannot be used: missing, not schemas, of two versions, or with a reference that does not resolve",
  E_OCF_REFERENCE: "an OCF object that names an id (a stakeholder, class, plan or vesting terms) the package does not contain, or a security that is not outstanding when a transaction acts on it",
  E_OCF_QUANTITY: "an OCF transaction that takes more from a security than it holds, or leaves it (or a plan) with a count dealgraph cannot hold",
  W_OCF_UNSUPPORTED: "OCF objects or fields dealgraph does not read; each is listed, none dropped silently",
  W_OCF_APPROXIMATED: "an OCF term read with its nearest dealgraph meaning (the message says which)",
  W_OCF_AFTER_AS_OF: "OCF transactions dated after the package's as_of date, left out of the import (one warning lists them)",
  W_OCF_SKIPPED: "an OCF object left out of the import because of a problem confined to it (with skipInvalid), with what depends on it",
  W_OCF_NOT_EXPRESSIBLE: "something of the model that OCF cannot express (a conditional tranche, a contract), left out of the export and listed in its report",
  W_OCF_PLACEHOLDER: "a field OCF requires that the model does not state, written with a stated placeholder",

  // Command line
  E_USAGE: "a command line that dealgraph cannot act on",
  E_FILE_UNWRITABLE: "an output file (a chart) that cannot be written",
  E_UNKNOWN_SCENARIO: "a scenario name (--scenario) that the model does not define",
  E_UNKNOWN_ITEM: "an item for `explain` that names no account, party or reported figure",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
