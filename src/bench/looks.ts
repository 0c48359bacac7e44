/**
 * Which comparisons of a block are still open after its rounds so far: the claims' judged checks
 * that read this block and came out unclear although both sides were measured. More rounds of
 * their arms may decide them; a check with nothing measured, or sitting on a threshold, gets none.
 */
import { evaluateClaims } from '../claims/evaluate.js';
import type { Check } from '../claims/types.js';
import type { Results } from '../results/schema.js';

export interface OpenComparison {
  arms: Check['arms'];
  /** One line: the check and why it is open. */
  why: string;
}

export function undecidedComparisons(results: Results, block: string): OpenComparison[] {
  return evaluateClaims(results)
    .flatMap((claim) => claim.checks)
    .filter((check) => check.role === 'judged' && check.block === block && check.outcome === 'unclear' && check.value !== null && check.trials >= 2 && check.roundsNeeded !== null)
    .map((check) => ({ arms: check.arms, why: `${check.subject} open (${check.shown})` }));
}
