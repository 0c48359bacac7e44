import { readFileSync } from 'node:fs';

/**
 * verdict's own version, from its package.json: what `verdict --version` prints and what every
 * file verdict writes (results, calibrations, exports) records as the tool that wrote it. Read
 * relative to this module (src/util or dist/util), so importing it has no other side effects.
 */
export function verdictVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
}
