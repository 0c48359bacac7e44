/**
 * More rounds only where they decide something. After the planned rounds, a check that is still
 * inconclusive gets more rounds, judged again at a few planned looks; a check that is decided
 * stops. Looking more than once gives chance more than one try, so the error budget alpha is spent
 * across the looks (Lan & DeMets 1983, "Discrete sequential boundaries for clinical trials",
 * Biometrika 70(3)): each look's interval has level 1 - (alpha spent by it - alpha spent before),
 * and by Bonferroni the chance of any look erring is at most alpha.
 */

export interface Look {
  /** Total rounds measured when this look judges. */
  rounds: number;
  /** Two-sided level of the intervals judged at this look. */
  level: number;
}

/** Alpha spent by the time a fraction t ∈ (0, 1] of the maximum rounds has run. */
export type Spending = (alpha: number, fraction: number) => number;

/**
 * The power family alpha · t^rho (Kim & DeMets 1987, "Design and analysis of group sequential
 * tests based on the type I error spending rate function", Biometrika 74(1)).
 */
export function powerSpending(rho: number): Spending {
  return (alpha, fraction) => alpha * fraction ** rho;
}

/**
 * The power family with rho = 2, which saves alpha for the later looks
 * (0.3%, 0.9%, 1.6% and 2.2% at 5, 10, 15 and 20 rounds). Early looks have few degrees of freedom,
 * so their t intervals are wide whatever alpha they get; spending there buys little. On the
 * simulated shared machine (test/measure/rule.simulation.test.ts) it refutes a true 0.8x within 20
 * rounds in about 96.5% of runs against 93-94% for Pocock-like spending; the price is that a
 * clear 2x takes 7.3 rounds on average instead of 5.4.
 */
export const quadraticSpending: Spending = powerSpending(2);

/**
 * verdict's spending: half of alpha at the first look (the planned rounds), the other half by the
 * power family with rho = 2 over the later looks: alpha · (1/2 + t²/2). A default run affords only
 * its planned rounds for most comparisons (the --budget pays for a few extra), so the first look
 * must be able to decide a clear difference: at 3 rounds a 2x is decided there in about 6 of 10
 * simulated runs, against 1 in 20 with quadraticSpending, while a true 0.8x is still refuted by
 * the last look in 97 of 100 (test/measure/rule.simulation.test.ts).
 */
export const frontLoadedSpending: Spending = (alpha, fraction) => alpha * (0.5 + 0.5 * fraction ** 2);

/** Pocock-like spending (Lan & DeMets 1983): alpha · ln(1 + (e − 1)·t); spends early. */
export const pocockSpending: Spending = (alpha, fraction) => alpha * Math.log(1 + (Math.E - 1) * fraction);

/**
 * Rounds in every comparison before any look: each server runs this many trials, interleaved.
 * Three is what a ten-minute default run affords for five servers (src/bench/options.ts).
 */
export const DEFAULT_ROUNDS = 3;
/** The most rounds a still-undecided check gets (within --budget in a real run). */
export const MAX_ROUNDS = 30;
/** Looks including the first at DEFAULT_ROUNDS: 3, 8, 14, 19, 25 and 30 rounds. */
export const LOOKS = 6;
/** The error budget over all looks: each verdict is wrong with probability at most 5%. */
export const ALPHA = 0.05;

/**
 * The looks: the first at plannedRounds, the last at maxRounds, the rest evenly between, each with
 * the level its increment of spent alpha gives. Levels' alphas sum to at most `alpha`.
 */
export function planLooks(options: {
  plannedRounds: number;
  maxRounds: number;
  looks: number;
  alpha: number;
  spending?: Spending;
}): Look[] {
  const { plannedRounds, maxRounds, alpha, spending = frontLoadedSpending } = options;
  if (!(plannedRounds >= 2) || !(maxRounds >= plannedRounds) || !(options.looks >= 1) || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(
      `planLooks needs 2 <= plannedRounds <= maxRounds, looks >= 1 and 0 < alpha < 1, got ${JSON.stringify(options)}`,
    );
  }
  const looks = Math.min(Math.floor(options.looks), maxRounds - plannedRounds + 1);
  // One look is a fixed design: the planned rounds, judged at the whole of alpha.
  if (looks === 1) return [{ rounds: plannedRounds, level: 1 - alpha }];
  const rounds: number[] = [];
  for (let j = 0; j < looks; j++)
    rounds.push(Math.round(plannedRounds + (j * (maxRounds - plannedRounds)) / (looks - 1)));
  let spent = 0;
  return rounds.map((r) => {
    const total = Math.min(alpha, spending(alpha, r / maxRounds));
    const level = 1 - (total - spent);
    spent = total;
    return { rounds: r, level };
  });
}

/** The looks verdict uses by default. */
export function defaultLooks(): Look[] {
  return planLooks({ plannedRounds: DEFAULT_ROUNDS, maxRounds: MAX_ROUNDS, looks: LOOKS, alpha: ALPHA });
}
