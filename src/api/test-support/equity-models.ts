/**
 * Random model files with an `equity:` section, for the equity path's property tests. The text is
 * written the way a user writes it (figures as text, flow mappings), so the reader, the compiler
 * and the core all see it. Most generated models are valid; some break a rule on purpose (an
 * option grant beyond its pool, a tier with two sharing rules, a conversion with no fixed point)
 * so that the "diagnostics, never a throw" path is exercised too. Edge values are over-weighted:
 * one share and counts beyond 2^53, prices of a fraction of a minor unit and of a trillion, 0x
 * preferences, caps equal to the preference, strikes above any exit, discounts just under 100 %,
 * caps of one minor unit, pool targets of 0 % and 99 %, dates at the horizon's edges.
 */
import fc from "fast-check";

export const CURRENCIES = ["USD", "JPY", "BHD"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** One minor unit written in major units. */
export const MINOR_UNIT: Readonly<Record<Currency, string>> = { USD: "0.01", JPY: "1", BHD: "0.001" };

export const HORIZON = { start: "2024-01", end: "2027-12" } as const;
/** Dates at and around the horizon's edges, in it and outside it. */
const DATES = ["2024-01-01", "2027-12-31", "2024-06-15", "2025-03-01", "2026-02-28", "2026-12-31", "2023-12-31", "2028-01-01", "2020-02-29"];

const shareCount = fc.constantFrom("1", "2", "3", "1000", "250K", "6M", "9007199254740993", "123456789012345678901");
const issuePrice = (cur: Currency) => fc.constantFrom(MINOR_UNIT[cur], "0.0001", "0.5", "1", "12.5", "1000000", "1000000000000");
const strike = (cur: Currency) => fc.constantFrom("0", MINOR_UNIT[cur], "0.12", "1", "5000000000");
/** Up to 80 trillion yen, or 80 billion of a currency with minor units (all within 2^53 - 1 minor units). */
const amountText = (cur: Currency) => fc.constantFrom(MINOR_UNIT[cur], "1", "500K", "2M", "40M", "1B", cur === "JPY" ? "80T" : "80B");
const dateText = fc.constantFrom(...DATES);

interface PreferredSpec {
  readonly issuePrice?: string;
  readonly preference: string;
  readonly participation: string;
  readonly seniority: number;
  readonly conversionRatio?: string;
}

const preferredSpec = (cur: Currency): fc.Arbitrary<PreferredSpec> =>
  fc
    .record(
      {
        issuePrice: issuePrice(cur),
        preference: fc.constantFrom("0x", "1x", "1.5x", "3x"),
        participation: fc.constantFrom("non-participating", "participating", "equal-cap", "cap-plus-1", "cap-plus-half"),
        seniority: fc.integer({ min: 1, max: 3 }),
        conversionRatio: fc.constantFrom("1", "0.5", "2", "3"),
      },
      { requiredKeys: ["preference", "participation", "seniority"] },
    )
    .map((p) => {
      const multiple = Number(p.preference.replace("x", ""));
      const participation =
        p.participation === "equal-cap" ? `{ cap: ${p.preference} }` : p.participation === "cap-plus-1" ? `{ cap: ${multiple + 1}x }` : p.participation === "cap-plus-half" ? `{ cap: ${multiple + 0.5}x }` : p.participation;
      return { ...p, participation };
    });

export interface EquityModelOptions {
  /** Let some generated models break a rule on purpose (default true). */
  readonly invalid?: boolean;
}

/** The text of a model file with one company's equity section (and, sometimes, a financing). */
export function equityModelText(options: EquityModelOptions = {}): fc.Arbitrary<{ readonly text: string; readonly currency: Currency }> {
  const invalid = options.invalid ?? true;
  return fc.constantFrom(...CURRENCIES).chain((cur) =>
    fc
      .record({
        preferred: fc.array(preferredSpec(cur), { maxLength: 3 }),
        // One model in ten breaks a rule, when allowed: one of the three below.
        broken: invalid ? fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: fc.constantFrom("no-common" as const, "tier-conflict" as const, "over-pool" as const), weight: 1 }) : fc.constant(undefined),
        tierRule: fc.constantFrom("default", "by-shares"),
        commonClasses: fc.constantFrom(1, 1, 2),
        pools: fc.array(shareCount, { maxLength: 2 }),
        holdings: fc.array(fc.record({ holder: fc.integer({ min: 0, max: 3 }), cls: fc.nat(), shares: shareCount, issued: fc.option(dateText), condition: fc.boolean(), treasury: fc.boolean() }), { maxLength: 5 }),
        options: fc.array(fc.record({ holder: fc.integer({ min: 0, max: 3 }), pool: fc.nat(), shares: shareCount, strike: strike(cur), granted: fc.option(dateText), vesting: fc.option(fc.record({ start: dateText, months: fc.constantFrom(1, 12, 48), cliff: fc.constantFrom(0, 1, 12) })), condition: fc.boolean() }), { maxLength: 3 }),
        warrants: fc.array(fc.record({ holder: fc.integer({ min: 0, max: 3 }), cls: fc.nat(), shares: shareCount, strike: strike(cur), issued: fc.option(dateText) }), { maxLength: 2 }),
        safes: fc.array(fc.record({ amount: amountText(cur), basis: fc.constantFrom("post-money", "pre-money"), cap: fc.option(fc.constantFrom(MINOR_UNIT[cur], "4M", "20M", "1B")), discount: fc.option(fc.constantFrom("0%", "20%", "99.99%")), mfn: fc.boolean(), issued: fc.option(dateText) }), { maxLength: 2 }),
        notes: fc.array(fc.record({ principal: amountText(cur), rate: fc.constantFrom("0%", "8%", "100%"), compounding: fc.constantFrom("simple", "annual", "monthly"), dayCount: fc.constantFrom("act/365", "30/360"), issued: dateText, maturity: dateText, cap: fc.option(fc.constantFrom(MINOR_UNIT[cur], "30M")), discount: fc.option(fc.constantFrom("15%", "99.99%")) }), { maxLength: 1 }),
        financing: fc.option(
          fc.record({
            preMoney: fc.constantFrom(MINOR_UNIT[cur], "1", "40M", "10B", "by-price"),
            roundDate: fc.constantFrom("2024-01", "2026-04", "2027-12"),
            tranches: fc.array(fc.record({ investor: fc.integer({ min: 0, max: 1 }), amount: amountText(cur), conditional: fc.boolean() }), { minLength: 1, maxLength: 3 }),
            /** The class the round issues: a new preferred class priced by the round, the first preferred class (priced as written), or common. */
            issues: fc.constantFrom("new", "new", "existing", "common"),
            topUp: fc.constantFrom("none", "0%", "10%", "99%", "increase-1", "increase-500K"),
            promised: fc.option(fc.constantFrom("1", "100K")),
          }),
        ),
      })
      .map(({ broken, ...spec }) => ({ text: render(cur, { ...spec, commonClasses: broken === "no-common" ? 0 : spec.commonClasses, tierRule: broken === "tier-conflict" ? "mixed" : spec.tierRule }, broken === "over-pool"), currency: cur })),
  );
}

