/**
 * What each imported server is: its runtime (verdict compares Node.js with Python, so every
 * server needs one) and its variant. A `runtime` tag says it; else `--runtime NAME=node|python`
 * (read by src/commands/import-options.ts); else a server named like one of verdict's own
 * (node-fastify, python-fastapi-tuned, ...) is that server run elsewhere. A server of the user's
 * is a production one: "tuned", as for bench --target.
 */
import { UsageError } from '../core/errors.js';
import type { Cell } from '../results/schema.js';
import type { ServerManifest } from '../servers/manifest.js';

export const RUNTIMES = ['node', 'python'] as const;
export type Runtime = Cell['runtime'];

export const isRuntime = (value: string): value is Runtime => (RUNTIMES as readonly string[]).includes(value);

export interface ServerFacts {
  name: string;
  /** What the samples' `runtime` tags said, if anything. */
  runtimeTag: string | undefined;
}

export function resolveServer(
  facts: ServerFacts,
  flags: Map<string, Runtime>,
  manifests: readonly ServerManifest[],
): { runtime: Runtime; variant: Cell['variant'] } {
  const known = manifests.find((m) => m.name === facts.name);
  const tagged = facts.runtimeTag;
  if (tagged !== undefined && !isRuntime(tagged)) {
    throw new UsageError(
      `server '${facts.name}': tag runtime="${tagged}" is neither node nor python`,
      `tag it runtime=node or runtime=python, or drop the tag and give --runtime ${facts.name}=node|python`,
    );
  }
  const flagged = flags.get(facts.name);
  if (tagged !== undefined && flagged !== undefined && tagged !== flagged) {
    throw new UsageError(
      `server '${facts.name}': its samples are tagged runtime=${tagged} but --runtime says ${flagged}`,
      'drop --runtime for it or fix the tag',
    );
  }
  const runtime = tagged ?? flagged ?? known?.runtime;
  if (runtime === undefined) {
    throw new UsageError(
      `server '${facts.name}' has no runtime: no 'runtime' tag, no --runtime and not one of verdict's servers`,
      `add --runtime ${facts.name}=node or --runtime ${facts.name}=python`,
    );
  }
  if (known && known.runtime !== runtime) {
    throw new UsageError(
      `server '${facts.name}' is verdict's ${known.runtime} server, but the import says ${runtime}`,
      `rename the other server or fix its runtime`,
    );
  }
  return { runtime, variant: known?.variant ?? 'tuned' };
}

/** Names given with --runtime that no sample mentions: most likely a typo. */
export function strayRuntimeNames(flags: Map<string, Runtime>, servers: readonly string[]): string[] {
  return [...flags.keys()].filter((name) => !servers.includes(name));
}
