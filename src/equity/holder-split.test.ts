import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money, splitByWeights, type Money } from "../money/money.js";
import { ZERO_RATIO } from "../money/ratio.js";
import { layoutHolders, splitAmongHolders, splitAmongHoldersAsIntegers, splitInBigint, splitScratch } from "./holder-split.js";
import type { Stake } from "./waterfall-model.js";

const stake = (holders: ReadonlyArray<readonly [string, bigint]>): Stake => ({
  classIndex: 0,
  kind: "shares",
  strike: ZERO_RATIO,
  shares: holders.reduce((a, [, s]) => a + s, 0n),
  holders: holders.map(([holder, shares]) => ({ holder, shares })),
});

/** The split both fast ways (float64 and 64-bit integers), checked to agree; null when it is left to bigint. */
function fastSplit(stakes: readonly Stake[], payouts: readonly bigint[]): bigint[] | null {
  const layout = layoutHolders(stakes);
  const scratch = splitScratch(layout);
  const n = layout.holders.length;
  const proceeds = payouts.reduce((a, b) => a + b, 0n);
  // The arrays start full of garbage: every holder's payout must be written, not added to what was there.
  const floats = splitAmongHolders(layout, payouts.map(money), proceeds, new Float64Array(n).fill(Number.NaN), scratch);
  const integers = splitAmongHoldersAsIntegers(layout, payouts.map(money), proceeds, new BigInt64Array(n).fill(-1n), scratch);
  if (floats === null) {
    expect(integers).toBeNull();
    return null;
  }
  expect([...integers!]).toEqual([...floats].map(BigInt));
  return [...integers!];
}


/**
 * Stakes from generated (holder number, shares) lists, each holder once per stake, with the
 * payout each stake splits, and what `splitByWeights` gives every holder summed over the stakes.
 */
