/**
 * The fixed inputs of the compute workload, generated the same way, bit for bit, in every runtime
 * (verdict's reference in src/workloads/compute-reference.ts and python-fastapi-tuned's
 * compute_kernels.py implement the same generator with the same seeds):
 *
 * - xorshift32 (Marsaglia 2003: x ^= x << 13; x ^= x >>> 17; x ^= x << 5, on 32 bits), one
 *   stream per data set, each value the next state divided by 2^32: a float64 in [0, 1) that
 *   every runtime represents exactly, so the inputs are identical, not merely close.
 * - A and B: MATRIX_SIZE x MATRIX_SIZE, row-major; the stats sample: STATS_COUNT values.
 *
 * Generated once per process, on the first compute request, then kept: never per request. Not at
 * startup, so the other workloads' memory figures do not carry data they never use (verdict's
 * preflight makes that first request before any timing).
 */

export const MATRIX_SIZE = 192;
export const STATS_COUNT = 1_000_000;
export const SEEDS = { a: 0x9e3779b9, b: 0x85ebca6b, stats: 0xc2b2ae35 } as const;

/** `count` values of xorshift32 from `seed` (non-zero), each divided by 2^32. */
export function xorshift32(seed: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let x = seed >>> 0;
  for (let i = 0; i < count; i += 1) {
    // Bitwise operators work on 32 bits; >>> keeps the right shift logical and the state unsigned.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x / 4294967296;
  }
  return out;
}

export interface ComputeData {
  size: number;
  /** Row-major n x n. */
  a: Float64Array;
  b: Float64Array;
  sample: Float64Array;
}

let data: ComputeData | undefined;

export function computeData(): ComputeData {
  data ??= {
    size: MATRIX_SIZE,
    a: xorshift32(SEEDS.a, MATRIX_SIZE * MATRIX_SIZE),
    b: xorshift32(SEEDS.b, MATRIX_SIZE * MATRIX_SIZE),
    sample: xorshift32(SEEDS.stats, STATS_COUNT),
  };
  return data;
}

/** The entries of the product every implementation reports, beside its sum and trace. */
export function samplePositions(n: number): [number, number][] {
  return [
    [0, 0],
    [n >> 1, n >> 2],
    [n - 1, n - 1],
  ];
}

/** The percentiles every implementation reports. */
export const PERCENTILES = [50, 90, 99] as const;

/**
 * NumPy's default percentile (method 'linear', Hyndman and Fan type 7) over ascending values:
 * h = (n - 1) * p / 100, then linear interpolation between the values at floor(h) and floor(h) + 1.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
