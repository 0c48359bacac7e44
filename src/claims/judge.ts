/**
 * Deciding one comparison or one bound from its interval, with a band between supported and
 * refuted (criterion.rs reports a change only when the whole interval clears a noise threshold;
 * benchstat says "~" otherwise):
 *
 * - an advantage (a at least `win` times b) is supported when the interval's low end is at least
 *   `win`, refuted when its high end is at most `none`, inconclusive between;
 * - a negligible gap (equivalence) is supported only when the whole interval lies inside the band,
 *   refuted when it lies wholly outside it;
 * - not worse (non-inferiority) is supported when the low end is at least the bound, refuted when
 *   the high end is below it;
 * - where an absolute difference is also given, a user must be able to notice an advantage (both
 *   the ratio and the difference clear their thresholds), and a gap is negligible when either the
 *   ratio or the difference lies inside its band.
 *
 * The supporting side reads the interval at the look's level, the refuting side the same estimate
 * at a Bonferroni-corrected level when a claim has several judged checks.
 */
import type { Interval } from '../measure/paired.js';
import type { CheckOutcome, Expectation } from './types.js';

export interface Judgement {
  outcome: CheckOutcome;
  /** Relative distance inside (positive) or outside (negative) the nearest threshold; null when unclear. */
  margin: number | null;
}

/** One estimate at the two levels: `support` decides support, `refute` (maybe wider) refutation. */
export interface Estimated {
  support: Interval;
  refute: Interval;
}

const unclear: Judgement = { outcome: 'unclear', margin: null };
const relative = (a: number, b: number) => (b === 0 ? a - b : (a - b) / Math.abs(b));

export function judgeRatio(ratio: Estimated, expect: Expectation, difference?: Estimated): Judgement {
  switch (expect.kind) {
    case 'advantage': {
      const noticeable = expect.noticeable !== undefined && difference ? expect.noticeable : undefined;
      const ratioWins = ratio.support.low >= expect.win;
      const differenceWins = noticeable === undefined || difference!.support.low >= noticeable;
      if (ratioWins && differenceWins) return { outcome: 'pass', margin: relative(ratio.support.low, expect.win) };
      if (ratio.refute.high <= expect.none)
        return { outcome: 'fail', margin: relative(ratio.refute.high, expect.none) };
      // An advantage no user could notice is not the advantage the guide speaks of.
      if (noticeable !== undefined && difference!.refute.high < noticeable)
        return { outcome: 'fail', margin: relative(difference!.refute.high, noticeable) };
      return unclear;
    }
    case 'negligible': {
      const [low, high] = [1 / expect.ratio, expect.ratio];
      const ratioInside = ratio.support.low > low && ratio.support.high < high;
      const absolute = expect.absolute !== undefined && difference ? expect.absolute : undefined;
      const differenceInside =
        absolute !== undefined && difference!.support.low > -absolute && difference!.support.high < absolute;
      if (ratioInside || differenceInside) {
        return {
          outcome: 'pass',
          margin: ratioInside
            ? Math.min(relative(high, ratio.support.high), relative(ratio.support.low, low))
            : relative(absolute!, Math.max(Math.abs(difference!.support.low), Math.abs(difference!.support.high))),
        };
      }
      const ratioOutside = ratio.refute.low >= high || ratio.refute.high <= low;
      const differenceOutside =
        absolute === undefined || difference!.refute.low >= absolute || difference!.refute.high <= -absolute;
      if (ratioOutside && differenceOutside)
        return {
          outcome: 'fail',
          margin: ratio.refute.low >= high ? relative(high, ratio.refute.low) : relative(ratio.refute.high, low),
        };
      return unclear;
    }
    case 'not-worse': {
      const absolute = expect.absolute !== undefined && difference ? expect.absolute : undefined;
      if (ratio.support.low >= expect.ratio)
        return { outcome: 'pass', margin: relative(ratio.support.low, expect.ratio) };
      if (absolute !== undefined && difference!.support.low >= -absolute)
        return { outcome: 'pass', margin: relative(difference!.support.low + absolute, absolute) };
      const differenceWorse = absolute === undefined || difference!.refute.high < -absolute;
      if (ratio.refute.high < expect.ratio && differenceWorse)
        return { outcome: 'fail', margin: relative(ratio.refute.high, expect.ratio) };
      return unclear;
    }
  }
}

/** A figure against a lower bound (must be ≥ min) or an upper bound (≤ max). */
export function judgeBound(value: Estimated, bound: { min?: number; max?: number }): Judgement {
  if (bound.min !== undefined) {
    if (value.support.low >= bound.min) return { outcome: 'pass', margin: relative(value.support.low, bound.min) };
    if (value.refute.high < bound.min) return { outcome: 'fail', margin: relative(value.refute.high, bound.min) };
    return unclear;
  }
  if (bound.max !== undefined) {
    if (value.support.high <= bound.max) return { outcome: 'pass', margin: relative(bound.max, value.support.high) };
    if (value.refute.low > bound.max) return { outcome: 'fail', margin: relative(bound.max, value.refute.low) };
    return unclear;
  }
  return unclear;
}

const x = (r: number) => `${+r.toFixed(2)}x`;

/** The thresholds as printed: what supports and what refutes. */
export function thresholdText(expect: Expectation, unit = 'ms'): string {
  switch (expect.kind) {
    case 'advantage':
      return (
        `≥ ${x(expect.win)}${expect.noticeable !== undefined ? ` and ≥ ${expect.noticeable} ${unit} apart` : ''} ` +
        `supports; ≤ ${x(expect.none)}` +
        `${expect.noticeable !== undefined ? ` or < ${expect.noticeable} ${unit} apart` : ''} refutes`
      );
    case 'negligible':
      return (
        `inside ${x(1 / expect.ratio)}–${x(expect.ratio)}` +
        `${expect.absolute !== undefined ? ` or within ±${expect.absolute} ${unit}` : ''} supports; wholly ` +
        `outside refutes`
      );
    case 'not-worse':
      return (
        `≥ ${x(expect.ratio)}` +
        `${expect.absolute !== undefined ? ` or at most ${expect.absolute} ${unit} worse` : ''} supports; wholly ` +
        `below refutes`
      );
  }
}

/** The thresholds in ratio space that would decide a ratio check: for "how many more rounds". */
export function decidingRatios(expect: Expectation): number[] {
  switch (expect.kind) {
    case 'advantage':
      return [expect.win, expect.none];
    case 'negligible':
      return [expect.ratio, 1 / expect.ratio];
    case 'not-worse':
      return [expect.ratio];
  }
}
