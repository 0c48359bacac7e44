/**
 * A quick run (verdict bench --quick) measures each cell once at reduced levels: one round gives a
 * comparison one ratio and no interval, so nothing it shows is a verdict. Its claims stay
 * inconclusive whatever their numbers, each check says where its estimate points, and every
 * renderer (terminal, Markdown, HTML, the web page) says why with the same sentence.
 */
import type { Plan } from '../results/schema.js';

type PlanFacts = Pick<Plan, 'quick' | 'rounds'>;

/** Whether a run's claims are indicative only: a --quick run, however many rounds it was given. */
export const isIndicative = (plan: PlanFacts): boolean => plan.quick;

/** "one round per cell is indicative, not a verdict": for the plan line. */
export function indicativePhrase(plan: PlanFacts): string {
  return plan.rounds === 1
    ? 'one round per cell is indicative, not a verdict'
    : `${plan.rounds} rounds per cell at reduced levels are indicative, not a verdict`;
}

/** The sentence every renderer prints for a quick run. */
export function indicativeNote(plan: PlanFacts): string {
  return `Quick run: ${indicativePhrase(plan)}; run verdict bench for verdicts.`;
}
