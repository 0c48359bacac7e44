/** The run's context as rows of label and value, shared by the Markdown and HTML reports. */
import { indicativePhrase, isIndicative } from '../claims/indicative.js';
import { calibrationRows } from '../calibrate/render.js';
import type { Results } from '../results/schema.js';
import { sourceRows } from './source-rows.js';

export function environmentRows(results: Results): [string, string][] {
  const env = results.environment;
  const plan = results.plan;
  const levels = Object.entries(plan.levels)
    .map(([w, l]) => `${w}: ${l.join(', ')}`)
    .join('; ');
  const maxConnections =
    env.database.maxConnections === null
      ? 'max connections not known'
      : `max ${env.database.maxConnections} connections`;
  const queryCounting = !env.database.queryCounting
    ? 'off'
    : isIndicative(plan) && results.cells.every((c) => c.outcome !== 'completed' || c.queriesPerRequest === null)
      ? 'not used by --quick'
      : 'on';
  return [
    ['CPU', `${env.cpuModel}, ${env.cores} cores`],
    ['memory', `${env.memoryMb.toLocaleString('en-US')} MB`],
    ['OS', `${env.os}, kernel ${env.kernel}`],
    ['Node.js', env.node],
    ['Python', env.python ?? '–'],
    [
      'PostgreSQL',
      `${env.postgres} (${env.database.embedded ? 'embedded' : 'external'}, ${maxConnections}, ` +
        `${env.database.rows.toLocaleString('en-US')} rows, query counting ${queryCounting})`,
    ],
    ['pinning', env.pinning.note],
    ['load generator', `${env.loadGenerator.driver} ${env.loadGenerator.version}`],
    ...(results.calibration ? calibrationRows(results.calibration, env.loadGenerator.driver) : []),
    ['process model', env.processModel],
    [
      'plan',
      `${plan.rounds} interleaved round${plan.rounds === 1 ? '' : 's'} of ${plan.durationSeconds} s trials ` +
        `after ${plan.warmupSeconds} s warm-up${isIndicative(plan) ? ` (quick: ${indicativePhrase(plan)})` : ''}; ` +
        `timeout ${plan.timeoutSeconds} s`,
    ],
    [
      'method',
      `seed ${plan.seed}; ${Math.round(plan.confidence * 100)}% intervals; looks at ` +
        `${plan.looks.map((l) => `${l.rounds} rounds (${+(l.level * 100).toFixed(2)}%)`).join(', ')}; extra ` +
        `rounds budget ${plan.budgetSeconds} s; A/A pair ${plan.aaServer ?? 'none'}`,
    ],
    ['levels', levels],
    ...sourceRows(results),
    [
      'run',
      `${results.id}: ${results.createdAt} to ${results.finishedAt ?? '–'}, status ${results.status}, verdict ` +
        `${results.tool.version}`,
    ],
  ];
}

export function serverRows(results: Results): { headers: string[]; rows: string[][] } {
  return {
    headers: ['server', 'runtime', 'variant', 'pool', 'processes', 'pinned to', 'libraries'],
    rows: results.servers.map((s) => [
      s.name,
      s.runtime,
      s.variant,
      s.poolSize === null ? 'none' : `${s.poolSize}${s.poolLibrary ? ` (${s.poolLibrary})` : ''}`,
      String(s.workers),
      s.pinnedTo ?? '–',
      Object.entries(s.libraries)
        .map(([name, version]) => `${name} ${version}`)
        .join(', '),
    ]),
  };
}
