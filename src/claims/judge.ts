/**
 * Deciding one number against one threshold when the number has a spread. The value's interval
 * (mean ± standard deviation, or ratio ± propagated error) must lie wholly on one side of the
 * threshold: on the claim's side it passes, on the other it fails, across it the check is unclear.
 * With one trial the interval has no width and the note says there is no noise estimate.
 */
import type { CheckOutcome, Expectation } from './types.js';

export interface Judgement {
  outcome: CheckOutcome;
  /** Relative distance inside (positive) or outside (negative) the threshold; null when unclear. */
  margin: number | null;
  note: string | null;
}

const straddles = (shown: string, threshold: string): Judgement => ({ outcome: 'unclear', margin: null, note: `${shown} spans the threshold ${threshold}: within the noise` });

/** value ± error against a lower bound (value must be ≥ min) or an upper bound (≤ max). */
export function judgeBound(value: number, error: number, bound: { min?: number; max?: number }, shown: string, threshold: string): Judgement {
  if (bound.min !== undefined) {
    if (value - error >= bound.min) return { outcome: 'pass', margin: relative(value - error, bound.min), note: null };
    if (value + error < bound.min) return { outcome: 'fail', margin: relative(value + error, bound.min), note: null };
    return straddles(shown, threshold);
  }
  if (bound.max !== undefined) {
    if (value + error <= bound.max) return { outcome: 'pass', margin: relative(bound.max, value + error), note: null };
    if (value - error > bound.max) return { outcome: 'fail', margin: relative(bound.max, value - error), note: null };
    return straddles(shown, threshold);
  }
  return { outcome: 'unclear', margin: null, note: 'no bound given' };
}

/** An advantage ratio (above 1: a is better) ± its error against the claim's expectation. */
export function judgeRatio(ratio: number, error: number, expect: Expectation, shown: string, threshold: string): Judgement {
  if (expect.kind === 'at-least') return judgeBound(ratio, error, { min: expect.ratio }, shown, threshold);
  const low = 1 / expect.ratio;
  const high = expect.ratio;
  if (ratio + error < high && ratio - error > low) {
    return { outcome: 'pass', margin: Math.min(relative(high, ratio + error), relative(ratio - error, low)), note: null };
  }
  if (ratio - error >= high) return { outcome: 'fail', margin: relative(high, ratio - error), note: null };
  if (ratio + error <= low) return { outcome: 'fail', margin: relative(ratio + error, low), note: null };
  return straddles(shown, threshold);
}

/** (a - b) / b, with a zero threshold read as an absolute difference so a margin stays finite. */
function relative(a: number, b: number): number {
  return b === 0 ? a - b : (a - b) / Math.abs(b);
}

export function thresholdText(expect: Expectation): string {
  return expect.kind === 'at-least' ? `≥ ${+expect.ratio.toFixed(2)}x` : `${+(1 / expect.ratio).toFixed(2)}x–${+expect.ratio.toFixed(2)}x`;
}
