/**
 * The facts about a profile that the guide's rules talk about, derived once so each rule reads
 * like the guide's sentence ("the team already knows JavaScript", "thousands of connections").
 */
import type { Profile, Touch } from './profile.js';

export type Runtime = 'node' | 'python';
export type Outcome = Runtime | 'hybrid';

export const RUNTIME_NAMES: Record<Outcome, string> = {
  node: 'Node.js',
  python: 'Python',
  hybrid: 'Hybrid (Node.js gateway + Python services)',
};

/**
 * Concurrency bands, from the guide's own words: "typical REST API traffic under a few hundred
 * concurrent connections", "thousands of simultaneous connections", "tens of thousands of
 * concurrent connections".
 */
export type Concurrency = 'normal' | 'high' | 'extreme';
export const HIGH_CONCURRENCY = 1_000;
export const EXTREME_CONCURRENCY = 10_000;

export interface Situation {
  profile: Profile;
  touches(touch: Touch): boolean;
  /** The project touches AI in its first release. */
  aiNow: boolean;
  /** AI is in scope within the 18-month horizon: now, or planned for certain. */
  aiInScope: boolean;
  /** "use what your team already knows well": strong in that language and not in the other. */
  knowsWellOnly: Runtime | undefined;
  /**
   * The REST API rows' "team already knows JavaScript / Python": the team knows that language
   * (some or strong) and knows it at least as well as the other. A Python-strong team that knows
   * some JavaScript knows JavaScript only a little: it does not "already know JavaScript".
   */
  alreadyKnows(language: 'javascript' | 'python'): boolean;
  /** The greenfield row's "no existing team": nobody knows either language yet. */
  noTeam: boolean;
  concurrency: Concurrency;
}

export function situationOf(profile: Profile): Situation {
  const { javascript, python } = profile.skills;
  const peak = profile.peakConnections;
  const aiNow = profile.touches.includes('ai');
  return {
    profile,
    touches: (touch) => profile.touches.includes(touch),
    aiNow,
    aiInScope: aiNow || profile.aiPlanned === 'yes',
    knowsWellOnly:
      javascript === 'strong' && python !== 'strong'
        ? 'node'
        : python === 'strong' && javascript !== 'strong'
          ? 'python'
          : undefined,
    alreadyKnows: (language) => {
      const [own, other] = language === 'javascript' ? [javascript, python] : [python, javascript];
      return own !== 'none' && SKILL_RANK[own] >= SKILL_RANK[other];
    },
    noTeam: javascript === 'none' && python === 'none',
    concurrency: peak >= EXTREME_CONCURRENCY ? 'extreme' : peak >= HIGH_CONCURRENCY ? 'high' : 'normal',
  };
}

/** Skill as a number, for the "when in doubt" tie-break. */
export const SKILL_RANK = { none: 0, some: 1, strong: 2 } as const;
