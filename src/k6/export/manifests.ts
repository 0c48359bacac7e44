/**
 * The Kubernetes manifests of an export, for k6-operator (github.com/grafana/k6-operator):
 *
 * - a ConfigMap holding every script (the TestRun reads its script from it);
 * - a PersistentVolumeClaim the runners write their JSON output to: a runner's own emptyDir
 *   would vanish with its pod, and `kubectl cp` needs a running container, which a finished
 *   runner no longer has;
 * - one TestRun per script: `parallelism` runners, each writing k6's JSON output to
 *   /results/<its pod name>.json (the pod name comes from the downward API, and Kubernetes
 *   expands `$(NAME)` in a container's command, where k6-operator puts `arguments`);
 * - a reader pod that mounts the claim, to copy the files back with `kubectl cp`.
 *
 * Field names follow the TestRun CRD (k6.io/v1alpha1; test/fixtures/k6-operator/ keeps its
 * schema, which the tests validate every TestRun against). `arguments` rather than the newer
 * `args` keeps older operator releases working.
 */
import { stringify } from 'yaml';
import type { ScriptPlan } from './plan.js';

export const CONFIG_MAP_NAME = 'verdict-k6-scripts';
export const RESULTS_CLAIM_NAME = 'verdict-k6-results';
export const READER_POD_NAME = 'verdict-k6-results-reader';
export const RESULTS_MOUNT = '/results';
/** The environment variable holding the runner's pod name, which names its output file. */
export const RUNNER_POD_VARIABLE = 'K6_RUNNER_POD';
/**
 * The grafana/k6 image runs as user and group 12345 (its Dockerfile); fsGroup lets that user
 * write to the claim where the volume type supports it.
 */
const K6_IMAGE_GROUP = 12345;
/** A small, pinned image for the reader pod: it only has to run `sleep` and `tar` (kubectl cp). */
const READER_IMAGE = 'busybox:1.36';

export interface ManifestSettings {
  parallelism: number;
  image: string;
  baseUrl?: string;
  server?: string;
  runtime?: string;
  resultsSize: string;
}

const labels = (extra: Record<string, string> = {}) => ({ 'app.kubernetes.io/part-of': 'verdict', ...extra });

export const testRunName = (workload: string) => `verdict-${workload}`;

/**
 * k6's JSON output carries no version of its own: an image pinned to a version (grafana/k6:1.2.3)
 * tags every sample with it, which `verdict import k6` records as the engine's version.
 */
function versionTag(image: string): string[] {
  const version = /:v?(\d+\.\d+\.\d+)$/.exec(image)?.[1];
  return version ? [`--tag k6_version=${version}`] : [];
}

export function testRun(plan: ScriptPlan, settings: ManifestSettings): Record<string, unknown> {
  const env: Record<string, unknown>[] = [
    { name: RUNNER_POD_VARIABLE, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  ];
  if (settings.baseUrl) env.push({ name: 'BASE_URL', value: settings.baseUrl });
  if (settings.server) env.push({ name: 'SERVER', value: settings.server });
  if (settings.runtime) env.push({ name: 'RUNTIME', value: settings.runtime });
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name: testRunName(plan.workload), labels: labels({ 'verdict.dev/workload': plan.workload }) },
    spec: {
      parallelism: settings.parallelism,
      script: { configMap: { name: CONFIG_MAP_NAME, file: plan.file } },
      arguments: [`--out json=${RESULTS_MOUNT}/$(${RUNNER_POD_VARIABLE}).json`, ...versionTag(settings.image)].join(
        ' ',
      ),
      runner: {
        image: settings.image,
        env,
        securityContext: { fsGroup: K6_IMAGE_GROUP },
        volumes: [{ name: 'results', persistentVolumeClaim: { claimName: RESULTS_CLAIM_NAME } }],
        volumeMounts: [{ name: 'results', mountPath: RESULTS_MOUNT }],
      },
    },
  };
}

export function scriptsConfigMap(scripts: { file: string; text: string }[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CONFIG_MAP_NAME, labels: labels() },
    data: Object.fromEntries(scripts.map((s) => [s.file, s.text])),
  };
}

/** ReadWriteMany: the runners of one TestRun may sit on different nodes and write at once. */
export function resultsClaim(size: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: RESULTS_CLAIM_NAME, labels: labels() },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: size } } },
  };
}

export function readerPod(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: READER_POD_NAME, labels: labels() },
    spec: {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'reader',
          image: READER_IMAGE,
          // An hour to copy the files, then it ends by itself.
          command: ['sleep', '3600'],
          volumeMounts: [{ name: 'results', mountPath: RESULTS_MOUNT, readOnly: true }],
        },
      ],
      volumes: [{ name: 'results', persistentVolumeClaim: { claimName: RESULTS_CLAIM_NAME, readOnly: true } }],
    },
  };
}

export const toYaml = (document: Record<string, unknown>) => stringify(document, { lineWidth: 0 });
