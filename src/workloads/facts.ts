/**
 * The facts every results file records about its workloads (plan.workloadFacts), from their
 * definitions here: the level's name, whether queries are counted, the charts and the columns.
 */
import type { WorkloadFacts } from '../results/schema.js';
import { GENERIC_WORKLOAD_FACTS } from '../results/workload-facts.js';
import { WORKLOADS } from './index.js';
import type { Workload } from './types.js';

export function workloadFacts(workload: Workload): WorkloadFacts {
  const columns = workload.report?.columns ?? {};
  return {
    levelLabel: workload.levelLabel,
    countsQueries: workload.countsQueries,
    charts: (workload.report?.charts ?? []).map((c) => ({ ...c })),
    columns: {
      rename: { ...columns.rename },
      hide: [...(columns.hide ?? [])],
      extra: (columns.extra ?? []).map((e) => ({ ...e })),
      keepsServerBusy: columns.keepsServerBusy ?? true,
      relativeThroughput: columns.relativeThroughput ?? true,
    },
  };
}

/**
 * The plan's record of the workloads a run measured, in the order the bench runs them (readers
 * draw charts in this order).
 */
export function describeWorkloads(workloads: readonly Workload[]): Record<string, WorkloadFacts> {
  const ordered = WORKLOADS.filter((w) => workloads.includes(w));
  const others = workloads.filter((w) => !WORKLOADS.includes(w));
  return Object.fromEntries([...ordered, ...others].map((w) => [w.name, workloadFacts(w)]));
}

/**
 * The same from workload names (an import's, whose cells name their workload): a name verdict
 * does not define gets the generic facts (connections, no query counting, no chart, generic columns).
 */
export function describeWorkloadNames(names: Iterable<string>): Record<string, WorkloadFacts> {
  const wanted = [...new Set(names)];
  const known = describeWorkloads(WORKLOADS.filter((w) => wanted.includes(w.name)));
  const unknown = wanted
    .filter((name) => !Object.hasOwn(known, name))
    .map((name) => [name, structuredClone(GENERIC_WORKLOAD_FACTS)] as const);
  return { ...known, ...Object.fromEntries(unknown) };
}
