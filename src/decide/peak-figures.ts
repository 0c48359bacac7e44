/**
 * What the run measured at the profile's expected peak: for each runtime's best server (tuned,
 * else pool, else seed), at the measured level nearest the peak, the figures `verdict report`
 * prints in its results table (median and range over trials, read with the report's own helpers)
 * and the report's relative line with its interval. Every figure keeps its caveat: a peak above or
 * below the levels measured, a side not measured at that level, a memory growth the run cannot
 * resolve. Nothing is extrapolated.
 */
import { whyNotCompleted, type Results, type ServerInfo } from '../results/schema.js';
import { compareServers, describeComparison } from '../report/comparisons.js';
import { formatMs, formatRate } from '../util/format.js';
import { metricOf, metricSpec, type MetricName } from '../results/metrics.js';
import { fieldSpread, groupCells, notImplemented, type CellGroup } from '../results/groups.js';
import type { Runtime } from './situation.js';

export interface Figure {
  label: string;
  /** As the terminal and the web page print it, with its caveat. */
  text: string;
  /** Short enough for a Markdown table cell; the caveat is then in the figure's note. */
  cell: string;
}

export interface SideFigures {
  runtime: Runtime;
  server: string;
  variant: ServerInfo['variant'];
  /** "3", or "2 of 3" when trials errored. */
  trials: string;
  figures: Figure[];
}

export interface PeakFigures {
  workload: string;
  peak: number;
  /** The measured level the figures are from; null when neither runtime measured the workload. */
  level: number | null;
  /** Where the level stands against the peak, when it is not the peak itself. */
  levelNote: string | null;
  node: SideFigures | null;
  python: SideFigures | null;
  /** One sentence per side that has no figures at this level, saying why. */
  missing: string[];
  /** How the figures are obtained, where a reader needs it (memory per connection). */
  notes: string[];
  /** The report's relative line for the pair at this level, with its interval. */
  comparison: string | null;
}

const VARIANT_PREFERENCE = ['tuned', 'pool', 'seed'] as const;
const RUNTIME_NAMES: Record<Runtime, string> = { node: 'Node.js', python: 'Python' };
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The users workload always; the websocket workload too for a real-time project. Memory per
 * connection is shown where connections are what the project is about (real-time, or thousands):
 * the guide's "low memory overhead" is a claim about holding many of them.
 */
export function peakFigures(
  results: Results,
  peak: number,
  options: { realtime: boolean; connections: boolean },
): PeakFigures[] {
  const groups = groupCells(results.cells).filter((g) => !notImplemented(g));
  const workloads = options.realtime ? ['users', 'websocket'] : ['users'];
  return workloads.map((workload) =>
    atPeak(
      results,
      groups.filter((g) => g.workload === workload),
      workload,
      peak,
      options.realtime || options.connections,
    ),
  );
}

function atPeak(results: Results, groups: CellGroup[], workload: string, peak: number, memory: boolean): PeakFigures {
  const servers = { node: bestServer(results, groups, 'node'), python: bestServer(results, groups, 'python') };
  const levelsOf = (server: ServerInfo | undefined) =>
    groups.filter((g) => g.server === server?.name && g.completed.length > 0).map((g) => g.connections);
  const nodeLevels = levelsOf(servers.node);
  const pythonLevels = levelsOf(servers.python);
  // The level both sides ran, when there is one: a figure without its other side is no comparison.
  const common = nodeLevels.filter((l) => pythonLevels.includes(l));
  const candidates = common.length > 0 ? common : [...nodeLevels, ...pythonLevels];
  const empty = { workload, peak, node: null, python: null, notes: [], comparison: null };
  if (candidates.length === 0)
    return {
      ...empty,
      level: null,
      levelNote: null,
      missing: [`the ${workload} workload was not measured in this run`],
    };
  const level = nearest(
    candidates.filter((l) => l > 0),
    peak,
  );
  const unit = workload === 'users' ? 'connections' : 'connections held';
  const sorted = [...new Set(candidates)].sort((a, b) => a - b);
  const levelNote =
    peak > sorted.at(-1)!
      ? `the expected peak of ${count(peak)} is above the highest level measured: these figures are at ` +
        `${count(level)} ${unit}, not extrapolated`
      : peak < sorted[0]!
        ? `the expected peak of ${count(peak)} is below the lowest level measured: these figures are at ` +
          `${count(level)} ${unit}`
        : level !== peak
          ? `the level measured nearest the expected peak of ${count(peak)}`
          : null;

  const missing: string[] = [];
  const notes = new Set<string>();
  const side = (runtime: Runtime): SideFigures | null => {
    const server = servers[runtime];
    const name = RUNTIME_NAMES[runtime];
    if (!server) {
      missing.push(`${name}: no ${name} server ran the ${workload} workload`);
      return null;
    }
    const group = groups.find((g) => g.server === server.name && g.connections === level);
    if (!group || group.completed.length === 0) {
      const ran = levelsOf(server);
      const failed = group?.trials.find((c) => c.outcome !== 'completed');
      const why = group
        ? `its ${group.trials.length} trial${group.trials.length === 1 ? '' : 's'} at ${count(level)} did not ` +
          `complete (${failed ? whyNotCompleted(failed) : 'no reason given'})`
        : `it was not measured at ${count(level)}`;
      missing.push(
        `${name}: ${server.name} has no figures at this level: ${why}` +
          `${ran.length ? `; it completed ${ran.map(count).join(', ')}` : ''}`,
      );
      return null;
    }
    const figures =
      workload === 'websocket'
        ? websocketFigures(group)
        : usersFigures(group, memory ? groups.filter((g) => g.server === server.name) : null, notes);
    const trials =
      group.completed.length === group.trials.length
        ? String(group.trials.length)
        : `${group.completed.length} of ${group.trials.length}`;
    return { runtime, server: server.name, variant: server.variant, trials, figures };
  };
  const node = side('node');
  const python = side('python');
  const comparison =
    workload === 'users' && node && python
      ? reportComparison(results, workload, level, node.server, python.server)
      : null;
  return { workload, peak, level, levelNote, node, python, missing, notes: [...notes], comparison };
}

