/**
 * verdict's entry point: find the verb, parse its flags, run it, exit with its code.
 * Verbs are loaded lazily so `verdict --help` does not pay for the benchmark's imports.
 */
import { parseCommandLine, renderHelp, type CommandSpec } from './cli/args.js';
import { describeError, ExitCode, VerdictError } from './core/errors.js';
import { processOutput, writeLine, type Output } from './core/output.js';
import { commandIndex } from './commands/index.js';
import { runCleanups } from './util/lifecycle.js';
import { verdictVersion } from './util/version.js';

function topLevelHelp(): string {
  const width = Math.max(...commandIndex.map((c) => c.name.length));
  return [
    'verdict: settles "Node.js or Python for this backend?" with measurements instead of opinion.',
    '',
    'Usage: verdict <command> [options]',
    '',
    'Commands:',
    ...commandIndex.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'verdict <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export async function main(argv: string[], out: Output = processOutput()): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    out.stdout.write(topLevelHelp());
    return ExitCode.ok;
  }
  if (verb === '--version' || verb === '-V') {
    writeLine(out.stdout, verdictVersion());
    return ExitCode.ok;
  }
  const entry = commandIndex.find((c) => c.name === verb);
  if (!entry) {
    writeLine(out.stderr, `verdict: unknown command '${verb}'; run 'verdict --help' to see the commands`);
    return ExitCode.usage;
  }
  let command: CommandSpec | undefined;
  try {
    command = await entry.load();
    const input = parseCommandLine(command, rest);
    if (input.help) {
      out.stdout.write(renderHelp(command));
      return ExitCode.ok;
    }
    return await command.run(input, out);
  } catch (error) {
    writeLine(out.stderr, `verdict: ${describeError(error)}`);
    if (!(error instanceof VerdictError) && out.env.VERDICT_DEBUG)
      writeLine(out.stderr, String((error as Error).stack));
    return error instanceof VerdictError ? error.exitCode : ExitCode.failure;
  } finally {
    await runCleanups();
  }
}
