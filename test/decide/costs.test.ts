import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { estimateCosts, money, moneyRange } from '../../src/decide/costs.js';
import { parseProfile } from '../../src/decide/profile.js';
import { defaultRatesFile, loadRates } from '../../src/decide/rates.js';

const folder = mkdtempSync(join(tmpdir(), 'verdict-decide-rates-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const rates = loadRates();
const profile = (raw: Record<string, unknown>) => parseProfile(raw, 'test');

describe('the rates file', () => {
  it("holds the guide's figures with source and date", () => {
    expect(rates.dayRates.node).toEqual({ mid: [380, 500], senior: [500, 700], principal: [650, 900] });
    expect(rates.dayRates.python).toEqual({ mid: [400, 520], senior: [550, 750], principal: [700, 1000] });
    expect(rates.salaries.node.senior).toEqual([80000, 110000]);
    expect(rates.salaries.python.senior).toEqual([95000, 135000]);
    expect(rates.outsideLondonReduction).toEqual([0.2, 0.3]);
    expect(rates.source).toMatch(/UK Hiring Market Rates in 2026/);
    expect(rates.date).toBe('2026');
  });

  const original = JSON.parse(readFileSync(defaultRatesFile, 'utf8')) as Record<string, any>;
  const write = (name: string, value: unknown) => {
    const file = join(folder, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };
  const errorOf = (file: string) => {
    try {
      loadRates(file);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as UsageError).message;
    }
    throw new Error('expected an error');
  };

  it.each([
    ['missing.json', null, /^--rates .*missing\.json: cannot read it \(ENOENT\)$/],
    ['broken.json', '{"source": ', /^--rates .*broken\.json is not valid JSON: /],
    [
      'inverted.json',
      { ...original, dayRates: { ...original.dayRates, python: { ...original.dayRates.python, mid: [600, 400] } } },
      new RegExp(
        String.raw`field dayRates\.python\.mid must be \[low, high\] in currency units a day, low <= high \(low ` +
          String.raw`must not exceed high\)$`,
      ),
    ],
    [
      'no-senior.json',
      { ...original, salaries: { node: {}, python: original.salaries.python } },
      /field salaries\.node\.senior must be \[low, high\] a year, low <= high$/,
    ],
    [
      'reduction.json',
      { ...original, outsideLondonReduction: [0.3, 0.2] },
      /field outsideLondonReduction must be \[smaller, larger\] fractions/,
    ],
    [
      'days.json',
      { ...original, assumptions: { ...original.assumptions, workingDaysPerMonth: 40 } },
      /field assumptions\.workingDaysPerMonth must be a number of days from 1 to 31$/,
    ],
    ['extra.json', { ...original, bonus: 1 }, /unknown field 'bonus'$/],
  ])('%s is rejected with the field named', (name, content, message) => {
    const file = content === null ? join(folder, name) : write(name, content);
    expect(errorOf(file)).toMatch(message);
  });

  it('a replacement file changes the figures', () => {
    const file = write('mine.json', {
      ...original,
      assumptions: { workingDaysPerMonth: 20, employerOnCost: 0 },
      dayRates: { ...original.dayRates, node: { mid: [400, 400], senior: [600, 600], principal: [800, 800] } },
    });
    const costs = estimateCosts(
      profile({ hiring: 'contract', team: { mid: 1, senior: 1, principal: 1 } }),
      loadRates(file),
    );
    expect(costs.node.monthly).toEqual([(400 + 600 + 800) * 20, (400 + 600 + 800) * 20]);
  });
});

describe('monthly team cost', () => {
  it('contract in London: day rate x 21 days x headcount per level', () => {
    const costs = estimateCosts(profile({ hiring: 'contract', team: { mid: 2, senior: 1, principal: 1 } }), rates);
    expect(costs.node.monthly).toEqual([(2 * 380 + 500 + 650) * 21, (2 * 500 + 700 + 900) * 21]);
    expect(costs.python.monthly).toEqual([(2 * 400 + 550 + 700) * 21, (2 * 520 + 750 + 1000) * 21]);
    expect(costs.hybrid).toEqual([costs.node.monthly[0], costs.python.monthly[1]]);
    expect(costs.node.levels.map((l) => l.estimated)).toEqual([false, false, false]);
  });

  it('outside London: the low end 30% lower, the high end 20% lower', () => {
    const london = estimateCosts(profile({ hiring: 'contract', team: { senior: 1 } }), rates);
    const elsewhere = estimateCosts(profile({ hiring: 'contract', team: { senior: 1 }, location: 'elsewhere' }), rates);
    expect(elsewhere.python.monthly).toEqual([
      Math.round(london.python.monthly[0] * 0.7),
      Math.round(london.python.monthly[1] * 0.8),
    ]);
  });

  it(
    'permanent: senior salary / 12 plus 15% on-cost; other levels scaled by the day-rate ratio and marked ' +
      'estimated',
    () => {
      const costs = estimateCosts(profile({ team: { mid: 1, senior: 1, principal: 0 } }), rates);
      const senior = costs.node.levels.find((l) => l.level === 'senior')!;
      expect(senior.perPerson).toEqual([Math.round((80000 * 1.15) / 12), Math.round((110000 * 1.15) / 12)]);
      expect(senior.estimated).toBe(false);
      const mid = costs.python.levels.find((l) => l.level === 'mid')!;
      expect(mid.perPerson).toEqual([
        Math.round((((95000 * 400) / 550) * 1.15) / 12),
        Math.round((((135000 * 520) / 750) * 1.15) / 12),
      ]);
      expect(mid.estimated).toBe(true);
      expect(costs.assumptions.join('\n')).toMatch(/Node\.js mid-level, Python mid-level salaries are estimated/);
      // Python costs more than Node.js at every level in the guide.
      expect(costs.python.monthly[0]).toBeGreaterThan(costs.node.monthly[0]);
      expect(costs.python.monthly[1]).toBeGreaterThan(costs.node.monthly[1]);
    },
  );

  it('states its assumptions', () => {
    const contract = estimateCosts(profile({ hiring: 'contract', location: 'elsewhere' }), rates).assumptions.join(
      '\n',
    );
    expect(contract).toMatch(/day rate x 21 working days a month/);
    expect(contract).toMatch(/Outside London: 20-30% lower/);
    const permanent = estimateCosts(profile({}), rates).assumptions.join('\n');
    expect(permanent).toMatch(/annual salary \/ 12, plus 15% employer on-cost/);
    expect(permanent).toMatch(/Team of 4 \(2 mid-level, 2 senior, 0 principal\/lead\)/);
  });

  it('formats money to the nearest hundred pounds', () => {
    expect(money(41_649)).toBe('£41,600');
    expect(moneyRange([27_040, 36_140])).toBe('£27,000–£36,100');
  });
});
