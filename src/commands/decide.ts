/**
 * `verdict decide`: the guide's decision framework applied to a described project, with the
 * team's cost and the benchmark's measurements, as text, JSON or an ADR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { CommandSpec } from '../cli/args.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { palette, writeLine } from '../core/output.js';
import { booleanFlag, stringFlag } from '../cli/values.js';
import { renderAdr } from '../decide/adr.js';
import { mergeProfile, readProfileFile } from '../decide/profile-input.js';
import { parseProfile, AI_PLANS, HIRING, LOCATIONS, SKILLS, TOUCHES } from '../decide/profile.js';
import { askProfile } from '../decide/prompts.js';
import { loadRates } from '../decide/rates.js';
import { DECISION_DOCUMENT, recommend } from '../decide/recommend.js';
import { renderTerminal } from '../decide/render-terminal.js';
import { chooseEvidence } from '../decide/evidence-file.js';
import { hasProfileFlags, profileFromFlags } from './decide-options.js';

export const command: CommandSpec = {
  name: 'decide',
  summary: 'Recommend Node.js, Python or a hybrid for a described project, with costs, evidence and an ADR.',
  description: [
    "Applies the guide's decision framework (its table, the override rule, the AI rule, the 18-month",
    'horizon and the hybrid architecture) to a project profile given by flags, by --profile, or asked',
    "on a terminal when neither is given. Prints every rule that fired with the guide's own words,",
    'the conflicts between rules and how they were resolved, risks, the monthly team cost, the figures',
    "measured at the profile's peak, and the guide's claims behind the rules as 'verdict report' judges",
    'them, from the newest completed results file (or --results).',
    'Profile format: examples/decide-profile.yaml. Rates format: data/rates-uk-2026.json.',
  ].join('\n'),
  flags: {
    profile: {
      type: 'string',
      value: 'FILE',
      description: 'Profile as YAML or JSON; flags below override its fields.',
    },
    name: {
      type: 'string',
      value: 'TEXT',
      description: 'Project name, used in the ADR title.',
      default: 'the backend',
    },
    touches: { type: 'string', value: 'LIST', description: `What the project touches: ${TOUCHES.join(', ')}.` },
    greenfield: { type: 'boolean', description: 'A greenfield project.' },
    javascript: {
      type: 'string',
      value: 'SKILL',
      description: `How well the team knows JavaScript/TypeScript: ${SKILLS.join(', ')}.`,
      default: 'none',
    },
    python: {
      type: 'string',
      value: 'SKILL',
      description: `How well the team knows Python: ${SKILLS.join(', ')}.`,
      default: 'none',
    },
    team: {
      type: 'string',
      value: 'MIX',
      description: 'Team size and seniority, e.g. mid=3,senior=2,principal=1.',
      default: 'mid=2,senior=2',
    },
    hiring: { type: 'string', value: 'KIND', description: `${HIRING.join(' or ')} hiring.`, default: 'permanent' },
    location: {
      type: 'string',
      value: 'WHERE',
      description: `${LOCATIONS.join(' or ')} (UK outside London).`,
      default: 'london',
    },
    'ai-planned': {
      type: 'string',
      value: 'ANSWER',
      description: `AI features planned within 18 months: ${AI_PLANS.join(', ')}.`,
      default: 'yes if touches has ai, else no',
    },
    'peak-connections': {
      type: 'string',
      value: 'N',
      description: 'Expected peak of concurrent connections.',
      default: '1000 with high-concurrency, else 100',
    },
    rates: {
      type: 'string',
      value: 'FILE',
      description: 'Day rates and salaries to price the team with.',
      default: 'data/rates-uk-2026.json',
    },
    results: {
      type: 'string',
      value: 'FILE',
      description:
        'Benchmark results to cite; "none" to use no measurements. Unfinished and invalid files in results/ are ' +
        'skipped, each with a note.',
      default: 'the newest completed results/*.json',
    },
    json: { type: 'boolean', description: 'Write the recommendation as JSON to stdout.' },
    adr: {
      type: 'string',
      value: 'PATH',
      description:
        'Also write a MADR 4 Architecture Decision Record to PATH, creating its folder ("-": to stdout, instead ' +
        'of the text).',
    },
  },
  examples: [
    'verdict decide --touches realtime,rest-api --javascript strong --peak-connections 5000',
    'verdict decide --profile examples/decide-profile.yaml --adr docs/adr/0001-backend-runtime.md',
    'verdict decide --touches ai --javascript strong --python none --json',
    'verdict decide        (on a terminal: asks the questions)',
  ],
  async run({ flags }, out) {
    // Everything is validated before anything is written.
    const profileFile = stringFlag(flags, 'profile');
    const fromFlags = profileFromFlags(flags);
    const ratesFlag = stringFlag(flags, 'rates');
    const rates = ratesFlag ? loadRates(resolve(out.cwd, ratesFlag), ratesFlag) : loadRates();
    const evidence = await chooseEvidence(stringFlag(flags, 'results'), out.cwd);
    const adrPath = stringFlag(flags, 'adr');
    if (adrPath === '') throw new UsageError('--adr needs a file path', 'e.g. --adr docs/adr/0001-backend-runtime.md');
    const json = booleanFlag(flags, 'json');
    if (adrPath === '-' && json)
      throw new UsageError('--adr - and --json both write to stdout', 'choose one, or give --adr a file path');

    let raw: Record<string, unknown>;
    let source = 'flags';
    if (profileFile !== undefined) {
      raw = mergeProfile(readProfileFile(resolve(out.cwd, profileFile), profileFile), fromFlags);
      source = `--profile ${profileFile}`;
    } else if (hasProfileFlags(flags)) {
      raw = fromFlags;
    } else if (out.stdinIsTTY && out.stderrIsTTY) {
      raw = await askProfile({ input: process.stdin, output: out.stderr });
      source = 'the answers';
    } else {
      throw new UsageError(
        'no project profile given',
        'pass --profile <file> or flags such as --touches and --javascript, or run on a terminal to be asked',
      );
    }
    const profile = parseProfile(raw, source);
    for (const skipped of evidence.skipped)
      writeLine(out.stderr, `verdict: note: ignoring ${skipped.file}: ${skipped.why}`);
    const rec = recommend({
      profile,
      rates,
      ...(evidence.results ? { results: evidence.results } : {}),
      ...(evidence.noResults ? { noResults: evidence.noResults } : {}),
      skipped: evidence.skipped,
    });

    if (adrPath === '-') {
      out.stdout.write(renderAdr(rec, { date: new Date() }));
      return ExitCode.ok;
    }
    if (adrPath !== undefined) {
      const target = resolve(out.cwd, adrPath);
      // The results file is linked from the record's own folder, so the link works in the repository.
      const resultsLink = evidence.path ? relative(dirname(target), evidence.path).split(sep).join('/') : undefined;
      writeAdr(target, adrPath, renderAdr(rec, { date: new Date(), ...(resultsLink ? { resultsLink } : {}) }));
      writeLine(out.stderr, `wrote the decision record to ${adrPath}`);
    }
    if (json) {
      out.stdout.write(`${JSON.stringify({ ...DECISION_DOCUMENT, ...rec }, null, 2)}\n`);
    } else {
      out.stdout.write(renderTerminal(rec, palette(out.color)));
    }
    return ExitCode.ok;
  },
};

/** Writes the record, creating its folder (docs/adr in a repository that has none yet). */
function writeAdr(target: string, shown: string, markdown: string): void {
  const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new UsageError(
      `--adr ${shown}: cannot create its folder ${dirname(shown)} (${code(error)})`,
      'a file may have that name; give a path in a folder you can create',
    );
  }
  try {
    writeFileSync(target, markdown);
  } catch (error) {
    throw new UsageError(
      `--adr ${shown}: cannot write it (${code(error)})`,
      'give a path to a file in a folder you can write to',
    );
  }
}
