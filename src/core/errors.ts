/**
 * Errors a user can act on. Each carries the cause and the fix, so the CLI can print one line
 * (hyperfine's messages name the option to change) and exit with a meaningful code.
 */

/** Exit codes shared by every verb. */
export const ExitCode = {
  ok: 0,
  /** Something ran but failed: a server crashed, a cell errored, a regression was found. */
  failure: 1,
  /**
   * The command line or an input file was wrong, or `verdict setup` could not make the machine
   * ready (a package manager or pip failed): nothing was measured; fix the cause and run again.
   */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2, as shells report it). */
  interrupted: 130,
} as const;

/** A problem with the environment or a run, with the command that fixes it. */
export class VerdictError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
    readonly exitCode: number = ExitCode.failure,
  ) {
    super(message);
    this.name = 'VerdictError';
  }

  /** The one line the CLI prints: the cause, then the fix. */
  oneLine(): string {
    return this.fix ? `${this.message}; ${this.fix}` : this.message;
  }
}

/** A bad flag, value or input file. Always exit code 2, always names the flag or field. */
export class UsageError extends VerdictError {
  constructor(message: string, fix?: string) {
    super(message, fix, ExitCode.usage);
    this.name = 'UsageError';
  }
}

/** Turns anything thrown into the single line a user sees. */
export function describeError(error: unknown): string {
  if (error instanceof VerdictError) return error.oneLine();
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error);
}
