/**
 * Small, exact statistics over trials. Every figure verdict prints carries its spread.
 */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (n - 1); 0 for a single value, so one trial shows no spread rather than NaN. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function min(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.min(...values);
}

export function max(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

/** Coefficient of variation: standard deviation over mean. NaN when the mean is 0. */
export function coefficientOfVariation(values: readonly number[]): number {
  const m = mean(values);
  return m === 0 ? Number.NaN : standardDeviation(values) / m;
}

export interface Ratio {
  value: number;
  error: number;
}

/**
 * The ratio of two means with its error propagated from both standard deviations, as hyperfine
 * does: for r = a / b, σr = r · sqrt((σa / a)² + (σb / b)²). Undefined when either mean is 0.
 */
export function ratioWithError(a: readonly number[], b: readonly number[]): Ratio | undefined {
  const meanA = mean(a);
  const meanB = mean(b);
  if (!(meanA > 0) || !(meanB > 0)) return undefined;
  const value = meanA / meanB;
  const error = value * Math.sqrt((standardDeviation(a) / meanA) ** 2 + (standardDeviation(b) / meanB) ** 2);
  return { value, error };
}

/** Summary of one figure over trials. */
export interface Spread {
  median: number;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  cv: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    median: median(values),
    mean: mean(values),
    min: min(values),
    max: max(values),
    stddev: standardDeviation(values),
    cv: coefficientOfVariation(values),
    n: values.length,
  };
}

/** hyperfine and benchstat treat a spread above about 10% of the mean as too noisy to trust. */
export const NOISY_CV = 0.1;
