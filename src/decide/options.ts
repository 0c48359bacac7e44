/**
 * The considered options and their pros and cons, from the rules that fired: an option is "Good"
 * on a rule only when that rule favours it, "Bad" when the rule favours another single runtime,
 * and the hybrid, which meets a single-runtime rule in one of its halves only, is "Neutral" on it.
 * The measured verdicts of the claims for the option's runtime and, for the options not chosen,
 * the risks they would carry (consequences.ts) follow, so no option reads better than the rules
 * and the run make it; the chosen option's consequences are the record's Consequences section.
 */
import { consequencesFor } from './consequences.js';
import type { Recommendation } from './recommend.js';
import { situationOf, type Outcome, type Runtime } from './situation.js';

export const OPTIONS: Outcome[] = ['node', 'python', 'hybrid'];

export const OPTION_TITLES: Record<Outcome, string> = {
  node: 'Node.js',
  python: 'Python',
  hybrid: 'Hybrid: Node.js API gateway with Python services',
};

export type Effect = 'Good' | 'Bad' | 'Neutral';

export interface ProCon {
  effect: Effect;
  /** Reads after "Good, because ". */
  because: string;
}

const RUNTIME: Record<Runtime, string> = { node: 'Node.js', python: 'Python' };
const HALF: Record<Runtime, string> = { node: 'Node.js gateway', python: 'Python services' };
const ids = (list: string[]) => list.map((id) => `\`${id}\``).join(', ');

export function prosAndCons(rec: Recommendation, option: Outcome): ProCon[] {
  const favouring = (side: Outcome) => rec.fired.filter((r) => r.favours === side).map((r) => r.id);
  const items: ProCon[] = [];
  const own = favouring(option);
  if (own.length > 0) items.push({ effect: 'Good', because: `it follows ${ids(own)}` });
  for (const runtime of ['node', 'python'] as const) {
    const rules = favouring(runtime);
    if (runtime === option || rules.length === 0) continue;
    items.push(
      option === 'hybrid'
        ? { effect: 'Neutral', because: `it meets ${ids(rules)} in its ${HALF[runtime]} only` }
        : { effect: 'Bad', because: `it goes against ${ids(rules)}, which favour ${RUNTIME[runtime]}` },
    );
  }
  if (rec.evidence.used && option !== 'hybrid') {
    for (const verdict of ['supported', 'refuted'] as const) {
      const claims = rec.evidence.claims
        .filter((c) => c.favours === option && c.claim.verdict === verdict)
        .map((c) => c.claim.id);
      if (claims.length > 0)
        items.push({
          effect: verdict === 'supported' ? 'Good' : 'Bad',
          because: `the run ${verdict === 'supported' ? 'supports' : 'refutes'} ${ids(claims)} for ${RUNTIME[option]}`,
        });
    }
  }
  // The chosen option's consequences are the record's Consequences section, trade-offs and all;
  // for the others, the risks they would carry (costs are in the drivers and the Costs table).
  if (option !== rec.outcome) {
    for (const c of consequencesFor(situationOf(rec.profile), option).filter((x) => x.kind === 'risk'))
      items.push({ effect: 'Bad', because: lowerFirst(c.text).replace(/\.$/, '') });
  }
  // Good first, then neutral, then bad, as in MADR's examples; the sort is stable.
  const rank: Record<Effect, number> = { Good: 0, Neutral: 1, Bad: 2 };
  return items.sort((a, b) => rank[a.effect] - rank[b.effect]);
}

/** "The team is..." reads "Good, because the team is..."; names (Python, FastAPI, AI) keep their case. */
export function lowerFirst(text: string): string {
  const first = text.split(' ')[0]!;
  return /^[A-Z][a-z']*$/.test(first) && !['Python', 'Node', 'FastAPI'].includes(first)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}
