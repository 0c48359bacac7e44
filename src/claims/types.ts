/**
 * The shapes of the claims catalogue (data) and of its evaluation (also data, rendered by the
 * report). A claim holds one or more tests; its verdict is their conjunction.
 */
import type { FigureId } from './figures.js';

export type Verdict = 'supported' | 'refuted' | 'inconclusive';

export type ParameterValues = Record<string, string | number>;

/** Which cells one side of a comparison reads. */
export interface Side {
  server: string;
  /** Read this workload instead of the test's (validated `users` against `users-unvalidated`). */
  workload?: string;
  /** Parameters a cell must have, e.g. { implementation: 'numpy' }. */
  parameters?: ParameterValues;
  /** Take this server's best cell over the values of this parameter (e.g. the fastest Node implementation). */
  bestOver?: string;
}

/** Which measured levels a test looks at. */
export type LevelRule =
  | { kind: 'all' }
  /** Every measured level up to `max`. */
  | { kind: 'up-to'; max: number }
  /** Every measured level from `min` up; none measured makes the test inconclusive. */
  | { kind: 'from'; min: number }
  /** The highest level measured (on both sides of a ratio); it must be at least `atLeast`. */
  | { kind: 'highest'; atLeast: number };

export type Expectation =
  /**
   * a is better than b by at least `win` (and, with `noticeable`, by at least that much in the figure's unit); refuted
   * at `none`.
   */
  | { kind: 'advantage'; win: number; none: number; noticeable?: number }
  /** Neither is `ratio` times better than the other (or they are within `absolute` of each other). */
  | { kind: 'negligible'; ratio: number; absolute?: number }
  /** a is at least `ratio` times b (or at most `absolute` worse). */
  | { kind: 'not-worse'; ratio: number; absolute?: number };

/** a against b, oriented so that a ratio above 1 means a is better on the figure. */
export interface RatioTest {
  kind: 'ratio';
  workload: string;
  figure: FigureId;
  a: Side;
  b: Side;
  expect: Expectation;
  levels: LevelRule;
  /** A separate check for each value of these parameters (e.g. each compute operation). */
  splitBy?: string[];
  /** Only cells whose parameter is at least this (e.g. fan-out K of 10 and more). */
  parameterAtLeast?: { name: string; min: number };
  /** The same comparison on other pairs, shown beside the judged one but not counted. */
  beside?: { a: Side; b: Side }[];
}

/** Each named server's figure is at least `min` or at most `max`. */
export interface BoundTest {
  kind: 'bound';
  workload: string;
  figure: FigureId;
  servers: string[];
  beside: string[];
  min?: number;
  max?: number;
  levels: LevelRule;
}

export type ClaimTest = RatioTest | BoundTest;

export interface Claim {
  id: string;
  /** Verbatim from the guide (test/claims/catalogue.test.ts checks). */
  quote: string;
  /** The guide's heading the quote sits under. */
  section: string;
  /** The guide saying the same thing elsewhere, also verbatim. */
  alsoQuoted?: { quote: string; section: string }[];
  /** The predicate in words, with its thresholds, as a reader can check it against the numbers. */
  predicate: string;
  /** Why these servers and these numbers. */
  rationale: string;
  tests: ClaimTest[];
}

export interface NotMeasurable {
  id: string;
  quote: string;
  section: string;
  why: string;
}

export type CheckOutcome = 'pass' | 'fail' | 'unclear';

export interface CheckInterval {
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** t on the log ratios, bootstrap (10 or more rounds), or a single trial widened by the A/A floor. */
  method: 't' | 'bootstrap' | 'floor';
}

/** One number compared with one threshold: a row of a claim's evidence. */
export interface Check {
  /** Judged checks decide the verdict; beside checks (seed versions, other pairs) are context. */
  role: 'judged' | 'beside';
  /** "node-fastify vs python-fastapi-tuned" or "python-fastapi-tuned". */
  subject: string;
  servers: string[];
  workload: string;
  /** Parameters that tell this check apart (e.g. operation=matmul, k=50), with the sides' own. */
  parameters: string;
  connections: number | null;
  levelLabel: string;
  /** What the value is: "2xx req/s", "2xx req/s ratio". */
  figure: string;
  value: number | null;
  /** The interval that decides support, and the (Bonferroni-wider) one that decides refutation. */
  interval: CheckInterval | null;
  refuteInterval: CheckInterval | null;
  /** Rounds paired (for a ratio) or trials (for a bound) behind the value. */
  trials: number;
  /** The per-round ratios (or values) the interval is built from. */
  values: number[];
  /** The interleaving block the trials came from, and the arms compared: what more rounds would re-run. */
  block: string | null;
  arms: { server: string; workload: string; parameters: ParameterValues; aa: boolean }[];
  /** For an undecided check: about how many rounds in all would likely decide it; null when not estimable. */
  roundsNeeded: number | null;
  /** The value as printed, e.g. "1.18 ± 0.04x" or "4,210 ± 120 2xx req/s". */
  shown: string;
  /** For a ratio, the two figures behind it: "3,298 vs 613 2xx req/s"; empty otherwise. */
  detail: string;
  /** The threshold as printed, e.g. "< 1.25x". */
  threshold: string;
  outcome: CheckOutcome;
  /**
   * In a quick run, where the check points: the outcome its interval (or, for one trial without an
   * A/A floor, its value alone) would give. Its outcome stays unclear (claims/indicative.ts).
   */
  pointsTo?: CheckOutcome;
  /** How far inside (positive) or outside (negative) the threshold, relatively; null when unclear. */
  margin: number | null;
  /** Why unclear, or a caveat such as "1 trial: no noise estimate". */
  note: string | null;
}

export interface ClaimResult {
  id: string;
  quote: string;
  section: string;
  predicate: string;
  rationale: string;
  alsoQuoted: { quote: string; section: string }[];
  verdict: Verdict;
  /** The sentence that decided it, with its numbers. */
  because: string;
  /** The servers judged, then the ones shown beside them. */
  judged: string[];
  beside: string[];
  workloads: string[];
  checks: Check[];
}
