/**
 * Random streams: pure-rand's xoroshiro128plus, one independent stream per batch. Batch b draws
 * from the generator seeded with the run's seed and jumped b times (each jump moves 2^64 draws
 * ahead), so a batch's numbers depend only on (seed, b), never on which worker runs it or on how
 * many workers there are.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

export type Stream = JumpableRandomGenerator;

/** Hands out batch streams; jumps forward from the last one it made, so walking batches in order costs one jump each. */
export class BatchStreams {
  private readonly seed: number;
  private cursor: Stream;
  private cursorBatch = 0;

  constructor(seed: number) {
    this.seed = seed;
    this.cursor = xoroshiro128plus(seed);
  }

  /** A fresh generator for batch `b` (the caller may consume it). */
  stream(b: number): Stream {
    if (b < this.cursorBatch) {
      this.cursor = xoroshiro128plus(this.seed);
      this.cursorBatch = 0;
    }
    while (this.cursorBatch < b) {
      this.cursor.jump();
      this.cursorBatch++;
    }
    return this.cursor.clone();
  }
}

const TWO_POW_26 = 67108864;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;

/** A uniform double strictly inside (0, 1), from 53 random bits (two 32-bit draws), centred in its 2^-53 cell. */
export function nextUniform(rng: Stream): number {
  const high = rng.next() >>> 5; // 27 bits
  const low = rng.next() >>> 6; // 26 bits
  return (high * TWO_POW_26 + low + 0.5) * TWO_POW_MINUS_53;
}
