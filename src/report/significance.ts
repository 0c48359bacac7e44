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

/** P(|T| ≥ |t|) for Student's t with df degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
export function studentTwoSidedP(t: number, df: number): number {
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Lanczos approximation of ln Γ(x) (Numerical Recipes, 15 digits for x > 0). */
function logGamma(x: number): number {
  const g = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = 0.99999999999980993;
  g.forEach((c, i) => (sum += c / (z + i + 1)));
  const t = z + g.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularized incomplete beta function I_x(a, b), by its continued fraction. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}
