/**
 * The three-way rule: an interval decides a claim only when it lies wholly on one side. Between
 * "supported" and "refuted" lies a band where the measurement cannot tell, and the verdict says so.
 *
 * Every rule takes two intervals of the same estimate: `support` at the plain level and `refute`
 * at the Bonferroni level of the claim's k judged checks (a claim is refuted when any one check
 * fails, so its k chances to fail share the error budget; it is supported only when all pass, which
 * needs no correction). A caller with one check passes the same interval twice.
 */
import type { Interval } from './paired.js';
import { studentT } from './paired.js';

export type Decision = 'supported' | 'refuted' | 'inconclusive';

/**
 * "At least 1.10x": the advantage claims' threshold. Below 10% a difference is inside typical
 * run-to-run noise on a shared machine, so it is no win a user would notice (the same 10% as
 * WIN_RATIO in src/claims/thresholds.ts).
 */
export const WIN = 1.1;
/**
 * No advantage at all: an interval wholly at or below 1 shows A is not faster. The gap between
 * this and WIN is deliberate: a true 1.05x is neither a win nor no advantage, and stays inconclusive.
 */
export const NO_ADVANTAGE = 1.0;
/**
 * "Negligible": within [1/1.25, 1.25]. A 25% gap is what one extra instance per four absorbs
 * (NEGLIGIBLE_RATIO in src/claims/thresholds.ts). It is also the regulators' bioequivalence band
 * for a ratio of geometric means, 0.80–1.25 (FDA, Statistical Approaches to Establishing
 * Bioequivalence, 2001), symmetric in log space as ours is; they judge it with a 90% interval,
 * we with the stricter 95%.
 */
export const NEGLIGIBLE = 1.25;
/** roundsNeeded gives up beyond this many rounds: "more than 200". */
export const MAX_ROUNDS_NEEDED = 200;

/** A is at least `win` times B (supported), or not better at all (refuted). */
export function decideAdvantage(
  support: Interval,
  refute: Interval,
  thresholds: { win: number; none: number } = { win: WIN, none: NO_ADVANTAGE },
): Decision {
  if (support.low >= thresholds.win) return 'supported';
  if (refute.high <= thresholds.none) return 'refuted';
  return 'inconclusive';
}

/**
 * The gap is negligible: supported when the whole interval lies inside the closed band, refuted
 * when it lies wholly outside (strictly above its high edge or below its low edge; an interval
 * touching the band still reaches a negligible value).
 */
export function decideEquivalence(support: Interval, refute: Interval, band: { low: number; high: number }): Decision {
  if (support.low >= band.low && support.high <= band.high) return 'supported';
  if (refute.low > band.high || refute.high < band.low) return 'refuted';
  return 'inconclusive';
}

/**
 * A figure is at least `min` and/or at most `max`: supported when the interval lies wholly on the
 * claim's side (the bound itself counts as the claim's side), refuted when wholly beyond a bound.
 */
export function decideBound(support: Interval, refute: Interval, bound: { min?: number; max?: number }): Decision {
  const { min = -Infinity, max = Infinity } = bound;
  if (support.low >= min && support.high <= max) return 'supported';
  if (refute.high < min || refute.low > max) return 'refuted';
  return 'inconclusive';
}

/** Bonferroni: the level of each of k intervals so that all k hold with the family `level`. */
export function bonferroni(level: number, k: number): number {
  return 1 - (1 - level) / Math.max(1, k);
}

/**
 * How many rounds in all would likely decide: the smallest n' > n at which the t interval
 * exp(m ± t_{n'-1} · s / sqrt(n')), with the log mean m and log SD s staying as they are, lies
 * wholly on m's side of every threshold (it clears the nearest one, so it clears them all).
 * Thresholds are ratios. null when m sits on a threshold or more than MAX_ROUNDS_NEEDED rounds
 * would be needed: "more than 200".
 *
 * For the advantage rule, where an interval between `none` and `win` decides nothing, use
 * roundsToDecideAdvantage.
 */
export function roundsNeeded(
  sample: { n: number; logMean: number; logSd: number },
  thresholds: number[],
  level: number,
): number | null {
  return roundsToClear(sample.n, sample.logMean, sample.logSd, thresholds.map(Math.log), level);
}

/** roundsNeeded on an arithmetic mean (meanInterval's), thresholds in the figure's own units. */
export function roundsNeededForMean(
  sample: { n: number; mean: number; sd: number },
  thresholds: number[],
  level: number,
): number | null {
  return roundsToClear(sample.n, sample.mean, sample.sd, thresholds, level);
}

/**
 * roundsNeeded for the advantage rule: against `win` at the support level when m is above it,
 * against `none` at the refute level when m is below it, and null in between, where no number of
 * rounds decides.
 */
export function roundsToDecideAdvantage(
  sample: { n: number; logMean: number; logSd: number },
  levels: { support: number; refute: number },
  thresholds: { win: number; none: number } = { win: WIN, none: NO_ADVANTAGE },
): number | null {
  if (sample.logMean > Math.log(thresholds.win)) return roundsNeeded(sample, [thresholds.win], levels.support);
  if (sample.logMean < Math.log(thresholds.none)) return roundsNeeded(sample, [thresholds.none], levels.refute);
  return null;
}

function roundsToClear(n: number, center: number, sd: number, points: number[], level: number): number | null {
  const distance = Math.min(...points.map((p) => Math.abs(center - p)));
  if (!(distance > 0) || !Number.isFinite(sd)) return null;
  for (let rounds = Math.max(2, n + 1); rounds <= MAX_ROUNDS_NEEDED; rounds++) {
    if (studentT(1 - (1 - level) / 2, rounds - 1) * (sd / Math.sqrt(rounds)) <= distance) return rounds;
  }
  return null;
}
