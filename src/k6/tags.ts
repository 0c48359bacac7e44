/**
 * The tags every sample of an exported k6 script carries. `verdict import k6` groups k6's JSON
 * output into cells by exactly these names, so the exporter and the importer must agree on them.
 */
export const K6_CELL_TAGS = ['workload', 'level', 'server'] as const;

/** Added when the runtime of the server under test is known (its manifest, or --runtime). */
export const K6_RUNTIME_TAG = 'runtime';
