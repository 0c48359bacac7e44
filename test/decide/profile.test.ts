import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { mergeProfile, readProfileFile } from '../../src/decide/profile-input.js';
import { profileFromFlags, teamValue } from '../../src/commands/decide-options.js';
import { parseProfile } from '../../src/decide/profile.js';

const folder = mkdtempSync(join(tmpdir(), 'verdict-decide-profile-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('profile validation', () => {
  it('fills defaults and derives aiPlanned from touches', () => {
    const p = parseProfile({ touches: ['ai', 'ai'] }, 'test');
    expect(p).toEqual({
      name: 'the backend',
      touches: ['ai'],
      greenfield: false,
      skills: { javascript: 'none', python: 'none' },
      team: { mid: 2, senior: 2, principal: 0 },
      hiring: 'permanent',
      location: 'london',
      aiPlanned: 'yes',
      peakConnections: 100,
    });
    expect(parseProfile({}, 'test').aiPlanned).toBe('no');
  });

  it('takes "thousands of simultaneous connections" as a peak of 1,000 unless a peak is given', () => {
    expect(parseProfile({ touches: ['high-concurrency'] }, 'test').peakConnections).toBe(1000);
    expect(parseProfile({ touches: ['high-concurrency'], peakConnections: 50_000 }, 'test').peakConnections).toBe(
      50_000,
    );
    expect(parseProfile({ touches: ['rest-api'] }, 'test').peakConnections).toBe(100);
  });

  it.each([
    [
      { skills: { javascript: 'expert' } },
      'profile field skills.javascript (--javascript) must be none, some, strong, got "expert"',
    ],
    [
      { touches: ['realtime', 'blockchain'] },
      'profile field touches (--touches) must be a list of realtime, ai, data-science, background-jobs, ' +
        'rest-api, react-frontend, high-concurrency',
    ],
    [{ hiring: 'freelance' }, 'profile field hiring (--hiring) must be permanent, contract, got "freelance"'],
    [{ location: 'paris' }, 'profile field location (--location) must be london, elsewhere, got "paris"'],
    [{ aiPlanned: true }, 'profile field aiPlanned (--ai-planned) must be yes, maybe, no, got true'],
    [
      { peakConnections: 0 },
      'profile field peakConnections (--peak-connections) must be a whole number from 1 to 10000000, got 0',
    ],
    [
      { peakConnections: '5k' },
      'profile field peakConnections (--peak-connections) must be a whole number from 1 to 10000000, got "5k"',
    ],
    [{ team: { mid: -1 } }, 'profile field team.mid (--team) must be a whole number from 0 to 500, got -1'],
    [{ team: { mid: 0, senior: 0 } }, 'profile field team: team needs at least one person (mid, senior or principal)'],
    [
      { touches: ['ai'], aiPlanned: 'no' },
      "profile field aiPlanned: aiPlanned is 'no' but touches includes 'ai' (AI in the first release); use yes, " +
        'or remove ai from touches',
    ],
    [
      { touch: ['ai'] },
      "profile has unknown field 'touch'; known fields: touches, greenfield, hiring, location, aiPlanned, " +
        'peakConnections, name, skills, team',
    ],
    [{ skills: { go: 'strong' } }, "profile has unknown field 'skills.go'; known fields: javascript, python"],
    [
      { name: 'Payments\n# Injected' },
      'profile field name (--name) must be text of 1 to 120 characters without control characters (line breaks, ' +
        'tabs), got "Payments\\n# Injected"',
    ],
    [
      { name: 'tab\there' },
      'profile field name (--name) must be text of 1 to 120 characters without control characters (line breaks, ' +
        'tabs), got "tab\\there"',
    ],
    [
      { name: '   ' },
      'profile field name (--name) must be text of 1 to 120 characters without control characters (line breaks, ' +
        'tabs), got "   "',
    ],
  ])('%j -> %s', (raw, message) => {
    const error = usageError(() => parseProfile(raw, '--profile p.yaml'));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.fix).toContain('p.yaml');
    expect(error.exitCode).toBe(2);
  });
});