type Spec = {
  preferred: PreferredSpec[];
  tierRule: string;
  commonClasses: number;
  pools: string[];
  holdings: Array<{ holder: number; cls: number; shares: string; issued: string | null; condition: boolean; treasury: boolean }>;
  options: Array<{ holder: number; pool: number; shares: string; strike: string; granted: string | null; vesting: { start: string; months: number; cliff: number } | null; condition: boolean }>;
  warrants: Array<{ holder: number; cls: number; shares: string; strike: string; issued: string | null }>;
  safes: Array<{ amount: string; basis: string; cap: string | null; discount: string | null; mfn: boolean; issued: string | null }>;
  notes: Array<{ principal: string; rate: string; compounding: string; dayCount: string; issued: string; maturity: string; cap: string | null; discount: string | null }>;
  financing: { preMoney: string; roundDate: string; tranches: Array<{ investor: number; amount: string; conditional: boolean }>; issues: string; topUp: string; promised: string | null } | null;
};

function render(cur: Currency, spec: Spec, overPool: boolean): string {
  const lines: string[] = [];
  const out = (s: string): number => lines.push(s);
  const commons = Array.from({ length: spec.commonClasses }, (_, i) => (i === 0 ? "common" : `common-${i}`));
  const preferredIds = spec.preferred.map((_, i) => `series-${i}`);
  const newClass = spec.financing?.issues === "new";
  const financedClass = newClass ? "series-new" : spec.financing?.issues === "common" ? commons[0] : preferredIds[0];
  const classIds = [...commons, ...preferredIds, ...(newClass ? ["series-new"] : [])];
  const pools = spec.pools.map((_, i) => `plan-${i}`);
  const cls = (n: number): string => classIds[n % Math.max(classIds.length, 1)] ?? "common";

  out(`dealgraph: 1\nname: Fuzzed equity\ncurrency: ${cur}\nhorizon: { start: ${HORIZON.start}, end: ${HORIZON.end} }`);
  out(`parties:\n  Co: company\n  Investor A: investor\n  Investor B: investor`);
  out(`conditions:\n  milestone: { description: A milestone, probability: 50% }`);
  const f = spec.financing;
  const financing = f && financedClass !== undefined ? f : null;
  if (financing) {
    out(`rounds:\n  series-x:\n    company: Co\n    date: ${financing.roundDate}`);
    if (financing.preMoney === "by-price") out(`    price-per-share: 2.5\n    shares-outstanding: 10M`);
    else out(`    pre-money: ${financing.preMoney}`);
    out(`    commitments:`);
    for (const investor of [0, 1]) {
      const mine = financing.tranches.filter((t) => t.investor === investor);
      if (mine.length === 0) continue;
      out(`      Investor ${investor === 0 ? "A" : "B"}:`);
      for (const t of mine) out(`        - { amount: ${t.amount}${t.conditional ? ", condition: milestone" : ""} }`);
    }
  }
  out(`equity:\n  Co:\n    classes:`);
  for (const c of commons) out(`      ${c}: common`);
  // Classes of one seniority share one rule unless the spec asks for a conflict (an invalid model).
  const rules = new Map<number, string>();
  spec.preferred.forEach((p, i) => {
    const rule = spec.tierRule === "mixed" ? (i % 2 === 0 ? "by-shares" : "by-preference") : spec.tierRule === "by-shares" ? "by-shares" : undefined;
    const first = rules.get(p.seniority);
    const tierSharing = first !== undefined && spec.tierRule !== "mixed" ? first : rule;
    if (first === undefined && tierSharing !== undefined) rules.set(p.seniority, tierSharing);
    const fields = [
      "kind: preferred",
      // The first preferred class leaves its issue price to the round when the round issues it, unless the spec wrote one.
      ...(financing && preferredIds[i] === financedClass && p.issuePrice === undefined ? [] : [`issue-price: ${p.issuePrice ?? "1"}`]),
      `preference: ${p.preference}`,
      `participation: ${p.participation}`,
      `seniority: ${p.seniority}`,
      ...(tierSharing ? [`tier-sharing: ${tierSharing}`] : []),
      ...(p.conversionRatio ? [`conversion-ratio: ${p.conversionRatio}`] : []),
      ...(commons.length > 1 ? [`converts-into: ${commons[i % commons.length]}`] : []),
    ];
    out(`      ${preferredIds[i]}: { ${fields.join(", ")} }`);
  });
  if (newClass) out(`      series-new: { kind: preferred, preference: 1x, participation: non-participating, seniority: 1${commons.length > 1 ? ", converts-into: common" : ""} }`);
  if (pools.length > 0) {
    out(`    pools:`);
    // A pool is over the first common class when there is one (options are over common stock).
    spec.pools.forEach((reserved, i) => out(`      ${pools[i]}: { class: ${commons[0] ?? cls(0)}, reserved: ${reserved} }`));
  }
  const holder = (n: number): string => ["Founder", "Angel", "Employee", "Fund"][n] ?? "Someone";
  if (spec.holdings.length > 0) {
    out(`    holdings:`);
    for (const h of spec.holdings) out(`      - { holder: ${holder(h.holder)}, class: ${cls(h.cls)}, shares: ${h.shares}${h.issued ? `, issued: ${h.issued}` : ""}${h.condition ? ", condition: milestone" : ""}${h.treasury ? ", treasury: true" : ""} }`);
  }
  // Grants are trimmed to their pool unless the model may be invalid.
  const options = spec.options.filter(() => pools.length > 0);
  if (options.length > 0) {
    out(`    options:`);
    const used = new Map<number, bigint>();
    for (const o of options) {
      const p = o.pool % pools.length;
      const reserved = BigInt(expandCount(spec.pools[p] ?? "0"));
      let shares = BigInt(expandCount(o.shares));
      if (!overPool) shares = shares > reserved - (used.get(p) ?? 0n) ? reserved - (used.get(p) ?? 0n) : shares;
      used.set(p, (used.get(p) ?? 0n) + shares);
      if (shares <= 0n) continue;
      const vesting = o.vesting ? `, vesting: { start: ${o.vesting.start}, months: ${o.vesting.months}, cliff: ${Math.min(o.vesting.cliff, o.vesting.months)} }` : "";
      out(`      - { holder: ${holder(o.holder)}, pool: ${pools[p]}, shares: ${shares}, strike: ${o.strike}${o.granted ? `, granted: ${o.granted}` : ""}${vesting}${o.condition ? ", condition: milestone" : ""} }`);
    }
  }
  if (spec.warrants.length > 0) {
    out(`    warrants:`);
    for (const w of spec.warrants) out(`      - { holder: ${holder(w.holder)}, class: ${cls(w.cls)}, shares: ${w.shares}, strike: ${w.strike}${w.issued ? `, issued: ${w.issued}` : ""} }`);
  }
  if (spec.safes.length > 0) {
    out(`    safes:`);
    spec.safes.forEach((s, i) =>
      out(`      - { id: safe-${i}, holder: SAFE holder ${i}, amount: ${s.amount}, basis: ${s.basis}${s.cap ? `, cap: ${s.cap}` : ""}${s.discount ? `, discount: ${s.discount}` : ""}, mfn: ${s.mfn}${s.issued ? `, issued: ${s.issued}` : ""} }`),
    );
  }
  if (spec.notes.length > 0) {
    out(`    notes:`);
    spec.notes.forEach((n, i) => {
      const [issued, maturity] = n.issued <= n.maturity ? [n.issued, n.maturity] : [n.maturity, n.issued];
      out(`      - { id: note-${i}, holder: Lender ${i}, principal: ${n.principal}, rate: ${n.rate}, compounding: ${n.compounding}, day-count: ${n.dayCount}, issued: ${issued}, maturity: ${maturity}${n.cap ? `, cap: ${n.cap}` : ""}${n.discount ? `, discount: ${n.discount}` : ""} }`);
    });
  }
  if (financing) {
    const topUp = financing.topUp === "none" ? "" : financing.topUp.startsWith("increase-") ? `, top-up: { increase: ${financing.topUp.slice("increase-".length)} }` : `, top-up: { target: ${financing.topUp} }`;
    const usableTopUp = pools.length > 0 ? topUp : "";
    out(`    financing: { round: series-x, class: ${financedClass}${usableTopUp}${financing.promised ? `, promised-options: ${financing.promised}` : ""} }`);
  }
  return lines.join("\n") + "\n";
}

/** A share count as written (`250K`, `6M`) as a whole number. */
export function expandCount(text: string): string {
  const units: Record<string, bigint> = { K: 1_000n, M: 1_000_000n };
  const unit = units[text.slice(-1)];
  return unit === undefined ? text : String(BigInt(text.slice(0, -1)) * unit);
}
