/** `verdict doctor`: is everything verdict needs here, and if not, what fixes it. */
import type { CommandSpec } from '../cli/args.js';
import { ExitCode } from '../core/errors.js';
import { palette, writeLine } from '../core/output.js';
import { booleanFlag, stringFlag } from '../cli/values.js';
import { runChecks, type CheckResult } from '../doctor/checks.js';

export function renderChecks(checks: readonly CheckResult[], color = false): string {
  const p = palette(color);
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.map((c) => {
    const status = c.ok ? p.green('ok     ') : c.required ? p.red('missing') : p.yellow('missing');
    const optional = c.required ? '' : p.dim(' (optional)');
    const detail = c.ok ? c.detail : `${c.detail}${c.fix ? `; fix: ${c.fix}` : ''}`;
    const purpose = !c.ok && c.purpose ? p.dim(` — ${c.purpose}`) : '';
    return `${status}  ${c.name.padEnd(width)}  ${detail}${optional}${purpose}`;
  });
  const missing = checks.filter((c) => c.required && !c.ok).length;
  lines.push(
    '',
    missing === 0
      ? 'verdict is ready: run verdict bench'
      : `${missing} required part${missing === 1 ? ' is' : 's are'} missing; run the fixes above`,
  );
  return `${lines.join('\n')}\n`;
}

export const command: CommandSpec = {
  name: 'doctor',
  summary: 'Check Node, Python, PostgreSQL and the system tools; print each with its fix.',
  flags: {
    python: { type: 'string', value: 'PATH', description: 'Check this Python interpreter instead of .venv.' },
    json: { type: 'boolean', description: 'Print the checks as JSON.' },
  },
  async run(input, out) {
    const python = stringFlag(input.flags, 'python');
    const checks = await runChecks({ ...(python ? { python } : {}), env: out.env });
    if (booleanFlag(input.flags, 'json')) writeLine(out.stdout, JSON.stringify(checks, null, 2));
    else out.stdout.write(renderChecks(checks, out.color));
    return checks.every((c) => c.ok || !c.required) ? ExitCode.ok : ExitCode.failure;
  },
};
