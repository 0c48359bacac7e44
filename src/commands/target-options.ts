/**
 * `verdict bench --target NAME=URL` with its --runtime, --label and --variant NAME=VALUE pairs:
 * servers verdict did not start, as src/targets/target.ts measures them. Every value is checked
 * before anything starts, each error naming the flag and the target.
 */
import type { FlagValue } from '../cli/args.js';
import { UsageError } from '../core/errors.js';
import { variantSchema, type Variant } from '../results/schema.js';
import { RUNTIMES, type BenchTarget } from '../targets/target.js';

/** `NAME=VALUE` pairs of a repeatable flag, by name; a NAME given twice or a malformed pair is a usage error. */
/** An example value per flag, for the usage error's fix. */
const EXAMPLE_VALUES: Record<string, string> = {
  target: 'api=http://10.0.0.5:8080',
  runtime: 'api=node',
  variant: 'api=tuned',
};

function pairs(flag: string, value: FlagValue): Map<string, string> {
  const list = value === undefined ? [] : Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const found = new Map<string, string>();
  for (const raw of list) {
    const match = /^([a-z0-9][a-z0-9-]*)=(.+)$/.exec(raw);
    if (!match)
      throw new UsageError(
        `--${flag} must be NAME=VALUE with a name of lower-case letters, digits and dashes, got '${raw}'`,
        `e.g. --${flag} ${EXAMPLE_VALUES[flag] ?? 'api=staging'}`,
      );
    if (found.has(match[1]!))
      throw new UsageError(`--${flag} names '${match[1]}' twice`, `give each target's --${flag} once`);
    found.set(match[1]!, match[2]!);
  }
  return found;
}

/** A base URL for the workloads' paths: http(s), no path beyond '/', no query. */
function targetUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--target ${name}=${raw}: not a URL`,
      `give the server's base URL, e.g. --target ${name}=http://10.0.0.5:8080`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(
      `--target ${name}=${raw}: the URL must start with http:// or https://`,
      `e.g. --target ${name}=http://10.0.0.5:8080`,
    );
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    throw new UsageError(
      `--target ${name}=${raw}: give the base URL only (the workloads add /api/users and the other paths)`,
      `e.g. --target ${name}=${url.origin}`,
    );
  return url.origin;
}

/** --target, --runtime, --label and --variant into targets; an empty list when no --target was given. */
export function parseTargets(flags: Record<string, FlagValue>): BenchTarget[] {
  const urls = pairs('target', flags.target);
  const runtimes = pairs('runtime', flags.runtime);
  const labels = pairs('label', flags.label);
  const variants = pairs('variant', flags.variant);
  for (const [flag, given] of [
    ['runtime', runtimes],
    ['label', labels],
    ['variant', variants],
  ] as const) {
    const stray = [...given.keys()].find((name) => !urls.has(name));
    if (stray)
      throw new UsageError(
        `--${flag} ${stray}=...: there is no --target ${stray}`,
        `add --target ${stray}=URL or fix the name`,
      );
  }
  return [...urls].map(([name, raw]) => {
    const runtime = runtimes.get(name);
    if (runtime === undefined)
      throw new UsageError(
        `--target ${name} needs its runtime: verdict compares Node.js with Python`,
        `add --runtime ${name}=node or --runtime ${name}=python`,
      );
    if (!(RUNTIMES as readonly string[]).includes(runtime))
      throw new UsageError(`--runtime ${name}= must be node or python, got '${runtime}'`);
    const variant = variants.get(name) ?? 'tuned';
    if (!variantSchema.safeParse(variant).success)
      throw new UsageError(`--variant ${name}= must be one of ${variantSchema.options.join(', ')}, got '${variant}'`);
    return {
      name,
      url: targetUrl(name, raw),
      runtime: runtime as BenchTarget['runtime'],
      label: labels.get(name) ?? '',
      variant: variant as Variant,
    };
  });
}
