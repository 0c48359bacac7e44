/**
 * The verbs, with a one-line summary each. Modules are imported only when their verb runs.
 */
import type { CommandSpec } from '../cli/args.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandSpec>;
}

export const commandIndex: CommandEntry[] = [
  {
    name: 'setup',
    summary: 'Create the Python virtual environment the Python servers run in.',
    load: async () => (await import('./setup.js')).command,
  },
  {
    name: 'doctor',
    summary: 'Check Node, Python, PostgreSQL and optional tools; print each with its fix.',
    load: async () => (await import('./doctor.js')).command,
  },
  {
    name: 'bench',
    summary: "Run the guide's endpoint and its other claims as workloads on every server, against a real PostgreSQL.",
    load: async () => (await import('./bench.js')).command,
  },
  {
    name: 'calibrate',
    summary: "Measure the load generator's ceiling on this machine and each driver's fidelity against wrk.",
    load: async () => (await import('./calibrate.js')).command,
  },
  {
    name: 'servers',
    summary: 'List the servers under test, or start one against a fresh database.',
    load: async () => (await import('./servers.js')).command,
  },
  {
    name: 'decide',
    summary: 'Recommend Node.js, Python or a hybrid for a described project, with costs, evidence and an ADR.',
    load: async () => (await import('./decide.js')).command,
  },
  {
    name: 'report',
    summary:
      "Test the guide's claims against a results file; print or write the report (terminal, Markdown, HTML, JSON).",
    load: async () => (await import('./report.js')).command,
  },
  {
    name: 'compare',
    summary: 'Compare two results files cell by cell: ratios with their error, and changes beyond the noise.',
    load: async () => (await import('./compare.js')).command,
  },
  {
    name: 'import',
    summary:
      "Turn k6 runners' JSON output or a wrk run into a results file (latencies merged exactly) for report and " +
      'compare.',
    load: async () => (await import('./import.js')).command,
  },
  {
    name: 'export',
    summary: "Write verdict's HTTP workloads as k6 scripts with k6-operator manifests, for load beyond one machine.",
    load: async () => (await import('./export.js')).command,
  },
  {
    name: 'serve',
    summary: 'A local web app: the decide questionnaire, results with charts, and quick benchmark runs.',
    load: async () => (await import('./serve.js')).command,
  },
];
