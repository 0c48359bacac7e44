/**
 * verdict's compute reference on its own: the generator is Marsaglia's xorshift32, the
 * percentile is NumPy's linear definition, and the comparison catches the slips it is meant to
 * catch while letting honest rounding through.
 */
import { describe, expect, it } from 'vitest';
import {
  compareMatmul,
  compareStats,
  computeReference,
  describeDifference,
  matmulReference,
  percentileOfSorted,
  RELATIVE_TOLERANCE,
  SEEDS,
  xorshift32,
} from '../../src/workloads/compute-reference.js';

describe('xorshift32', () => {
  it("reproduces Marsaglia's published first output from his example seed", () => {
    // "Xorshift RNGs" (2003): y = 2463534242 gives 723471715 first.
    expect(xorshift32(2463534242, 1)[0]! * 2 ** 32).toBe(723471715);
  });

  it('gives values in [0, 1) that are whole multiples of 2^-32, the same on every call', () => {
    const values = xorshift32(SEEDS.stats, 10_000);
    expect(values).toEqual(xorshift32(SEEDS.stats, 10_000));
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      expect(Number.isInteger(v * 2 ** 32)).toBe(true);
    }
  });
});

describe('percentileOfSorted', () => {
  it("interpolates as NumPy's default: h = (n - 1) p / 100", () => {
    // numpy.percentile([1, 2, 3, 4], [0, 50, 90, 99, 100]) -> [1, 2.5, 3.7, 3.97, 4]
    const values = [1, 2, 3, 4];
    expect(percentileOfSorted(values, 0)).toBe(1);
    expect(percentileOfSorted(values, 50)).toBe(2.5);
    expect(percentileOfSorted(values, 90)).toBeCloseTo(3.7, 12);
    expect(percentileOfSorted(values, 99)).toBeCloseTo(3.97, 12);
    expect(percentileOfSorted(values, 100)).toBe(4);
  });
});

describe('the reference', () => {
  it('agrees with a plain full matrix product on a small size', () => {
    const n = 8;
    const a = xorshift32(SEEDS.a, n * n);
    const b = xorshift32(SEEDS.b, n * n);
    let sum = 0;
    let trace = 0;
    for (let i = 0; i < n; i += 1) {
      for (let j = 0; j < n; j += 1) {
        let c = 0;
        for (let k = 0; k < n; k += 1) c += a[i * n + k]! * b[k * n + j]!;
        sum += c;
        if (i === j) trace += c;
      }
    }
    const reference = matmulReference(n);
    expect(reference.sum).toBeCloseTo(sum, 10);
    expect(reference.trace).toBeCloseTo(trace, 10);
    expect(reference.samples.map((s) => [s.row, s.column])).toEqual([
      [0, 0],
      [4, 2],
      [7, 7],
    ]);
  });

  it('describes uniform data in [0, 1): mean near 1/2, deviation near 1/sqrt(12), percentiles near p/100', () => {
    const { stats } = computeReference();
    expect(stats.count).toBe(1_000_000);
    expect(stats.mean).toBeCloseTo(0.5, 2);
    expect(stats.std).toBeCloseTo(1 / Math.sqrt(12), 2);
    expect(stats.p50).toBeCloseTo(0.5, 2);
    expect(stats.p90).toBeCloseTo(0.9, 2);
    expect(stats.p99).toBeCloseTo(0.99, 2);
  });
});

describe('comparison with the tolerance', () => {
  const { matmul, stats } = computeReference();

  it('lets through the rounding of another summation order', () => {
    const rounded = { ...stats, mean: stats.mean * (1 + 4e-16), std: stats.std * (1 - 1e-13) };
    expect(compareStats(stats, rounded)).toEqual([]);
    expect(compareMatmul(matmul, { ...matmul, sum: matmul.sum * (1 + 1e-12) })).toEqual([]);
  });

  it("catches a sample deviation (n - 1) for NumPy's population one, and a percentile one position off", () => {
    const n = stats.count;
    const sampleStd = { ...stats, std: stats.std * Math.sqrt(n / (n - 1)) };
    expect(compareStats(stats, sampleStd).map((d) => d.field)).toEqual(['std']);
    const sorted = xorshift32(SEEDS.stats, n).sort();
    const offByOne = { ...stats, p90: sorted[Math.floor((n - 1) * 0.9) + 1]! };
    const [difference] = compareStats(stats, offByOne);
    expect(difference?.field).toBe('p90');
    expect(difference!.relative).toBeGreaterThan(RELATIVE_TOLERANCE);
  });

  it('needs counts and sample positions to match exactly, and says what differs', () => {
    const moved = { ...matmul, samples: matmul.samples.map((s, i) => (i === 1 ? { ...s, column: s.column + 1 } : s)) };
    const differences = compareMatmul(matmul, moved);
    expect(differences.map((d) => d.field)).toEqual(['C[96][48] column']);
    expect(describeDifference(compareStats(stats, { ...stats, count: 999_999 })[0]!)).toBe(
      'count = 999999 (reference 1000000)',
    );
    expect(describeDifference({ field: 'p50', expected: 2, actual: 2.5, relative: 0.25 })).toBe(
      'p50 = 2.5 (reference 2, relative difference 2.5e-1 > 1e-9)',
    );
  });
});
