/**
 * Is a difference between two runs beyond the noise of both? benchstat's question. With two or
 * more trials on each side: Welch's t-test (unequal variances), two-sided, α = 0.05. (benchstat
 * uses Mann-Whitney U, but with verdict's default of 3 trials a side its smallest possible p is
 * 0.1, so it could never flag anything; Welch's test works from 2 trials.)
 *
 * With one trial on a side there is no noise estimate, and none is assumed: on this project's
 * shared 2-core machine two identical quick runs differed by up to 60% in one cell, so any
 * assumed band (say ±10%) would report regressions that are noise. Such a cell is "not tested".
 */
import { studentTwoSidedP } from '../measure/paired.js';
import { mean, standardDeviation } from '../measure/stats.js';

export const ALPHA = 0.05;

export interface Significance {
  /** 'none' when a side has a single trial: nothing is tested. */
  method: 'welch' | 'none';
  /** Welch's two-sided p-value; null when not tested. */
  p: number | null;
  significant: boolean;
}

export function significance(a: readonly number[], b: readonly number[]): Significance {
  if (a.length < 2 || b.length < 2) return { method: 'none', p: null, significant: false };
  const p = welchP(a, b);
  return { method: 'welch', p, significant: p < ALPHA };
}

/** Two-sided p-value of Welch's t-test. */
export function welchP(a: readonly number[], b: readonly number[]): number {
  const va = standardDeviation(a) ** 2 / a.length;
  const vb = standardDeviation(b) ** 2 / b.length;
  const diff = mean(a) - mean(b);
  if (va + vb === 0) return diff === 0 ? 1 : 0;
  const t = diff / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return studentTwoSidedP(t, df);
}

export { studentTwoSidedP };
