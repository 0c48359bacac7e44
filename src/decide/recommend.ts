/**
 * One result model for every output (terminal, JSON, ADR, the web page): the decision, the costs
 * and the evidence for a profile. Pure: rates and results are passed in, never read here.
 */
import type { SkippedResults } from '../results/store.js';
import { estimateCosts, type CostEstimate } from './costs.js';
import { decide, lowerConfidence, type Decision } from './engine.js';
import { claimsAgainst, gatherEvidence, type Evidence, type EvidenceSource } from './evidence.js';
import type { Profile } from './profile.js';
import type { Rates } from './rates.js';
import { RUNTIME_NAMES } from './situation.js';

/** The JSON document `verdict decide --json` and POST /api/decide write. 2: evidence from the claims engine. */
export const DECISION_DOCUMENT = { schema: 'verdict-decision', version: 2 } as const;

export interface Recommendation extends Decision {
  /** e.g. "Node.js" or "Hybrid (Node.js gateway + Python services)". */
  choice: string;
  profile: Profile;
  costs: CostEstimate;
  evidence: Evidence;
}

export interface RecommendInput {
  profile: Profile;
  rates: Rates;
  /** The results file to cite, with why it was chosen. */
  results?: EvidenceSource;
  /** Without results: why none are cited, said as it is ("--results none was given"). */
  noResults?: string;
  /** Files passed over on the way to the one cited (unfinished or invalid), each with why. */
  skipped?: SkippedResults[];
}

export function recommend({ profile, rates, results, noResults, skipped = [] }: RecommendInput): Recommendation {
  const decision = decide(profile);
  const evidence: Evidence = results
    ? gatherEvidence(results, skipped, profile, decision.fired, decision.outcome)
    : { used: false, reason: noResults ?? 'no results file was given', skipped };
  let confidence = decision.confidence;
  // One step for the measurements, however many claims they contradict: the claims behind one
  // choice are not independent evidence (one run, one machine), and each is listed by name.
  const against = claimsAgainst(evidence);
  if (against.length > 0) {
    confidence = lowerConfidence(
      confidence,
      `the measurements refute guide claims the choice relies on: ${against.map((c) => c.claim.id).join(', ')}`,
    );
  }
  return {
    ...decision,
    confidence,
    choice: RUNTIME_NAMES[decision.outcome],
    profile,
    costs: estimateCosts(profile, rates),
    evidence,
  };
}
