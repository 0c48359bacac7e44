/** The README.md of an export folder: how to run the scripts and bring the results back. */
import { K6_CELL_TAGS, K6_RUNTIME_TAG } from '../tags.js';
import { CONFIG_MAP_NAME, READER_POD_NAME, RESULTS_CLAIM_NAME, RESULTS_MOUNT, testRunName } from './manifests.js';
import type { NotExported, ScriptPlan } from './plan.js';
import { k6Duration } from './script-parts.js';

export interface ReadmeFacts {
  scripts: ScriptPlan[];
  notExported: NotExported[];
  parallelism: number;
  baseUrl?: string;
  server?: string;
  verdictVersion: string;
}

export function exportReadme(facts: ReadmeFacts): string {
  const first = facts.scripts[0]!;
  const env = [facts.baseUrl ? '' : '-e BASE_URL=http://HOST:PORT', facts.server ? '' : '-e SERVER=NAME']
    .filter(Boolean)
    .join(' ');
  const lines = [
    '# verdict workloads for k6',
    '',
    `Written by \`verdict export k6\` (verdict ${facts.verdictVersion}). verdict only writes these files and reads`,
    "k6's output: it does not ship or link k6 (AGPL-3.0). Install k6 (v0.57 or later runs TypeScript)",
    'or k6-operator yourself.',
    '',
    '| script | levels | time per level |',
    '| --- | --- | --- |',
    ...facts.scripts.map(
      (s) => `| \`scripts/${s.file}\` | ${s.levels.join(', ')} ${s.levelLabel} | ${k6Duration(s.durationSeconds)} |`,
    ),
    '',
    ...(facts.notExported.length > 0
      ? ['Not exported:', '', ...facts.notExported.map((n) => `- \`${n.workload}\`: ${n.reason}.`), '']
      : []),
    `Every sample carries the tags ${K6_CELL_TAGS.map((t) => `\`${t}\``).join(', ')} (and \`${K6_RUNTIME_TAG}\` ` +
      `when known):`,
    '`verdict import k6` groups the samples into cells by them. The server under test is',
    facts.baseUrl ? `\`${facts.baseUrl}\` unless BASE_URL says otherwise;` : 'read from BASE_URL (required);',
    facts.server ? `its name is \`${facts.server}\` unless SERVER says otherwise.` : 'its name from SERVER (required).',
    'A script stops at start, saying so, when one it needs is missing.',
    '',
    '## On one machine',
    '',
    '```sh',
    `k6 run ${env ? `${env} ` : ''}--out json=${first.workload}.json scripts/${first.file}`,
    `verdict import k6 ${first.workload}.json`,
    '```',
    '',
    '## With k6-operator',
    '',
    `Each \`k8s/testrun-*.yaml\` runs one script on ${facts.parallelism} runners (\`spec.parallelism\`); k6-operator`,
    "splits each level's VUs (or rate) across them, so a level is the whole test's load. Each runner",
    `writes k6's JSON output to \`${RESULTS_MOUNT}/<its pod name>.json\` on the volume claim \`${RESULTS_CLAIM_NAME}\``,
    '(ReadWriteMany: the runners may be on different nodes; the k6 image runs as user 12345, and',
    '`fsGroup` lets it write where the storage supports it, else make the share writable for it).',
    ...(facts.baseUrl && facts.server
      ? []
      : ['Before applying a TestRun, add BASE_URL and SERVER to its `spec.runner.env`.']),
    '',
    '```sh',
    'kubectl apply -f k8s/results-pvc.yaml -f k8s/configmap.yaml',
    `kubectl apply -f k8s/testrun-${first.workload}.yaml`,
    `kubectl get testrun ${testRunName(first.workload)} -w          # until its stage is "finished"`,
    'kubectl apply -f k8s/results-reader.yaml',
    `kubectl wait --for=condition=Ready pod/${READER_POD_NAME}`,
    'mkdir -p results',
    `for f in $(kubectl exec ${READER_POD_NAME} -- ls ${RESULTS_MOUNT}); do`,
    `  kubectl cp ${READER_POD_NAME}:${RESULTS_MOUNT}/$f results/$f`,
    'done',
    // The runner pods are <TestRun>-<index>-<suffix>: the digit keeps verdict-users from matching verdict-users-open.
    `verdict import k6 results/${testRunName(first.workload)}-[0-9]*.json`,
    `kubectl delete pod ${READER_POD_NAME}`,
    '```',
    '',
    `\`k8s/configmap.yaml\` holds every script; \`kubectl create configmap ${CONFIG_MAP_NAME} --from-file=scripts/\``,
    'makes the same ConfigMap. Runner pods compete for their nodes like any pod: set',
    '`spec.separate: true` (one runner per node) and resources on `spec.runner` for load that is not',
    "limited by its own runners, and check the runners' CPU while the test runs.",
    '',
    '## What a k6 run cannot tell',
    '',
    "- The server's CPU and memory, and PostgreSQL's query counts: verdict measures them on its own",
    '  machine only; an imported file says they are not available.',
    '- Latency includes the network between the runners and the server: measure it (ping, or a',
    '  request to a static route) before comparing servers behind different networks.',
    "- Runners' clocks differ: a websocket delivery timed on one runner from a send on another",
    '  includes their offset; keep the nodes synchronised (NTP, chrony).',
    '- Thresholds are checked per runner, on its share of the load.',
    '',
  ];
  return lines.join('\n');
}
