/**
 * Walks the rules in rules.ts: fire, decide by precedence, resolve conflicts, grade confidence.
 * No guide knowledge lives here; it is all in rules.ts and consequences.ts.
 */
import type { Profile } from './profile.js';
import { CONFLICTS, RULES, ruleById, type Rule, type RuleKind } from './rules.js';
import { consequencesFor, type ConsequenceView } from './consequences.js';
import { situationOf, type Outcome, type Situation } from './situation.js';

export interface FiredRule {
  id: string;
  kind: RuleKind;
  section: string;
  quote: string;
  favours: Outcome | 'none';
  because: string;
  /** Ids of the claims catalogue this rule rests on (see rules.ts). */
  claims?: string[];
}

export interface ResolvedConflict {
  id: string;
  title: string;
  /** The fired rules that pulled against each other. */
  rules: string[];
  resolution: Outcome;
  explanation: string;
}

export type ConfidenceLevel = 'high' | 'medium' | 'low';
export interface Confidence {
  level: ConfidenceLevel;
  /** Each step down, and why. */
  reasons: string[];
}

export interface Decision {
  outcome: Outcome;
  confidence: Confidence;
  /** Which precedence level settled the choice, or 'conflict' when a conflict resolution changed it. */
  decidedAt: 'ecosystem' | 'override' | 'table' | 'tie-break' | 'conflict';
  fired: FiredRule[];
  conflicts: ResolvedConflict[];
  risks: ConsequenceView[];
  tradeOffs: ConsequenceView[];
}

const LEVEL_NAMES = { 3: 'ecosystem', 2: 'override', 1: 'table', 0: 'tie-break' } as const;
const CONFIDENCE: ConfidenceLevel[] = ['low', 'low', 'medium', 'high'];

export function decide(profile: Profile): Decision {
  const s = situationOf(profile);
  const fired = RULES.filter((r) => r.precedence > 0 && r.when(s));
  const { outcome: first, level } = byPrecedence(s, fired);
  const reasons: string[] = [];
  let confidence = 3;

  if (level === 0) {
    const tieBreak = RULES.filter((r) => r.kind === 'tie-break').find((r) => r.when(s))!;
    fired.push(tieBreak);
    confidence = tieBreak.id === 'when-in-doubt' ? 2 : 1;
    reasons.push(`no rule of the guide decides this profile; settled by the tie-break "${tieBreak.id}"`);
  }

  const state = {
    fired: new Set(fired.map((r) => r.id)),
    outcome: level === 0 ? (fired.at(-1)!.favours(s) as Outcome) : first,
  };
  const conflicts: ResolvedConflict[] = [];
  let changed = false;
  for (const conflict of CONFLICTS) {
    if (!conflict.when(s, state)) continue;
    const resolution = conflict.resolve(s, state);
    conflicts.push({
      id: conflict.id,
      title: conflict.title,
      rules: conflict.between.filter((id) => state.fired.has(id)),
      resolution,
      explanation: conflict.explain(s, resolution),
    });
    if (resolution !== state.outcome) changed = true;
    state.outcome = resolution;
    confidence -= 1;
    reasons.push(`conflict "${conflict.id}" had to be resolved`);
  }
  // A conflict that moved the choice away from the tie-break's pick decided it instead: the
  // tie-break no longer applies, and neither does the confidence it cost.
  const tieBreak = level === 0 ? fired.at(-1) : undefined;
  if (tieBreak && state.outcome !== tieBreak.favours(s)) {
    fired.splice(fired.indexOf(tieBreak), 1);
    reasons.shift();
    confidence = 3 - conflicts.length;
  }
  if (state.outcome === 'hybrid') fired.push(ruleById('hybrid-architecture'));

  const consequences = consequencesFor(s, state.outcome);
  return {
    outcome: state.outcome,
    confidence: { level: CONFIDENCE[Math.max(1, confidence)]!, reasons },
    decidedAt: changed ? 'conflict' : LEVEL_NAMES[level],
    fired: fired.map((r) => describe(r, s)),
    conflicts,
    risks: consequences.filter((c) => c.kind === 'risk'),
    tradeOffs: consequences.filter((c) => c.kind === 'trade-off'),
  };
}

/** The highest precedence level whose votes are not level decides; 0 means nothing did. */
function byPrecedence(s: Situation, fired: Rule[]): { outcome: Outcome; level: 0 | 1 | 2 | 3 } {
  for (const level of [3, 2, 1] as const) {
    const votes = { node: 0, python: 0 };
    for (const rule of fired.filter((r) => r.precedence === level)) {
      const side = rule.favours(s);
      if (side === 'node' || side === 'python') votes[side] += rule.weight;
    }
    if (votes.node !== votes.python) return { outcome: votes.node > votes.python ? 'node' : 'python', level };
  }
  return { outcome: 'node', level: 0 };
}

function describe(rule: Rule, s: Situation): FiredRule {
  return {
    id: rule.id,
    kind: rule.kind,
    section: rule.section,
    quote: rule.quote,
    favours: rule.favours(s),
    because: rule.because(s),
    ...(rule.claims ? { claims: rule.claims } : {}),
  };
}

/** Lowers a confidence by one step with a reason (used when measurements contradict a claim). */
export function lowerConfidence(confidence: Confidence, reason: string): Confidence {
  const next: ConfidenceLevel = confidence.level === 'high' ? 'medium' : 'low';
  return { level: next, reasons: [...confidence.reasons, reason] };
}
