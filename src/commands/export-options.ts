/** The flags of `verdict export k6`, read and checked before anything is written. */
import { resolve } from 'node:path';
import { DEFAULTS } from '../bench/options.js';
import type { FlagSpec, ParsedInput } from '../cli/args.js';
import {
  booleanFlag,
  durationValue,
  enumValue,
  integerListValue,
  integerValue,
  namesValue,
  stringFlag,
} from '../cli/values.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_ROWS } from '../database/seed.js';
import {
  DEFAULT_EXPORT_SECONDS,
  DEFAULT_IMAGE,
  DEFAULT_PARALLELISM,
  DEFAULT_RESULTS_SIZE,
  type ExportOptions,
} from '../k6/export/options.js';
import type { ServerManifest } from '../servers/manifest.js';
import { WORKLOADS } from '../workloads/index.js';

export const exportFlags: Record<string, FlagSpec> = {
  out: {
    type: 'string',
    value: 'DIR',
    description: 'Folder to write the scripts, manifests and README to (must be empty or missing, unless --force).',
  },
  target: {
    type: 'string',
    value: 'URL',
    description:
      'The server under test, e.g. http://api.internal:3000; without it the scripts read BASE_URL from their ' +
      'environment.',
  },
  'base-url': { type: 'string', value: 'URL', description: 'The same as --target.' },
  server: {
    type: 'string',
    value: 'NAME',
    description: "The server's name for the `server` tag; without it the scripts read SERVER from their environment.",
  },
  runtime: {
    type: 'string',
    value: 'RUNTIME',
    description: "node or python, tagged as `runtime` (known already when --server names one of verdict's servers).",
  },
  workloads: {
    type: 'string',
    value: 'LIST',
    description: `Comma-separated workloads: ${WORKLOADS.map((w) => w.name).join(', ')}.`,
    default: 'all',
  },
  levels: {
    type: 'string',
    value: 'LIST',
    description: 'Connections for the connection-level workloads, as verdict bench --levels.',
    default: "each workload's own",
  },
  rates: {
    type: 'string',
    value: 'LIST',
    description: 'Requests per second for the open-model workloads.',
    default: "each workload's own",
  },
  duration: { type: 'string', value: 'TIME', description: 'Time per level.', default: `${DEFAULT_EXPORT_SECONDS}s` },
  timeout: {
    type: 'string',
    value: 'TIME',
    description: 'A request slower than this fails, as verdict bench --timeout.',
    default: `${DEFAULTS.timeoutSeconds}s`,
  },
  rows: {
    type: 'string',
    value: 'N',
    description: "Users in the target's database: user-by-id draws ids from 1 to N.",
    default: String(DEFAULT_ROWS),
  },
  parallelism: {
    type: 'string',
    value: 'N',
    description: 'k6-operator runners per TestRun; the load of a level is split across them.',
    default: String(DEFAULT_PARALLELISM),
  },
  image: {
    type: 'string',
    value: 'IMAGE',
    description: "The runners' k6 image (k6 v0.57 or later runs TypeScript).",
    default: DEFAULT_IMAGE,
  },
  'results-size': {
    type: 'string',
    value: 'SIZE',
    description: "Storage requested for the runners' JSON output.",
    default: DEFAULT_RESULTS_SIZE,
  },
  force: {
    type: 'boolean',
    description: 'Write into a folder that is not empty (files of the same name are replaced, others are left).',
  },
  json: { type: 'boolean', description: 'Print a JSON summary of what was written on stdout.' },
};

export function parseExportOptions(
  input: ParsedInput,
  manifests: readonly ServerManifest[],
  cwd: string,
): ExportOptions {
  const { flags } = input;
  const text = (name: string) => stringFlag(flags, name);
  const out = text('out');
  if (out === undefined || out.trim() === '')
    throw new UsageError("'verdict export k6' needs --out DIR", 'name a new or empty folder, e.g. --out k6-export');
  if (text('target') !== undefined && text('base-url') !== undefined)
    throw new UsageError('--target and --base-url are the same option', 'give one of them');
  const baseUrlFlag = text('target') !== undefined ? 'target' : 'base-url';
  const baseUrl = text(baseUrlFlag) === undefined ? undefined : urlValue(baseUrlFlag, text(baseUrlFlag)!);
  const server = text('server');
  if (server !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(server)) {
    throw new UsageError(
      `--server must be a name of letters, digits, dots, dashes and underscores, got '${server}'`,
      'it becomes the `server` tag of every sample',
    );
  }
  // verdict's own servers say their runtime in their manifests; anything else needs --runtime.
  const known = manifests.find((m) => m.name === server);
  const runtimeFlag =
    text('runtime') === undefined ? undefined : enumValue('runtime', text('runtime')!, ['node', 'python'] as const);
  if (known && runtimeFlag && runtimeFlag !== known.runtime)
    throw new UsageError(
      `--runtime ${runtimeFlag} contradicts ${known.name}'s manifest (${known.runtime})`,
      "leave --runtime out for verdict's own servers",
    );
  const workloadNames =
    text('workloads') && text('workloads') !== 'all'
      ? namesValue(
          'workloads',
          text('workloads')!,
          WORKLOADS.map((w) => w.name),
        )
      : WORKLOADS.map((w) => w.name);
  const size = text('results-size') ?? DEFAULT_RESULTS_SIZE;
  if (!/^[1-9]\d*(Ki|Mi|Gi|Ti)$/.test(size))
    throw new UsageError(`--results-size must be a Kubernetes quantity such as 500Mi or 2Gi, got '${size}'`);
  const image = text('image') ?? DEFAULT_IMAGE;
  if (image.trim() === '' || /\s/.test(image))
    throw new UsageError(`--image must be an image reference such as grafana/k6:1.0.0, got '${image}'`);
  return {
    out: resolve(cwd, out),
    ...(baseUrl ? { baseUrl } : {}),
    ...(server ? { server } : {}),
    ...((known?.runtime ?? runtimeFlag) ? { runtime: known?.runtime ?? runtimeFlag } : {}),
    workloads: WORKLOADS.filter((w) => workloadNames.includes(w.name)),
    ...(text('levels') ? { connections: integerListValue('levels', text('levels')!, { min: 1, max: 1_000_000 }) } : {}),
    ...(text('rates') ? { rates: integerListValue('rates', text('rates')!, { min: 1, max: 10_000_000 }) } : {}),
    durationSeconds: text('duration')
      ? durationValue('duration', text('duration')!, { min: 1, max: 86_400 })
      : DEFAULT_EXPORT_SECONDS,
    timeoutSeconds: text('timeout')
      ? durationValue('timeout', text('timeout')!, { min: 1, max: 120 })
      : DEFAULTS.timeoutSeconds,
    rows: text('rows') ? integerValue('rows', text('rows')!, { min: 1, max: 2_147_483_647 }) : DEFAULT_ROWS,
    parallelism: text('parallelism')
      ? integerValue('parallelism', text('parallelism')!, { min: 1, max: 1_000 })
      : DEFAULT_PARALLELISM,
    image,
    resultsSize: size,
    force: booleanFlag(flags, 'force'),
    json: booleanFlag(flags, 'json'),
  };
}

function urlValue(flag: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--${flag} must be an http:// or https:// URL such as http://api.internal:3000, got '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--${flag} must be an http:// or https:// URL, got '${raw}'`);
  if (url.search || url.hash)
    throw new UsageError(`--${flag} must be the server's base URL without a query or fragment, got '${raw}'`);
  return raw.replace(/\/+$/, '');
}
