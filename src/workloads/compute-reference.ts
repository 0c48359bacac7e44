/**
 * The compute workload's inputs and reference answers, computed in verdict itself, and the check
 * every server's answers must pass before anything is timed.
 *
 * Inputs (the servers generate the same, bit for bit: servers/node-fastify/src/compute/data.ts,
 * servers/python-fastapi-tuned/compute_kernels.py): xorshift32 (Marsaglia 2003; on 32 bits,
 * x ^= x << 13, x ^= x >>> 17, x ^= x << 5), one stream per data set from a fixed seed, each value
 * the next state divided by 2^32, a float64 in [0, 1) that every runtime represents exactly.
 * A and B are 192 x 192, row-major; the stats sample is 1,000,000 values.
 *
 * The reference takes other routes than the servers, so it does not share their mistakes: the
 * sum of A B is sum_k (column k of A summed) x (row k of B summed), without forming the product;
 * every sum is compensated (Neumaier), so the reference is within a few units in the last place.
 */

export const MATRIX_SIZE = 192;
export const STATS_COUNT = 1_000_000;
export const SEEDS = { a: 0x9e3779b9, b: 0x85ebca6b, stats: 0xc2b2ae35 } as const;
export const PERCENTILES = [50, 90, 99] as const;

/**
 * Relative tolerance for every figure. Summing n positive float64 values in any order is off by
 * at most about n x 1.1e-16 relative (1.1e-10 for the 1,000,000 values, less for the product's
 * 36,864 entries and 192-term dot products), so honest implementations agree far inside 1e-9;
 * the slips worth catching are far outside it: a sample deviation (n - 1) instead of the
 * population one changes std by 5e-7, a percentile one position off changes it by about 1e-6.
 */
export const RELATIVE_TOLERANCE = 1e-9;

/** `count` values of xorshift32 from `seed` (non-zero), each divided by 2^32. */
export function xorshift32(seed: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let x = seed >>> 0;
  for (let i = 0; i < count; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x / 4294967296;
  }
  return out;
}

/** The product entries every implementation reports, beside the sum and the trace. */
export function samplePositions(n: number): [number, number][] {
  return [
    [0, 0],
    [n >> 1, n >> 2],
    [n - 1, n - 1],
  ];
}

/** NumPy's default percentile (linear, Hyndman and Fan type 7) of ascending values: h = (n - 1) p / 100. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface MatmulAnswer {
  size: number;
  sum: number;
  trace: number;
  samples: { row: number; column: number; value: number }[];
}

export interface StatsAnswer {
  count: number;
  mean: number;
  std: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface ComputeReference {
  matmul: MatmulAnswer;
  stats: StatsAnswer;
}

/** Neumaier's compensated sum of the values `term(0..count-1)`. */
function compensatedSum(count: number, term: (i: number) => number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < count; i += 1) {
    const value = term(i);
    const t = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - t + value : value - t + sum;
    sum = t;
  }
  return sum + compensation;
}

export function matmulReference(n: number = MATRIX_SIZE): MatmulAnswer {
  const a = xorshift32(SEEDS.a, n * n);
  const b = xorshift32(SEEDS.b, n * n);
  const entry = (row: number, column: number) => compensatedSum(n, (k) => a[row * n + k]! * b[k * n + column]!);
  const columnOfA = (k: number) => compensatedSum(n, (i) => a[i * n + k]!);
  const rowOfB = (k: number) => compensatedSum(n, (j) => b[k * n + j]!);
  return {
    size: n,
    sum: compensatedSum(n, (k) => columnOfA(k) * rowOfB(k)),
    trace: compensatedSum(n, (i) => entry(i, i)),
    samples: samplePositions(n).map(([row, column]) => ({ row, column, value: entry(row, column) })),
  };
}

export function statsReference(count: number = STATS_COUNT): StatsAnswer {
  const values = xorshift32(SEEDS.stats, count);
  const mean = compensatedSum(count, (i) => values[i]!) / count;
  const std = Math.sqrt(compensatedSum(count, (i) => (values[i]! - mean) ** 2) / count);
  const sorted = values.slice().sort();
  const [p50, p90, p99] = PERCENTILES.map((p) => percentileOfSorted(sorted, p)) as [number, number, number];
  return { count, mean, std, p50, p90, p99 };
}

let cached: ComputeReference | undefined;

/** The reference for the sizes the servers use (computed once, about 0.2 s). */
export function computeReference(): ComputeReference {
  cached ??= { matmul: matmulReference(), stats: statsReference() };
  return cached;
}

export interface Difference {
  field: string;
  expected: number;
  actual: number;
  /** |actual - expected| / |expected|; Infinity when a count or position differs. */
  relative: number;
}

function relativeDifference(expected: number, actual: number): number {
  if (expected === actual) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

function differences(pairs: [string, number, number, 'exact' | 'close'][], tolerance: number): Difference[] {
  const out: Difference[] = [];
  for (const [field, expected, actual, kind] of pairs) {
    const relative = relativeDifference(expected, actual);
    if (kind === 'exact' ? relative !== 0 : !(relative <= tolerance))
      out.push({ field, expected, actual, relative: kind === 'exact' ? Infinity : relative });
  }
  return out;
}

/** Fields of a server's answer that differ from the reference beyond the tolerance (none when it agrees). */
export function compareMatmul(
  expected: MatmulAnswer,
  actual: MatmulAnswer,
  tolerance = RELATIVE_TOLERANCE,
): Difference[] {
  const pairs: [string, number, number, 'exact' | 'close'][] = [
    ['size', expected.size, actual.size, 'exact'],
    ['sum', expected.sum, actual.sum, 'close'],
    ['trace', expected.trace, actual.trace, 'close'],
    ['samples', expected.samples.length, actual.samples.length, 'exact'],
  ];
  expected.samples.forEach((sample, i) => {
    const other = actual.samples[i];
    if (!other) return;
    const name = `C[${sample.row}][${sample.column}]`;
    pairs.push(
      [`${name} row`, sample.row, other.row, 'exact'],
      [`${name} column`, sample.column, other.column, 'exact'],
      [name, sample.value, other.value, 'close'],
    );
  });
  return differences(pairs, tolerance);
}

export function compareStats(expected: StatsAnswer, actual: StatsAnswer, tolerance = RELATIVE_TOLERANCE): Difference[] {
  return differences(
    [
      ['count', expected.count, actual.count, 'exact'],
      ['mean', expected.mean, actual.mean, 'close'],
      ['std', expected.std, actual.std, 'close'],
      ['p50', expected.p50, actual.p50, 'close'],
      ['p90', expected.p90, actual.p90, 'close'],
      ['p99', expected.p99, actual.p99, 'close'],
    ],
    tolerance,
  );
}

export function describeDifference(d: Difference): string {
  const shown = Number.isFinite(d.relative)
    ? `, relative difference ${d.relative.toExponential(1)} > ${RELATIVE_TOLERANCE}`
    : '';
  return `${d.field} = ${d.actual} (reference ${d.expected}${shown})`;
}
