/**
 * One result model for every output (terminal, JSON, ADR): the decision, the costs and the
 * evidence for a profile. Pure: rates and results are passed in, never read here.
 */
import type { Results } from '../results/schema.js';
import { estimateCosts, type CostEstimate } from './costs.js';
import { decide, lowerConfidence, type Decision } from './engine.js';
import { gatherEvidence, type Evidence } from './evidence.js';
import type { Profile } from './profile.js';
import type { Rates } from './rates.js';
import { RUNTIME_NAMES } from './situation.js';

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
  results?: { data: Results; file: string };
}

export function recommend({ profile, rates, results }: RecommendInput): Recommendation {
  const decision = decide(profile);
  const evidence: Evidence = results
    ? gatherEvidence(results.data, results.file, profile, decision.fired, decision.outcome)
    : { used: false, reason: 'no results file was given and results/ has none' };
  let confidence = decision.confidence;
  if (evidence.used) {
    for (const check of evidence.checks.filter((c) => c.againstOutcome)) {
      confidence = lowerConfidence(confidence, `measurements on this machine disagree with the guide's claim behind ${check.rules.join(', ')}`);
    }
  }
  return { ...decision, confidence, choice: RUNTIME_NAMES[decision.outcome], profile, costs: estimateCosts(profile, rates), evidence };
}
