import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  max,
  mean,
  median,
  min,
  ratioWithError,
  spread,
  standardDeviation,
} from '../../src/measure/stats.js';

describe('statistics over trials', () => {
  it('computes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('computes the sample standard deviation (n - 1) and treats one value as no spread', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(standardDeviation([5])).toBe(0);
  });

  it('computes the coefficient of variation, undefined for a zero mean', () => {
    expect(coefficientOfVariation([90, 100, 110])).toBeCloseTo(0.1, 6);
    expect(coefficientOfVariation([0, 0])).toBeNaN();
  });

  it('propagates the error of a ratio of means as hyperfine does', () => {
    const ratio = ratioWithError([300, 310, 290], [100, 105, 95]);
    expect(ratio).toBeDefined();
    expect(ratio!.value).toBeCloseTo(3, 10);
    // σr = r · sqrt((σa/a)² + (σb/b)²) = 3 · sqrt((10/300)² + (5/100)²)
    expect(ratio!.error).toBeCloseTo(3 * Math.sqrt((10 / 300) ** 2 + (5 / 100) ** 2), 10);
  });

  it('declines to compare when a mean is zero', () => {
    expect(ratioWithError([0, 0], [1, 2])).toBeUndefined();
    expect(ratioWithError([1, 2], [0])).toBeUndefined();
    expect(ratioWithError([], [1])).toBeUndefined();
  });

  it('summarises a spread with consistent fields', () => {
    const s = spread([10, 12, 14]);
    expect(s).toMatchObject({ median: 12, mean: 12, min: 10, max: 14, stddev: 2, n: 3 });
    expect(s.cv).toBeCloseTo(2 / 12, 10);
    expect(mean([1, 2, 3])).toBe(2);
    expect(min([3, 1])).toBe(1);
    expect(max([3, 1])).toBe(3);
  });
});
