/** The flags of `verdict import` that need more than a typed reader: --runtime NAME=node|python. */
import type { FlagValue } from '../cli/args.js';
import { UsageError } from '../core/errors.js';
import { isRuntime, type Runtime } from '../import/servers.js';

/**
 * --runtime NAME=node|python, repeatable. A bare `--runtime node` names the runtime of the one
 * server given with --server (wrk's output names no server, so that is the usual case there).
 */
export function runtimeFlags(value: FlagValue, server: string | undefined): Map<string, Runtime> {
  const list = value === undefined ? [] : Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const found = new Map<string, Runtime>();
  for (const raw of list) {
    const match = /^(?:([^=\s]+)=)?(.*)$/.exec(raw)!;
    const name = match[1] ?? server;
    const runtime = match[2]!;
    if (name === undefined)
      throw new UsageError(
        `--runtime ${raw} does not say which server`,
        `write --runtime NAME=${isRuntime(runtime) ? runtime : 'node'}, or give --server NAME`,
      );
    if (!isRuntime(runtime))
      throw new UsageError(
        `--runtime ${raw}: the runtime must be node or python, got '${runtime}'`,
        `e.g. --runtime ${name}=node`,
      );
    if (found.has(name) && found.get(name) !== runtime)
      throw new UsageError(
        `--runtime names '${name}' twice with different runtimes`,
        `give each server's runtime once`,
      );
    found.set(name, runtime);
  }
  return found;
}