describe('the project name', () => {
  it('has its spaces collapsed and trimmed', () => {
    expect(parseProfile({ name: '  Payments \u00a0  API ' }, 'test').name).toBe('Payments API');
  });
});

describe('profile from flags and files', () => {
  it('reads every profile flag', () => {
    const raw = profileFromFlags({
      name: 'chat',
      touches: 'realtime,ai',
      greenfield: true,
      javascript: 'strong',
      python: 'some',
      team: 'mid=3, senior=1',
      hiring: 'contract',
      location: 'elsewhere',
      'ai-planned': 'yes',
      'peak-connections': '5000',
    });
    expect(parseProfile(raw, 'flags')).toEqual({
      name: 'chat',
      touches: ['realtime', 'ai'],
      greenfield: true,
      skills: { javascript: 'strong', python: 'some' },
      team: { mid: 3, senior: 1, principal: 0 },
      hiring: 'contract',
      location: 'elsewhere',
      aiPlanned: 'yes',
      peakConnections: 5000,
    });
  });

  it.each([
    [{ javascript: 'expert' }, "--javascript must be one of none, some, strong, got 'expert'"],
    [
      { touches: 'realtime,blockchain' },
      '--touches: unknown blockchain; choose from realtime, ai, data-science, background-jobs, rest-api, ' +
        'react-frontend, high-concurrency',
    ],
    [{ 'peak-connections': 'lots' }, "--peak-connections must be a whole number from 1 to 10000000, got 'lots'"],
    [
      { team: 'juniors=4' },
      '--team must look like mid=2,senior=2,principal=1 (levels mid, senior, principal; whole numbers from 0 to ' +
        "500), got 'juniors=4'",
    ],
    [{ 'ai-planned': 'perhaps' }, "--ai-planned must be one of yes, maybe, no, got 'perhaps'"],
  ])('flag %j -> %s', (flags, message) => {
    expect(usageError(() => profileFromFlags(flags)).message).toBe(message);
  });

  it('reads YAML and JSON files; flags override fields, skills merge per language', () => {
    const yamlFile = join(folder, 'p.yaml');
    writeFileSync(yamlFile, 'touches: [rest-api]\nskills:\n  javascript: strong\n  python: some\naiPlanned: maybe\n');
    const jsonFile = join(folder, 'p.json');
    writeFileSync(jsonFile, JSON.stringify({ touches: ['ai'], peakConnections: 300 }));
    const merged = parseProfile(
      mergeProfile(readProfileFile(yamlFile), profileFromFlags({ python: 'strong', 'peak-connections': '900' })),
      'test',
    );
    expect(merged.skills).toEqual({ javascript: 'strong', python: 'strong' });
    expect(merged.peakConnections).toBe(900);
    expect(merged.aiPlanned).toBe('maybe');
    expect(parseProfile(readProfileFile(jsonFile), 'test')).toMatchObject({
      touches: ['ai'],
      peakConnections: 300,
      aiPlanned: 'yes',
    });
  });

  it('names the file when it is missing, malformed or not a mapping', () => {
    expect(usageError(() => readProfileFile(join(folder, 'nope.yaml'))).message).toBe(
      `--profile ${join(folder, 'nope.yaml')}: cannot read it (ENOENT)`,
    );
    const bad = join(folder, 'bad.json');
    writeFileSync(bad, '{ "touches": ');
    expect(usageError(() => readProfileFile(bad)).message).toMatch(/^--profile .*bad\.json is not valid JSON: /);
    const list = join(folder, 'list.yaml');
    writeFileSync(list, '- realtime\n');
    expect(usageError(() => readProfileFile(list)).message).toMatch(/must hold a mapping of profile fields/);
  });

  it('the sample profile in examples/ is valid', async () => {
    const { projectRoot } = await import('../../src/util/paths.js');
    const sample = parseProfile(readProfileFile(join(projectRoot, 'examples', 'decide-profile.yaml')), 'sample');
    expect(sample.name).toBe('the customer support platform');
    expect(teamValue('team', 'principal:1')).toEqual({ mid: 0, senior: 0, principal: 1 });
  });
});
