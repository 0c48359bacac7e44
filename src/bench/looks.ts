/**
 * Which comparisons are still open after the rounds so far: the claims' judged checks that came
 * out unclear although both sides were measured, and that more rounds would likely decide. A check
 * with nothing measured, sitting on a threshold, or with an advantage inside the noise band (between
 * 1.00x and 1.10x, which no number of rounds turns into one) gets none.
 */
import { evaluateClaims } from '../claims/evaluate.js';
import type { Check } from '../claims/types.js';
import type { Results } from '../results/schema.js';

export interface OpenComparison {
  block: string;
  arms: Check['arms'];
  /** About how many rounds in all would likely decide it. */
  roundsNeeded: number;
  /** One line: the check and why it is open. */
  why: string;
}

export function undecidedComparisons(results: Results): OpenComparison[] {
  return evaluateClaims(results)
    .flatMap((claim) => claim.checks)
    .filter(
      (check) =>
        check.role === 'judged' &&
        check.block !== null &&
        check.outcome === 'unclear' &&
        check.value !== null &&
        check.trials >= 2 &&
        check.roundsNeeded !== null,
    )
    .map((check) => ({
      block: check.block!,
      arms: check.arms,
      roundsNeeded: check.roundsNeeded!,
      why: `${check.subject} open (${check.shown})`,
    }));
}
