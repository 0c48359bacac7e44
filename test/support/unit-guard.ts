/**
 * The `unit` project's promise, checked (vitest.config.ts loads this before each unit test file):
 * a unit test starts no child process, directly or through the code it calls. PostgreSQL, the
 * servers under test, the browser, wrk and the built CLI are all child processes, so a unit test
 * that reaches one of them fails here, naming the command, and belongs in `integration`.
 *
 * node:child_process's named ESM exports are live bindings of the CommonJS module:
 * syncBuiltinESMExports() makes `import { spawn } from 'node:child_process'` see the wrapped ones.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { afterEach, expect } from 'vitest';

const childProcess = createRequire(import.meta.url)('node:child_process') as Record<
  string,
  (...args: unknown[]) => unknown
>;
/**
 * Read-only questions to the system that src/ asks once, as a module loads: src/measure/proc.ts
 * and idle.ts read the clock tick and page size with getconf. Nothing is started that outlives
 * the call, and every test that imports the results model would otherwise count as integration.
 */
const ALLOWED = new Set(['getconf']);
/** Kept on globalThis: the unit project shares one module registry between files (isolate: false). */
const state = globalThis as typeof globalThis & { unitGuardStarted?: string[] };

if (!state.unitGuardStarted) {
  const started: string[] = (state.unitGuardStarted = []);
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    const original = childProcess[name]!;
    childProcess[name] = (command: unknown, args?: unknown, ...rest: unknown[]) => {
      if (ALLOWED.has(String(command))) return original(command, args, ...rest);
      const line = [command, ...(Array.isArray(args) ? args : [])].map(String).join(' ');
      started.push(`${name}: ${line}`);
      throw new Error(
        `a unit test started a child process (${name} ${line}): move the test to the integration project ` +
          `(vitest.config.ts)`,
      );
    };
  }
  syncBuiltinESMExports();
}

afterEach(() => {
  // Code that catches the error above (and, say, reports a tool as missing) must still fail the test.
  const seen = state.unitGuardStarted!.splice(0);
  expect(seen, 'child processes this unit test started').toEqual([]);
});
