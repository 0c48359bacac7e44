/**
 * What this machine measured that bears on the profile: for each runtime's best server (tuned,
 * else pool, else seed), at the measured concurrency nearest the profile's peak, the median
 * req/s, p99 latency and memory per connection; then each guide claim behind a fired rule is
 * checked against those numbers and the disagreements are said plainly.
 */
import type { Cell, Results } from '../results/schema.js';
import type { ClaimId } from './rules.js';
import type { FiredRule } from './engine.js';
import type { Outcome, Runtime } from './situation.js';
import type { Profile } from './profile.js';

/** "Negligible" made measurable: the faster runtime is less than 1.25x the slower in req/s. */
export const NEGLIGIBLE_RATIO = 1.25;
/** Node "wins" when it is at least 1.10x Python (below that it is inside typical run-to-run noise). */
export const WIN_RATIO = 1.1;

const VARIANT_PREFERENCE = ['tuned', 'pool', 'seed'] as const;

export interface RuntimeMeasurement {
  runtime: Runtime;
  server: string;
  variant: Cell['variant'];
  connections: number;
  trials: number;
  /** Median over trials, and the slowest and fastest trial: the spread a comparison must clear. */
  requestsPerSecond: number | null;
  requestsPerSecondRange: [number, number] | null;
  p99Ms: number | null;
  rssMb: number | null;
  memoryPerConnectionKb: number | null;
  /** How memory per connection was obtained. */
  memoryMethod: string | null;
  errors: number;
  non2xx: number;
}

export interface WorkloadEvidence {
  workload: string;
  requestedConnections: number;
  measuredConnections: number;
  levelNote: string | null;
  node: RuntimeMeasurement | null;
  python: RuntimeMeasurement | null;
  /** node req/s divided by python req/s. */
  throughputRatio: number | null;
}

export interface ClaimCheck {
  claim: ClaimId;
  rules: string[];
  guide: string;
  verdict: 'agrees' | 'disagrees' | 'inconclusive';
  detail: string;
  /** True when the disagreement weakens the chosen outcome. */
  againstOutcome: boolean;
}

export type Evidence =
  | { used: false; reason: string }
  | { used: true; file: string; createdAt: string; environment: string; workloads: WorkloadEvidence[]; checks: ClaimCheck[] };

export function gatherEvidence(results: Results, file: string, profile: Profile, fired: FiredRule[], outcome: Outcome): Evidence {
  const env = results.environment;
  const environment = `${env.cpuModel}, ${env.cores} cores, Node ${env.node}, Python ${env.python ?? 'n/a'}, PostgreSQL ${env.postgres}; ${env.processModel}`;
  const workloads = ['users', ...(profile.touches.includes('realtime') ? ['websocket'] : [])]
    .map((w) => workloadEvidence(results.cells, w, profile.peakConnections))
    .filter((w): w is WorkloadEvidence => w !== null);
  if (workloads.length === 0) return { used: false, reason: `${file} has no completed cells for the users workload` };
  return { used: true, file, createdAt: results.createdAt, environment, workloads, checks: checkClaims(workloads, profile, fired, outcome) };
}

function workloadEvidence(all: Cell[], workload: string, peak: number): WorkloadEvidence | null {
  const cells = all.filter((c) => c.workload === workload && c.outcome === 'completed');
  const pick = (runtime: Runtime) => {
    for (const variant of VARIANT_PREFERENCE) {
      const own = cells.filter((c) => c.runtime === runtime && c.variant === variant);
      if (own.length > 0) return own;
    }
    return [];
  };
  const node = pick('node');
  const python = pick('python');
  const levels = [...new Set([...node, ...python].map((c) => c.connections))].filter((l) => l > 0);
  if (levels.length === 0) return null;
  // Levels are spaced by factors of two, so "nearest" is measured on a log scale.
  const measured = levels.reduce((best, l) => (Math.abs(Math.log(l / peak)) < Math.abs(Math.log(best / peak)) ? l : best));
  const highest = Math.max(...levels);
  const levelNote =
    peak > highest * 1.5
      ? `the highest measured level (${highest}) is well below the expected peak (${peak}); the numbers are not extrapolated`
      : measured !== peak
        ? `nearest measured level to the expected peak of ${peak}`
        : null;
  const n = measure(node, measured, workload);
  const p = measure(python, measured, workload);
  const ratio = n?.requestsPerSecond && p?.requestsPerSecond ? n.requestsPerSecond / p.requestsPerSecond : null;
  return { workload, requestedConnections: peak, measuredConnections: measured, levelNote, node: n, python: p, throughputRatio: ratio };
}

function measure(cells: Cell[], level: number, workload: string): RuntimeMeasurement | null {
  const here = cells.filter((c) => c.connections === level);
  if (here.length === 0) return null;
  const first = here[0]!;
  const rss = median(here.map((c) => c.serverRssMb));
  const { kb, method } = memoryPerConnection(cells, level, rss, workload);
  return {
    runtime: first.runtime,
    server: first.server,
    variant: first.variant,
    connections: level,
    trials: here.length,
    requestsPerSecond: median(here.map((c) => c.requestsPerSecond)),
    requestsPerSecondRange: range(here.map((c) => c.requestsPerSecond)),
    p99Ms: median(here.map((c) => c.latencyMs?.p99 ?? null)),
    rssMb: rss,
    memoryPerConnectionKb: kb,
    memoryMethod: method,
    errors: here.reduce((sum, c) => sum + c.errors + c.timeouts, 0),
    non2xx: here.reduce((sum, c) => sum + c.non2xx, 0),
  };
}

