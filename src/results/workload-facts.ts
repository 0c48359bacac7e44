/**
 * Reading a workload's facts from a results file's plan (written by the bench from the workload's
 * definition, by an import, by a targets run): readers ask here instead of guessing from its name.
 */
import type { Plan, WorkloadFacts } from './schema.js';

/**
 * The facts of a workload the file does not describe (a name an import was given that verdict
 * does not know): levels are connections, queries are not counted, no chart, the generic columns.
 */
export const GENERIC_WORKLOAD_FACTS: WorkloadFacts = {
  levelLabel: 'connections',
  countsQueries: false,
  charts: [],
  columns: { rename: {}, hide: [], extra: [], keepsServerBusy: true, relativeThroughput: true },
};

export function factsOf(plan: Pick<Plan, 'workloadFacts'>, workload: string): WorkloadFacts {
  return Object.hasOwn(plan.workloadFacts, workload) ? plan.workloadFacts[workload]! : GENERIC_WORKLOAD_FACTS;
}

/** The level's name as printed: "connections", "clients", "req/s offered". */
export function levelLabelOf(plan: Pick<Plan, 'workloadFacts'>, workload: string): string {
  return factsOf(plan, workload).levelLabel;
}

/** The workloads drawn in a chart family, in the file's order, with the metric each names. */
export function chartedWorkloads(
  plan: Pick<Plan, 'workloadFacts'>,
  family: WorkloadFacts['charts'][number]['family'],
): { workload: string; metric: string | undefined }[] {
  return Object.entries(plan.workloadFacts).flatMap(([workload, facts]) =>
    facts.charts.filter((c) => c.family === family).map((c) => ({ workload, metric: c.metric })),
  );
}
