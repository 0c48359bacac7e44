/**
 * Groups a run's cells the way every renderer reads them: one group per server, workload,
 * parameter set and level, holding that cell's trials.
 */
import { isCompleted, type Cell, type CompletedCell, type Results } from './schema.js';
import { spread, type Spread } from '../measure/stats.js';

export interface CellGroup {
  server: string;
  runtime: Cell['runtime'];
  variant: Cell['variant'];
  workload: string;
  parameters: Cell['parameters'];
  connections: number;
  trials: Cell[];
  completed: CompletedCell[];
}

export function parameterKey(parameters: Cell['parameters']): string {
  return Object.entries(parameters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function groupCells(cells: readonly Cell[]): CellGroup[] {
  const groups = new Map<string, CellGroup>();
  for (const cell of cells) {
    // The A/A replicate is the same server again: it feeds the noise floor, not the tables.
    if (cell.aa) continue;
    const key = [cell.server, cell.workload, parameterKey(cell.parameters), cell.connections].join('|');
    let group = groups.get(key);
    if (!group) {
      group = {
        server: cell.server,
        runtime: cell.runtime,
        variant: cell.variant,
        workload: cell.workload,
        parameters: cell.parameters,
        connections: cell.connections,
        trials: [],
        completed: [],
      };
      groups.set(key, group);
    }
    group.trials.push(cell);
    if (isCompleted(cell)) group.completed.push(cell);
  }
  return [...groups.values()];
}

/** The spread of one numeric field over a group's completed trials, or undefined when none has it. */
export function fieldSpread(
  group: CellGroup,
  pick: (cell: CompletedCell) => number | null | undefined,
): Spread | undefined {
  const values = group.completed.map(pick).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return values.length ? spread(values) : undefined;
}

/** A group of a server that does not implement the workload at all: nothing to show. */
export function notImplemented(group: CellGroup): boolean {
  return group.trials.every((c) => c.outcome === 'skipped' && c.reason.code === 'not-implemented');
}

/** Servers in the order the results list them. */
export function serverOrder(results: Results): string[] {
  return results.servers.map((s) => s.name);
}
