/**
 * Seeded randomness. Round orders and bootstrap resamples come from a seed recorded with the run,
 * so a run's order can be replayed and its intervals recomputed to the last digit.
 */
import { randomBytes } from 'node:crypto';

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): one add, two multiplies per draw, a full
 * 2^32 period and good equidistribution for this use (shuffles and resampling indices, not
 * cryptography). Returns numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates: a uniformly random permutation, as a new array. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** A fresh seed for a run: a random unsigned 32-bit integer from the system's CSPRNG. */
export function newSeed(): number {
  return randomBytes(4).readUInt32LE(0);
}

/** A standard normal draw (Box–Muller) from a uniform source; for simulations. */
export function gaussian(random: () => number): number {
  const u = 1 - random(); // (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