/** The best server of a runtime that ran this workload: tuned, else pool, else seed. */
function bestServer(results: Results, groups: CellGroup[], runtime: Runtime): ServerInfo | undefined {
  const ran = new Set(groups.filter((g) => g.completed.length > 0).map((g) => g.server));
  for (const variant of VARIANT_PREFERENCE) {
    const server = results.servers.find((s) => s.runtime === runtime && s.variant === variant && ran.has(s.name));
    if (server) return server;
  }
  return undefined;
}

/** Levels are spaced by multiples (10, 100, 1,000), so "nearest" is measured on a log scale. */
function nearest(levels: number[], peak: number): number {
  return levels.reduce((best, l) => (Math.abs(Math.log(l / peak)) < Math.abs(Math.log(best / peak)) ? l : best));
}

/** The report's line for this pair and level ("node-fastify ran 2.53x [...] faster than ..."). */
function reportComparison(
  results: Results,
  workload: string,
  level: number,
  node: string,
  python: string,
): string | null {
  const pair = new Set([node, python]);
  const found = compareServers(results, workload).find(
    (c) => c.connections === level && pair.has(c.faster) && pair.has(c.slower),
  );
  return found ? describeComparison(found) : null;
}

function usersFigures(group: CellGroup, own: CellGroup[] | null, notes: Set<string>): Figure[] {
  const rps = fieldSpread(group, (c) => c.requestsPerSecond);
  const rpsText = rps
    ? rps.n > 1
      ? `${formatRate(rps.median)} (${formatRate(rps.min)}–${formatRate(rps.max)})`
      : formatRate(rps.median)
    : '–';
  const p99 = formatMs(fieldSpread(group, (c) => c.latencyMs?.p99)?.median);
  const failed = group.completed.reduce((sum, c) => sum + c.errors + c.timeouts + c.non2xx, 0);
  const attempts = group.completed.reduce((sum, c) => sum + c.requests + c.errors + c.timeouts, 0);
  return [
    { label: 'req/s, median (range)', text: rpsText, cell: rpsText },
    { label: 'p99 latency, median', text: p99, cell: p99 },
    ...(own ? [memoryPerConnection(group, own, notes)] : []),
    {
      label: 'failed requests',
      text: `${count(failed)} of ${count(attempts)}`,
      cell: `${count(failed)} of ${count(attempts)}`,
    },
  ];
}

function websocketFigures(group: CellGroup): Figure[] {
  const metric = (name: MetricName) => fieldSpread(group, (c) => metricOf(c, name))?.median;
  const shown = (name: MetricName) => {
    const value = metric(name);
    return value === undefined ? '–' : metricSpec(name).format(value);
  };
  const delivery = shown('deliveryP99Ms');
  const memory = shown('kbPerConnection');
  const refused = metric('connectErrors');
  const refusedText = refused === undefined ? '–' : `${count(refused)} of ${count(group.connections)}`;
  return [
    { label: 'delivery p99, median', text: delivery, cell: delivery },
    { label: 'memory per connection', text: memory, cell: memory },
    { label: 'connections refused', text: refusedText, cell: refusedText },
  ];
}

/**
 * The growth of peak RSS from the server's lowest measured level to this one, over the connections
 * added: the process's fixed baseline cancels out. A growth inside the trials' own RSS spread is
 * below what the run can resolve, and is said so instead of printed as a number (or as zero).
 * With no lower level, RSS over connections is an upper bound that includes the baseline.
 */
function memoryPerConnection(group: CellGroup, own: CellGroup[], notes: Set<string>): Figure {
  const label = 'RSS / added connection';
  const rss = fieldSpread(group, (c) => c.serverRssMb);
  if (!rss) return { label, text: '–', cell: '–' };
  const base = own
    .filter((g) => g.connections < group.connections && g.completed.length > 0)
    .sort((a, b) => a.connections - b.connections)[0];
  const baseRss = base && fieldSpread(base, (c) => c.serverRssMb);
  if (!base || !baseRss) {
    const upper = `${((rss.median * 1024) / group.connections).toFixed(1)} KiB`;
    notes.add(
      'Memory at the lowest level measured is RSS over connections: an upper bound, the process baseline included.',
    );
    return { label, text: `at most ${upper} (RSS / connections, the process baseline included)`, cell: `≤ ${upper}` };
  }
  const added = group.connections - base.connections;
  const kib = ((rss.median - baseRss.median) * 1024) / added;
  const noise = (Math.max(rss.max - rss.min, baseRss.max - baseRss.min) * 1024) / added;
  const span = `${count(base.connections)} to ${count(group.connections)} connections`;
  if (kib <= noise) {
    const under = noise >= 100 ? Math.round(noise).toLocaleString('en-US') : noise.toFixed(1);
    const bound = noise > 0 ? ` (under ${under} KiB, the trials' RSS spread)` : ' (RSS did not grow)';
    notes.add(
      `"Unresolved": the RSS growth from ${span} is within the trials' own RSS spread, below what the run can resolve.`,
    );
    return {
      label,
      text: `below what this run can resolve${bound}`,
      cell: noise > 0 ? `unresolved, < ${under} KiB` : 'unresolved',
    };
  }
  return { label, text: `${kib.toFixed(1)} KiB (RSS growth from ${span})`, cell: `${kib.toFixed(1)} KiB` };
}
