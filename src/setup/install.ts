/**
 * Carries out an install plan for `verdict setup`: one progress line per tool on stderr, the
 * package manager's own output kept for the error, and every tool looked for again afterwards,
 * since a package that installs cleanly can still leave its program off PATH (Homebrew's keg-only
 * libpq does).
 */
import { VerdictError } from '../core/errors.js';
import { capture, failureReason, type Captured } from './capture.js';
import {
  findTool,
  joinWords,
  planInstall,
  readHost,
  type Host,
  type Plan,
  type Step,
  type Tool,
} from './system-tools.js';

type InstallPlan = Extract<Plan, { kind: 'install' }>;

export class SystemInstaller {
  private host: Host | undefined;
  /** Steps run once per setup (apt-get update) that already succeeded. */
  private readonly done = new Set<string>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly progress: (line: string) => void,
    private readonly system: boolean,
  ) {}

  /** The plan for `tools`; the machine is looked at only when a plan needs it. */
  plan(tools: readonly Tool[]): Plan {
    if (tools.length === 0) return { kind: 'nothing' };
    this.host ??= readHost(this.env);
    return planInstall(tools, this.host, { system: this.system });
  }

  async install(plan: InstallPlan): Promise<void> {
    plan.tools.forEach((tool, i) => this.progress(`installing ${tool.name} (package ${plan.packages[i]})`));
    for (const step of plan.steps) {
      if (step.once && this.done.has(step.shown)) continue;
      const [command = '', ...args] = step.argv;
      // DEBIAN_FRONTEND keeps debconf from asking questions nobody is there to answer.
      const result = await capture(command, args, { env: { ...this.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (result.code !== 0) throw stepFailed(plan, step, result);
      this.done.add(step.shown);
    }
    // Modules (the venv) are not programs: their caller checks them.
    const stillMissing = plan.tools.filter((tool) => tool.commands.length > 0 && !findTool(tool, this.env));
    if (stillMissing.length > 0) throw notFoundAfter(plan, stillMissing);
    const family = this.host?.family;
    for (const tool of plan.tools) {
      const note = family ? tool.afterInstall?.[family] : undefined;
      if (note) this.progress(`note: ${note}`);
    }
  }
}

/** "wrk", or "postgresql (for pgbench)" when the package is named otherwise. */
function packagesOf(plan: InstallPlan, tools: readonly Tool[] = plan.tools): string {
  return joinWords(
    tools.map((tool) => {
      const pkg = plan.packages[plan.tools.indexOf(tool)]!;
      return pkg.toLowerCase() === tool.name.toLowerCase() ? pkg : `${pkg} (for ${tool.name})`;
    }),
  );
}

function stepFailed(plan: InstallPlan, step: Step, result: Captured): VerdictError {
  const apt = step.argv.includes('apt-get');
  const check = apt ? 'check the network or the apt sources' : 'check the network (brew doctor helps)';
  const them = plan.tools.length === 1 ? 'it' : 'them';
  return new VerdictError(
    `could not install ${packagesOf(plan)}: '${step.shown}' failed: ${managerReason(result)}`,
    `${check}, then run 'verdict setup' again, or install ${them} yourself: ${plan.command}, or skip with --no-system`,
  );
}

function notFoundAfter(plan: InstallPlan, tools: Tool[]): VerdictError {
  const pkg = plan.packages[plan.tools.indexOf(tools[0]!)]!;
  const where =
    plan.steps[0]?.argv[0] === 'brew'
      ? `Homebrew keeps some packages off PATH (keg-only): add "$(brew --prefix ${pkg})/bin" to PATH`
      : `see where ${pkg} put it (dpkg -L ${pkg}) and add that folder to PATH`;
  return new VerdictError(
    `${joinWords(tools.map((t) => t.name))} still not found on PATH after '${plan.command}' succeeded`,
    `${where}, then run 'verdict setup' again, or skip with --no-system`,
  );
}

/**
 * The line that says why: apt-get prints its reason as an "E:" line followed by general advice
 * ("E: Unable to fetch some archives, maybe run apt-get update"), Homebrew as "Error:".
 */
function managerReason(result: Captured): string {
  const lines = result.output.split('\n').map((l) => l.trim());
  const error = lines.find((l) => /^(E|Error):\s/.test(l));
  return error ? error.replace(/^(E|Error):\s+/, '') : failureReason(result);
}
