/**
 * What a results file says about the decision. The guide's claims behind the fired rules are not
 * judged here: they are the claims engine's (src/claims), the same verdicts, figures and
 * intervals `verdict report` prints for the same file. This module only picks the claims the
 * fired rules rest on, says how each verdict bears on the chosen outcome, and adds the figures
 * measured at the profile's peak (peak-figures.ts).
 */
import { evaluateClaims } from '../claims/evaluate.js';
import { indicativeNote, isIndicative } from '../claims/indicative.js';
import type { ClaimResult } from '../claims/types.js';
import type { Results } from '../results/schema.js';
import { unfinishedReason, type SkippedResults } from '../results/store.js';
import type { FiredRule } from './engine.js';
import { peakFigures, type PeakFigures } from './peak-figures.js';
import type { Profile } from './profile.js';
import { RUNTIME_NAMES, situationOf, type Outcome, type Runtime, type Situation } from './situation.js';

/** How a claim the rules rest on reads for decide: which runtime it speaks for, and when it applies. */
interface ClaimSide {
  /** The runtime the claim favours when supported; 'none': it says performance does not decide. */
  favours: Runtime | 'none';
  /** Whether the claim speaks to this profile at all (cited only when it does). */
  relevant?(s: Situation): boolean;
}

const NORMAL = (s: Situation) => s.concurrency === 'normal';

/**
 * Every catalogue claim a rule in rules.ts may cite (test/decide/rules.test.ts checks the lists
 * match). The normal-traffic claims say nothing about a profile expecting thousands of
 * connections, and "tens of thousands" nothing about one expecting fewer.
 */
export const CLAIM_SIDES: Record<string, ClaimSide> = {
  'normal-traffic-gap': { favours: 'none', relevant: NORMAL },
  'fastapi-competitive': { favours: 'python', relevant: NORMAL },
  'high-end-node-wins': { favours: 'node' },
  'thousands-of-connections': { favours: 'node' },
  'tens-of-thousands-low-memory': { favours: 'node', relevant: (s) => s.concurrency === 'extreme' },
  'native-advantage-websocket': { favours: 'node' },
  'native-advantage-sse': { favours: 'node' },
  'numpy-wins-cpu': { favours: 'python' },
};

export type Bearing = 'for' | 'against' | 'neutral';

export interface CitedClaim {
  /** The claims engine's result, exactly as `verdict report` has it for this file. */
  claim: ClaimResult;
  /** The fired rules that rest on it. */
  rules: string[];
  favours: Runtime | 'none';
  /** How the verdict bears on the chosen outcome, and why, in words. */
  bearing: Bearing;
  bearingText: string;
}

export interface EvidenceSource {
  data: Results;
  /** The file as the user would type it (relative to the working folder when inside it). */
  file: string;
  /** Why this file: "given with --results", "the newest completed results file in results/". */
  why: string;
}

export type Evidence =
  | { used: false; reason: string; skipped: SkippedResults[] }
  | {
      used: true;
      file: string;
      why: string;
      skipped: SkippedResults[];
      createdAt: string;
      status: Results['status'];
      /** An unfinished run named on purpose: what its figures cover. */
      unfinished: string | null;
      /** A quick run: the sentence saying its claims are indicative, as the report prints it. */
      indicative: string | null;
      environment: string;
      atPeak: PeakFigures[];
      claims: CitedClaim[];
    };

export function gatherEvidence(
  source: EvidenceSource,
  skipped: SkippedResults[],
  profile: Profile,
  fired: FiredRule[],
  outcome: Outcome,
): Evidence {
  const { data: results } = source;
  const env = results.environment;
  const s = situationOf(profile);
  const unfinished = unfinishedReason(results.status);
  return {
    used: true,
    file: source.file,
    why: source.why,
    skipped,
    createdAt: results.createdAt,
    status: results.status,
    unfinished: unfinished ? `${unfinished}: the figures cover the cells measured before it stopped` : null,
    indicative: isIndicative(results.plan) ? indicativeNote(results.plan) : null,
    environment:
      `${env.cpuModel}, ${env.cores} cores, Node ${env.node}, Python ${env.python ?? 'n/a'}, PostgreSQL ` +
      `${env.postgres}; ${env.processModel}`,
    atPeak: peakFigures(results, profile.peakConnections, {
      realtime: s.touches('realtime'),
      connections: s.concurrency !== 'normal' || s.touches('high-concurrency'),
    }),
    claims: citeClaims(results, s, fired, outcome),
  };
}