function againstReference(raw: ReadonlyArray<readonly [ReadonlyArray<readonly [number, bigint]>, bigint]>): { stakes: ReturnType<typeof stake>[]; payouts: bigint[]; expected: bigint[] } {
  const stakes = raw.map(([holders]) => stake(holders.map(([h, s]) => [`h${h}`, s] as const).filter(([h], i, all) => all.findIndex(([g]) => g === h) === i)));
  const payouts = raw.map(([, p]) => p);
  const expected = new Map<string, bigint>();
  stakes.forEach((s, j) => {
    const parts = splitByWeights(money(payouts[j]!), s.holders.map((h) => h.shares));
    s.holders.forEach((h, k) => expected.set(h.holder, (expected.get(h.holder) ?? 0n) + (parts[k] as Money)));
  });
  return { stakes, payouts, expected: [...expected.values()] };
}
describe("splitting stakes among holders", () => {
  it("splits by shares, the spare units to the largest remainders, ties to the earlier holder", () => {
    // $1.00 over 1:1:1 -> 33.33... each; the one spare cent goes to the first holder.
    expect(fastSplit([stake([["a", 1n], ["b", 1n], ["c", 1n]])], [100n])).toEqual([34n, 33n, 33n]);
    // 10 cents over 1:2:4 -> 1.43, 2.86, 5.71: floors 1, 2, 5; the two spare cents go to .86 and .71.
    expect(fastSplit([stake([["a", 1n], ["b", 2n], ["c", 4n]])], [10n])).toEqual([1n, 3n, 6n]);
  });

  it("splits holders with equal share counts once, the spare units inside them to the earlier holders", () => {
    // 10 cents over 1:2:1:2:1 -> 1.43, 2.86, 1.43, 2.86, 1.43: floors 1, 2, 1, 2, 1; of the three
    // spare cents, two go to the .86s and the last to the first of the three .43s.
    expect(fastSplit([stake([["a", 1n], ["b", 2n], ["c", 1n], ["d", 2n], ["e", 1n]])], [10n])).toEqual([2n, 3n, 1n, 3n, 1n]);
    // 4 cents over 3:1:3:1 -> 1.5, 0.5, 1.5, 0.5: two share counts with the same remainder, so the two
    // spare cents go to the first two holders in the stake, one of each share count.
    expect(fastSplit([stake([["a", 3n], ["b", 1n], ["c", 3n], ["d", 1n]])], [4n])).toEqual([2n, 1n, 1n, 0n]);
    // Everyone holds the same: 7 cents over five holders -> 2, 2, 1, 1, 1.
    expect(fastSplit([stake([["a", 5n], ["b", 5n], ["c", 5n], ["d", 5n], ["e", 5n]])], [7n])).toEqual([2n, 2n, 1n, 1n, 1n]);
  });

  it("sums a holder's stakes, holders listed in order of first appearance", () => {
    const layout = layoutHolders([stake([["b", 1n], ["a", 1n]]), stake([["c", 3n], ["a", 1n]])]);
    expect(layout.holders).toEqual(["b", "a", "c"]);
    expect(fastSplit([stake([["b", 1n], ["a", 1n]]), stake([["c", 3n], ["a", 1n]])], [11n, 8n])).toEqual([6n, 5n + 2n, 6n]);
    // Sums past 2^32 carry into the high word of the 64-bit integers: 2^32 - 1, then 2^32 + 1 more.
    expect(fastSplit([stake([["a", 1n], ["b", 1n]]), stake([["c", 1n], ["a", 1n]])], [2n * (2n ** 32n - 1n), 2n * (2n ** 32n + 1n)])).toEqual([2n ** 33n, 2n ** 32n - 1n, 2n ** 32n + 1n]);
    // A stake that pays nothing still sets its holders to zero, before a later stake adds to them.
    expect(fastSplit([stake([["a", 1n], ["b", 1n]]), stake([["c", 1n]]), stake([["b", 1n], ["c", 1n], ["d", 2n]])], [0n, 5n, 8n])).toEqual([0n, 2n, 5n + 2n, 4n]);
  });

  it("gives the same integers as splitByWeights, stake by stake", () => {
    const holdersArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.bigInt({ min: 1n, max: 5_000_000n })), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(fc.array(fc.tuple(holdersArb, fc.bigInt({ min: 0n, max: 10n ** 13n })), { minLength: 1, maxLength: 4 }), (raw) => {
        const { stakes, payouts, expected } = againstReference(raw);
        const fast = fastSplit(stakes, payouts);
        if (fast !== null) expect(fast).toEqual(expected);
        expect(splitInBigint(layoutHolders(stakes), payouts.map(money))).toEqual(expected);
      }),
    );
  });

  it("gives the same integers as splitByWeights when many holders share a share count", () => {
    // Share counts from a small set, so that most holders tie with others and different share
    // counts often have the same remainder; the holder's stakes overlap (a holder may hold several).
    const holdersArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.bigInt({ min: 1n, max: 6n })), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(fc.array(fc.tuple(holdersArb, fc.bigInt({ min: 0n, max: 10n ** 6n })), { minLength: 1, maxLength: 4 }), (raw) => {
        const { stakes, payouts, expected } = againstReference(raw);
        const fast = fastSplit(stakes, payouts);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(expected);
        expect(fast!.reduce((a, b) => a + b, 0n)).toBe(payouts.reduce((a, b) => a + b, 0n));
      }),
      { numRuns: 500 },
    );
  });

  describe("invalid input", () => {
    it("leaves amounts beyond 2^53 to the bigint split", () => {
      const layout = layoutHolders([stake([["a", 1n], ["b", 2n]])]);
      const huge = 2n ** 60n;
      expect(splitAmongHolders(layout, [money(huge)], huge, new Float64Array(2), splitScratch(layout))).toBeNull();
      expect(splitInBigint(layout, [money(huge)])).toEqual(splitByWeights(money(huge), [1n, 2n]));
    });
  });
});
