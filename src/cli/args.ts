/**
 * A small declarative layer over node:util parseArgs: every verb declares its flags once, and
 * gets strict parsing, one-line errors that name the flag, and a generated --help.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import type { Output } from '../core/output.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help, e.g. `N` or `LIST`. */
  value?: string;
  description: string;
  /** The default as shown in help; commands apply their own defaults when validating. */
  default?: string;
  multiple?: boolean;
  /** Parsed (to answer it with a clear message) but not listed in --help: a flag that was replaced. */
  hidden?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  /** The last positional only: it takes every remaining argument (e.g. one file per runner). */
  variadic?: boolean;
}

export type FlagValue = string | boolean | string[] | undefined;

export interface ParsedInput {
  flags: Record<string, FlagValue>;
  positionals: string[];
}

export interface CommandSpec {
  name: string;
  summary: string;
  description?: string;
  flags: Record<string, FlagSpec>;
  positionals?: PositionalSpec[];
  examples?: string[];
  run(input: ParsedInput, out: Output): Promise<number>;
}

const helpFlag: FlagSpec = { type: 'boolean', short: 'h', description: 'Show this help and exit.' };

export function parseCommandLine(spec: CommandSpec, argv: string[]): ParsedInput & { help: boolean } {
  const options = Object.fromEntries(
    Object.entries({ ...spec.flags, help: helpFlag }).map(([name, flag]) => [
      name,
      { type: flag.type, ...(flag.short ? { short: flag.short } : {}), ...(flag.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw translateParseError(spec.name, error);
  }
  const { help, ...flags } = parsed.values as Record<string, FlagValue>;
  const positionals = parsed.positionals;
  if (!help) checkPositionals(spec, positionals);
  return { flags, positionals, help: help === true };
}

function checkPositionals(spec: CommandSpec, positionals: string[]): void {
  const declared = spec.positionals ?? [];
  const required = declared.filter((p) => p.required);
  if (positionals.length < required.length) {
    const missing = required[positionals.length]!;
    throw new UsageError(
      `'verdict ${spec.name}' needs <${missing.name}> (${missing.description})`,
      `run 'verdict ${spec.name} --help'`,
    );
  }
  if (positionals.length > declared.length && !declared.at(-1)?.variadic) {
    const extra = positionals[declared.length];
    throw new UsageError(
      `unexpected argument '${extra}' for 'verdict ${spec.name}'`,
      `run 'verdict ${spec.name} --help'`,
    );
  }
}

/** node:util's messages are long and mention internals; say the same in one line with the fix. */
function translateParseError(command: string, error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  const fix = `run 'verdict ${command} --help' to see its options`;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${flag} for 'verdict ${command}'`, fix);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('argument missing')) return new UsageError(`${flag} needs a value`, fix);
      // A value that starts with a dash (-5) looks like another option to parseArgs.
      if (message.includes('ambiguous'))
        return new UsageError(`${flag} needs a value`, `write a value that starts with a dash as ${flag}=-VALUE`);
      return new UsageError(`${flag} does not take a value`, fix);
    default:
      return new UsageError(message.split('\n')[0] ?? message, fix);
  }
}

export function renderHelp(spec: CommandSpec): string {
  const lines: string[] = [];
  const positionals = (spec.positionals ?? [])
    .map((p) => `${p.required ? `<${p.name}>` : `[${p.name}]`}${p.variadic ? '...' : ''}`)
    .join(' ');
  lines.push(`Usage: verdict ${spec.name} [options]${positionals ? ` ${positionals}` : ''}`, '', spec.summary);
  if (spec.description) lines.push('', spec.description);
  if (spec.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(24)} ${p.description}`);
  }
  lines.push('', 'Options:');
  for (const [name, flag] of Object.entries({ ...spec.flags, help: helpFlag })) {
    if (flag.hidden) continue;
    const short = flag.short ? `-${flag.short}, ` : '    ';
    const label = `${short}--${name}${flag.type === 'string' ? ` <${flag.value ?? 'value'}>` : ''}`;
    const suffix = flag.default !== undefined ? ` (default: ${flag.default})` : '';
    lines.push(`  ${label.padEnd(28)} ${flag.description}${suffix}`);
  }
  if (spec.examples?.length) {
    lines.push('', 'Examples:');
    for (const example of spec.examples) lines.push(`  ${example}`);
  }
  return `${lines.join('\n')}\n`;
}
