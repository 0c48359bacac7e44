/** Every workload verdict can run, in the order the bench runs them. */
import type { Workload } from './types.js';
import { usersWorkload } from './users.js';
import { usersUnvalidatedWorkload } from './users-unvalidated.js';
import { userByIdWorkload } from './user-by-id.js';
import { userByIdOpenWorkload, usersOpenWorkload } from './open-model.js';
import { fanoutWorkload } from './fanout.js';
import { computeWorkload } from './compute.js';
import { websocketWorkload } from './websocket.js';
import { sseWorkload } from './sse.js';

export type { Workload, CellContext, Measurement, Parameters, SetupContext, WorkloadResources } from './types.js';
export { CellSkipped } from './types.js';

export const WORKLOADS: readonly Workload[] = [
  usersWorkload,
  usersUnvalidatedWorkload,
  userByIdWorkload,
  usersOpenWorkload,
  userByIdOpenWorkload,
  fanoutWorkload,
  computeWorkload,
  websocketWorkload,
  sseWorkload,
];

export function workloadNamed(name: string): Workload | undefined {
  return WORKLOADS.find((w) => w.name === name);
}
