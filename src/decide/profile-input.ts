/**
 * Where a profile comes from: a YAML/JSON file (`--profile`), flags (which override the file
 * field by field; src/commands/decide-options.ts reads them), or the prompts. The merged result
 * is validated once by profile.ts.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../core/errors.js';

type Raw = Record<string, unknown>;

/**
 * Reads a YAML or JSON profile (YAML is a superset of JSON, but JSON errors read better from
 * JSON.parse). Every message names the file as `shown`, the path as typed, as the schema's do.
 */
export function readProfileFile(file: string, shown = file): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--profile ${shown}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the path; examples/decide-profile.yaml shows the format',
    );
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `--profile ${shown} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${parseErrorMessage(error)}`,
      'examples/decide-profile.yaml shows the format',
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(
      `--profile ${shown} must hold a mapping of profile fields (touches, skills, team, ...)`,
      'examples/decide-profile.yaml shows the format',
    );
  }
  return raw as Raw;
}

/** Flags win over the file, field by field; `skills` merges per language. */
export function mergeProfile(file: Raw, flags: Raw): Raw {
  const merged: Raw = { ...file, ...flags };
  if (flags.skills && file.skills && typeof file.skills === 'object')
    merged.skills = { ...(file.skills as Raw), ...(flags.skills as Raw) };
  return merged;
}

/**
 * A parser's message as one clause: JSON.parse quotes the start of the text ("vm-1..." is not
 * valid JSON), and the yaml parser ends its first line with a colon before drawing the line it
 * choked on; keep the cause and where it is, without either.
 */
export function parseErrorMessage(error: unknown): string {
  const message = (error as Error).message.split('\n')[0] ?? '';
  return message.replace(/, ".*$/, '').replace(/:\s*$/, '');
}