/**
 * The websocket workload measures KB per connection itself. For HTTP, the growth of peak RSS
 * from the lowest measured level to this one, divided by the added connections, removes the
 * process's fixed baseline; with a single level only RSS / connections is possible (an upper bound).
 */
function memoryPerConnection(cells: Cell[], level: number, rss: number | null, workload: string): { kb: number | null; method: string | null } {
  const direct = median(cells.filter((c) => c.connections === level).map((c) => c.metrics.kbPerConnection ?? null));
  if (direct !== null) return { kb: direct, method: `${workload} workload's kbPerConnection` };
  if (rss === null) return { kb: null, method: null };
  const lowest = Math.min(...cells.map((c) => c.connections));
  const base = median(cells.filter((c) => c.connections === lowest).map((c) => c.serverRssMb));
  if (lowest < level && base !== null) {
    return { kb: Math.max(0, ((rss - base) * 1024) / (level - lowest)), method: `RSS growth from ${lowest} to ${level} connections` };
  }
  return { kb: (rss * 1024) / level, method: 'RSS / connections (includes the process baseline)' };
}

function range(values: (number | null)[]): [number, number] | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length === 0 ? null : [Math.min(...v), Math.max(...v)];
}

function median(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

const GUIDE_CLAIMS: Record<ClaimId, string> = {
  'negligible-gap': 'Both are strong for conventional REST APIs; at normal API traffic volumes the performance difference is negligible',
  'node-wins-high-concurrency': 'Node.js wins on high-concurrency I/O.',
};

/**
 * A claim is judged on the spread of the trials, not just the medians: "disagrees" only when
 * even the least favourable pair of trials crosses the line, "agrees" only when even the most
 * favourable pair stays on its side; otherwise the trials straddle the line: inconclusive.
 */
function checkClaims(workloads: WorkloadEvidence[], profile: Profile, fired: FiredRule[], outcome: Outcome): ClaimCheck[] {
  const checks: ClaimCheck[] = [];
  for (const claim of Object.keys(GUIDE_CLAIMS) as ClaimId[]) {
    // The concurrency claim is about websockets and streaming when those were measured; the
    // REST claim is about the users endpoint.
    const w = (claim === 'node-wins-high-concurrency' && workloads.find((x) => x.workload === 'websocket')) || workloads[0]!;
    const at = `at ${w.measuredConnections} connections (${w.workload})`;
    const rules = fired.filter((r) => r.claim === claim).map((r) => r.id);
    if (rules.length === 0) continue;
    // "Normal traffic" is the guide's "under a few hundred concurrent connections": the
    // negligible-gap claim says nothing about a profile that expects thousands.
    if (claim === 'negligible-gap' && profile.peakConnections >= 1000) continue;
    const base = { claim, rules, guide: GUIDE_CLAIMS[claim] };
    const node = w.node?.requestsPerSecondRange;
    const python = w.python?.requestsPerSecondRange;
    if (w.throughputRatio === null || !node || !python || node[0] <= 0 || python[0] <= 0) {
      checks.push({ ...base, verdict: 'inconclusive', detail: `no req/s for both runtimes ${at}`, againstOutcome: false });
      continue;
    }
    const ratio = w.throughputRatio;
    const trials = Math.min(w.node!.trials, w.python!.trials);
    const spread = trials > 1 ? `trials ${fmt(node[0])}-${fmt(node[1])} vs ${fmt(python[0])}-${fmt(python[1])}` : 'one trial each: no error estimate';
    const measured = `${w.node!.variant} Node.js ${fmt(w.node!.requestsPerSecond!)} req/s vs ${w.python!.variant} Python ${fmt(w.python!.requestsPerSecond!)} req/s ${at} (${spread})`;
    if (claim === 'negligible-gap') {
      const faster: Runtime = ratio >= 1 ? 'node' : 'python';
      const [fast, slow] = faster === 'node' ? [node, python] : [python, node];
      const factor = ratio >= 1 ? ratio : 1 / ratio;
      const verdict = fast[0] / slow[1] >= NEGLIGIBLE_RATIO ? 'disagrees' : fast[1] / slow[0] < NEGLIGIBLE_RATIO ? 'agrees' : 'inconclusive';
      const names = faster === 'node' ? ['Node.js', 'Python'] : ['Python', 'Node.js'];
      checks.push({
        ...base,
        verdict,
        detail:
          verdict === 'agrees'
            ? `measured gap ${factor.toFixed(2)}x is under ${NEGLIGIBLE_RATIO}x: ${measured}`
            : verdict === 'disagrees'
              ? `the guide says the gap is negligible at normal traffic, but measured ${names[0]} is ${factor.toFixed(2)}x ${names[1]}: ${measured}`
              : `gap ${factor.toFixed(2)}x, but the trials straddle the ${NEGLIGIBLE_RATIO}x line: ${measured}`,
        againstOutcome: verdict === 'disagrees' && outcome !== 'hybrid' && outcome !== faster,
      });
    } else {
      const verdict = node[0] / python[1] >= WIN_RATIO ? 'agrees' : node[1] / python[0] <= 1 ? 'disagrees' : 'inconclusive';
      checks.push({
        ...base,
        verdict,
        detail:
          verdict === 'agrees'
            ? `measured Node.js ahead ${ratio.toFixed(2)}x: ${measured}`
            : verdict === 'disagrees'
              ? `the guide says Node.js wins here, but measured Python is ${(1 / ratio).toFixed(2)}x Node.js: ${measured}`
              : `Node.js ahead by only ${ratio.toFixed(2)}x, inside the ${WIN_RATIO}x margin or the trials' spread: ${measured}`,
        againstOutcome: verdict === 'disagrees' && outcome !== 'python',
      });
    }
  }
  return checks;
}

export const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(n >= 10 ? 1 : 2));
