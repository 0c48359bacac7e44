/**
 * Finding the trials a check reads: the cell group for one side at one level, the levels a rule
 * selects, and why a group cannot be used (not measured, skipped, errored, too noisy).
 */
import { isErrored, isSkipped, type Results } from '../results/schema.js';
import { groupCells, parameterKey, type CellGroup } from '../results/groups.js';
import { levelLabelOf } from '../results/workload-facts.js';
import { mean, spread, type Spread } from '../measure/stats.js';
import type { Figure } from './figures.js';
import type { LevelRule, ParameterValues, Side } from './types.js';

export interface Series {
  group: CellGroup | undefined;
  values: number[];
  spread: Spread | undefined;
  /** Why these trials cannot decide anything; undefined when they can. */
  problem?: string;
}

export function matches(parameters: CellGroup['parameters'], wanted: ParameterValues): boolean {
  return Object.entries(wanted).every(([k, v]) => String(parameters[k]) === String(v));
}

export function describeSide(side: Side, chosen?: CellGroup): string {
  const parts = [side.server];
  if (side.workload) parts.push(`(${side.workload})`);
  if (side.parameters) parts.push(`[${parameterKey(side.parameters)}]`);
  if (side.bestOver) parts.push(`[best ${side.bestOver}${chosen ? `: ${chosen.parameters[side.bestOver]}` : ''}]`);
  return parts.join(' ');
}

/** The trials of one group, or why they cannot be used. */
export function readSeries(group: CellGroup | undefined, figure: Figure, what: string): Series {
  if (!group) return { group, values: [], spread: undefined, problem: `${what}: not measured in this run` };
  if (group.trials.every(isSkipped)) {
    return { group, values: [], spread: undefined, problem: `${what}: skipped (${group.trials[0]!.reason.sentence})` };
  }
  const errored = group.trials.filter(isErrored);
  if (errored.length > 0) {
    return {
      group,
      values: [],
      spread: undefined,
      problem: `${what}: ${errored.length} of ${group.trials.length} trials errored (${errored[0]!.reason})`,
    };
  }
  const values = group.completed
    .map((c) => figure.pick(c))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0)
    return { group, values, spread: undefined, problem: `${what}: ${figure.label} not recorded` };
  // The spread between trials is a warning with a remedy (report/warnings.ts), never a veto: the
  // interval the check is judged on already carries it.
  return { group, values, spread: spread(values) };
}

export class CellIndex {
  readonly groups: CellGroup[];
  private readonly plan: Results['plan'];

  constructor(results: Results) {
    this.groups = groupCells(results.cells);
    this.plan = results.plan;
  }

  /** The name of a workload's level as printed ("connections", "clients"), from the results file's plan. */
  levelLabel(workload: string): string {
    return levelLabelOf(this.plan, workload);
  }

  /** Groups of one server and workload whose parameters include `wanted`. */
  of(server: string, workload: string, wanted: ParameterValues = {}): CellGroup[] {
    return this.groups.filter((g) => g.server === server && g.workload === workload && matches(g.parameters, wanted));
  }

  /** The group a side reads at one level; with bestOver, the best usable one by mean figure. */
  pick(
    side: Side,
    workload: string,
    connections: number,
    split: ParameterValues,
    figure: Figure,
  ): CellGroup | undefined {
    const candidates = this.of(side.server, side.workload ?? workload, { ...split, ...side.parameters }).filter(
      (g) => g.connections === connections,
    );
    if (!side.bestOver || candidates.length <= 1) return candidates[0];
    const usable = candidates
      .map((g) => ({ g, m: mean(g.completed.map((c) => figure.pick(c)).filter((v): v is number => v !== null)) }))
      .filter((x) => Number.isFinite(x.m));
    if (usable.length === 0) return candidates[0];
    usable.sort((p, q) => (figure.better === 'higher' ? q.m - p.m : p.m - q.m));
    return usable[0]!.g;
  }
}

export type LevelChoice = { levels: number[]; problem?: undefined } | { levels: number[]; problem: string };

/**
 * The levels a rule selects from those measured (for a ratio, those measured on both sides). A
 * level where a side errored stays in, so the check says so instead of silently moving down.
 */
export function chooseLevels(rule: LevelRule, measured: number[], workload: string, label: string): LevelChoice {
  const sorted = [...new Set(measured)].sort((a, b) => a - b);
  if (sorted.length === 0) return { levels: [], problem: `${workload} not measured in this run` };
  switch (rule.kind) {
    case 'all':
      return { levels: sorted };
    case 'up-to': {
      const levels = sorted.filter((l) => l <= rule.max);
      return levels.length
        ? { levels }
        : {
            levels,
            problem:
              `no ${workload} level up to ${count(rule.max)} ${label} ` + `was measured (lowest: ${count(sorted[0]!)})`,
          };
    }
    case 'from': {
      const levels = sorted.filter((l) => l >= rule.min);
      return levels.length
        ? { levels }
        : {
            levels,
            problem:
              `no ${workload} level of ${count(rule.min)} ${label} or more was measured (highest: ` +
              `${count(sorted.at(-1)!)})`,
          };
    }
    case 'highest': {
      const top = sorted.at(-1)!;
      return top >= rule.atLeast
        ? { levels: [top] }
        : {
            levels: [],
            problem:
              `the highest ${workload} level measured is ${count(top)} ${label}; the claim needs at least ` +
              `${count(rule.atLeast)}`,
          };
    }
  }
}

const count = (n: number) => n.toLocaleString('en-US');

/** "1 connection", "100 connections". */
export function levelText(n: number, label: string): string {
  return `${count(n)} ${n === 1 ? label.replace(/s$/, '') : label}`;
}
