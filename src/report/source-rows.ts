/**
 * Where a run's measurements came from when verdict did not start the servers (results.source):
 * the servers it was pointed at and what it could not measure, as rows of label and value for the
 * terminal summary, the Markdown and the HTML report. None for an ordinary run.
 */
import type { Results } from '../results/schema.js';

export function sourceRows(results: Results): [string, string][] {
  const source = results.source;
  if (!source) return [];
  const servers = source.targets
    .map((t) => `${t.name} (${t.runtime}) at ${t.url}${t.label ? `: ${t.label}` : ''}`)
    .join('; ');
  return [
    [
      source.kind === 'targets'
        ? 'targets (not started by verdict)'
        : `imported from ${source.engine.name} ${source.engine.version}`,
      servers || '–',
    ],
    ...(source.notAvailable.length ? [['not available', source.notAvailable.join(' ')] as [string, string]] : []),
  ];
}