/** The claims behind the fired rules, in the catalogue's order, each judged once for the whole file. */
function citeClaims(results: Results, s: Situation, fired: FiredRule[], outcome: Outcome): CitedClaim[] {
  const wanted = new Set(fired.flatMap((r) => r.claims ?? []).filter((id) => CLAIM_SIDES[id]?.relevant?.(s) ?? true));
  if (wanted.size === 0) return [];
  const runtimeOf = (server: string) => results.servers.find((x) => x.name === server)?.runtime;
  const indicative = isIndicative(results.plan);
  return evaluateClaims(results)
    .filter((claim) => wanted.has(claim.id))
    .map((claim) => {
      const favours = CLAIM_SIDES[claim.id]!.favours;
      const rules = fired.filter((r) => r.claims?.includes(claim.id)).map((r) => r.id);
      return { claim, rules, favours, ...bearingOf(claim, favours, outcome, indicative, runtimeOf) };
    });
}

const uses = (outcome: Outcome, runtime: Runtime) => outcome === runtime || outcome === 'hybrid';

/**
 * A supported claim for the chosen runtime backs the choice; a refuted one weakens it. A claim for
 * the other runtime was weighed by the rules already (its row fired and was outranked), so its
 * support changes nothing, and its refutation backs the choice. Undecided and quick-run verdicts
 * bear on nothing.
 */
function bearingOf(
  claim: ClaimResult,
  favours: Runtime | 'none',
  outcome: Outcome,
  indicative: boolean,
  runtimeOf: (server: string) => Runtime | undefined,
): { bearing: Bearing; bearingText: string } {
  if (indicative)
    return { bearing: 'neutral', bearingText: 'A quick run only points: it neither backs nor weakens the choice.' };
  if (claim.verdict === 'inconclusive')
    return { bearing: 'neutral', bearingText: 'Undecided by this run: it neither backs nor weakens the choice.' };
  if (favours === 'none') {
    if (claim.verdict === 'supported')
      return {
        bearing: 'for',
        bearingText: "Backs the rules that let the team's language decide: the gap at normal traffic is negligible.",
      };
    const faster = fasterRuntime(claim, runtimeOf);
    if (!faster || outcome === 'hybrid')
      return {
        bearing: 'neutral',
        bearingText: 'The gap at normal traffic is not negligible; the hybrid runs both runtimes.',
      };
    return faster === outcome
      ? {
          bearing: 'for',
          bearingText:
            `Backs the choice: the gap at normal traffic is not negligible, and ${RUNTIME_NAMES[faster]}, the ` +
            `chosen runtime, was faster.`,
        }
      : {
          bearing: 'against',
          bearingText:
            `Weakens the choice: the gap at normal traffic is not negligible, and ${RUNTIME_NAMES[faster]}, not ` +
            `the chosen runtime, was faster.`,
        };
  }
  const name = RUNTIME_NAMES[favours];
  if (claim.verdict === 'supported') {
    return uses(outcome, favours)
      ? { bearing: 'for', bearingText: `Backs the choice: measured as the guide says for ${name}.` }
      : {
          bearing: 'neutral',
          bearingText: `Measured as the guide says for ${name}; the rules weighed it and chose otherwise.`,
        };
  }
  return uses(outcome, favours)
    ? {
        bearing: 'against',
        bearingText: `Weakens the choice: ${notBorneOut(name)}, which the choice relies on.`,
      }
    : {
        bearing: 'for',
        bearingText: `Backs the choice: ${notBorneOut(name)}, the runtime not chosen.`,
      };
}

/** Which runtime a refuted negligible-gap claim found faster: the side its failing check favours. */
function fasterRuntime(claim: ClaimResult, runtimeOf: (server: string) => Runtime | undefined): Runtime | undefined {
  const failing = claim.checks.find((c) => c.role === 'judged' && c.outcome === 'fail' && c.value !== null);
  if (!failing) return undefined;
  // A ratio check's value is oriented "a over b, above 1 when a is better"; its servers are [a, b].
  const [a, b] = failing.servers;
  return runtimeOf(failing.value! >= 1 ? a! : (b ?? a!));
}

/** The claims whose measured verdict weakens the choice: they lower the confidence one step. */
export function claimsAgainst(evidence: Evidence): CitedClaim[] {
  return evidence.used ? evidence.claims.filter((c) => c.bearing === 'against') : [];
}

const notBorneOut = (name: string) => `the run does not bear out what the guide says for ${name}`;
