/**
 * The monthly cost of the profile's team in each runtime, as a range, from a rates file. Every
 * assumption is returned as a sentence so the output can state it next to the numbers.
 */
import { LEVELS, teamSize, type Level, type Profile } from './profile.js';
import type { Range, Rates } from './rates.js';
import type { Runtime } from './situation.js';

export interface LevelCost {
  level: Level;
  count: number;
  /** One person, one month. */
  perPerson: Range;
  /** True when the rates file had no figure for this level and it was estimated. */
  estimated: boolean;
}

export interface RuntimeCost {
  runtime: Runtime;
  monthly: Range;
  levels: LevelCost[];
}

export interface CostEstimate {
  basis: 'contract' | 'permanent';
  location: Profile['location'];
  currency: string;
  teamSize: number;
  node: RuntimeCost;
  python: RuntimeCost;
  /** Any split of the team between the two lies between all-Node and all-Python. */
  hybrid: Range;
  source: string;
  date: string;
  assumptions: string[];
  /** The same assumptions, short enough for a table (the ADR): what, the figure, and whose it is. */
  assumptionRows: AssumptionRow[];
}

export interface AssumptionRow {
  assumption: string;
  value: string;
  /** Whose figure or reading it is: the guide's, verdict's own, or the rates file's. */
  by: 'the guide' | 'verdict' | 'rates file';
}

const LEVEL_LABEL: Record<Level, string> = { mid: 'Mid-level', senior: 'Senior', principal: 'Principal/Lead' };

export function estimateCosts(profile: Profile, rates: Rates): CostEstimate {
  const contract = profile.hiring === 'contract';
  const [smallCut, largeCut] = rates.outsideLondonReduction;
  // Outside London the low end takes the larger cut and the high end the smaller one.
  const place = (r: Range): Range =>
    profile.location === 'london' ? r : [r[0] * (1 - largeCut), r[1] * (1 - smallCut)];
  const { workingDaysPerMonth: days, employerOnCost } = rates.assumptions;

  const runtimeCost = (runtime: Runtime): RuntimeCost => {
    const levels = LEVELS.map((level): LevelCost => {
      const annual = contract ? undefined : salaryFor(rates, runtime, level);
      const monthly: Range = contract
        ? scale(rates.dayRates[runtime][level], days)
        : scale(annual!.range, (1 + employerOnCost) / 12);
      return {
        level,
        count: profile.team[level],
        perPerson: round(place(monthly)),
        estimated: annual?.estimated ?? false,
      };
    });
    const monthly = levels.reduce<Range>(
      (sum, l) => [sum[0] + l.count * l.perPerson[0], sum[1] + l.count * l.perPerson[1]],
      [0, 0],
    );
    return { runtime, monthly, levels };
  };

  const node = runtimeCost('node');
  const python = runtimeCost('python');
  return {
    basis: contract ? 'contract' : 'permanent',
    location: profile.location,
    currency: rates.currency,
    teamSize: teamSize(profile),
    node,
    python,
    hybrid: [Math.min(node.monthly[0], python.monthly[0]), Math.max(node.monthly[1], python.monthly[1])],
    source: rates.source,
    date: rates.date,
    assumptions: assumptionsFor(profile, rates, [node, python]),
    assumptionRows: assumptionRowsFor(profile, rates, [node, python]),
  };
}

/** The guide has senior salaries only; other levels scale by the same runtime's day-rate ratio. */
function salaryFor(rates: Rates, runtime: Runtime, level: Level): { range: Range; estimated: boolean } {
  const given = rates.salaries[runtime][level];
  if (given) return { range: given, estimated: false };
  const senior = rates.salaries[runtime].senior;
  const day = rates.dayRates[runtime];
  return {
    range: [senior[0] * (day[level][0] / day.senior[0]), senior[1] * (day[level][1] / day.senior[1])],
    estimated: true,
  };
}

function assumptionsFor(profile: Profile, rates: Rates, costs: RuntimeCost[]): string[] {
  const { workingDaysPerMonth: days, employerOnCost } = rates.assumptions;
  const team = LEVELS.map((l) => `${profile.team[l]} ${LEVEL_LABEL[l].toLowerCase()}`).join(', ');
  const lines = [
    `Team of ${teamSize(profile)} (${team}); each level is priced at the guide's level of the same name ` +
      `(Mid-level, Senior, Principal/Lead).`,
  ];
  if (profile.hiring === 'contract') {
    lines.push(
      `Contract: day rate x ${days} working days a month (260 weekdays less 8 bank holidays, over 12 months), ` +
        `no holidays or gaps deducted (verdict's assumption, not the guide's).`,
    );
  } else {
    lines.push(
      `Permanent: annual salary / 12, plus ${Math.round(employerOnCost * 100)}% employer on-cost (National ` +
        `Insurance and pension, approximate; verdict's assumption, not the guide's).`,
    );
    const estimated = costs.flatMap((c) =>
      c.levels
        .filter((l) => l.estimated && l.count > 0)
        .map((l) => `${c.runtime === 'node' ? 'Node.js' : 'Python'} ${LEVEL_LABEL[l.level].toLowerCase()}`),
    );
    if (estimated.length > 0) {
      lines.push(
        `The guide gives senior salaries only; ${estimated.join(', ')} salaries are estimated as the senior ` +
          `salary scaled by the guide's day-rate ratio between the levels (low end by low end, high end by high ` +
          `end).`,
      );
    }
  }
  if (profile.location === 'elsewhere') {
    const [a, b] = rates.outsideLondonReduction;
    lines.push(
      `Outside London: ${Math.round(a * 100)}-${Math.round(b * 100)}% lower (the low end takes the larger cut, ` +
        `the high end the smaller).`,
    );
  }
  lines.push(`Rates: ${rates.source}, ${rates.date}; figures for ${rates.region}.`, ...rates.notes);
  lines.push('Hybrid: any split of the team between the runtimes costs between all-Node.js and all-Python.');
  return lines;
}

/** The assumptions above as rows; the rates file's own notes stay sentences (they quote the guide). */
function assumptionRowsFor(profile: Profile, rates: Rates, costs: RuntimeCost[]): AssumptionRow[] {
  const { workingDaysPerMonth: days, employerOnCost } = rates.assumptions;
  const rows: AssumptionRow[] = [{ assumption: 'Rates', value: `${rates.region}, ${rates.date}`, by: 'rates file' }];
  if (profile.hiring === 'contract') {
    rows.push({ assumption: "A contractor's month", value: `day rate × ${days} working days`, by: 'verdict' });
  } else {
    rows.push({
      assumption: "A permanent hire's month",
      value: `salary / 12 + ${Math.round(employerOnCost * 100)}% on-cost`,
      by: 'verdict',
    });
    if (costs.some((c) => c.levels.some((l) => l.estimated && l.count > 0))) {
      rows.push({ assumption: 'Mid, principal salaries', value: 'senior salary × day-rate ratio', by: 'verdict' });
    }
  }
  if (profile.location === 'elsewhere') {
    const [a, b] = rates.outsideLondonReduction;
    rows.push({
      assumption: 'Outside London',
      value: `${Math.round(a * 100)}–${Math.round(b * 100)}% lower`,
      by: 'the guide',
    });
  }
  return rows;
}

const scale = (r: Range, factor: number): Range => [r[0] * factor, r[1] * factor];
const round = (r: Range): Range => [Math.round(r[0]), Math.round(r[1])];

/** £12,300: whole pounds, rounded to the nearest hundred, since the inputs are ranges anyway. */
export function money(amount: number, currency = 'GBP'): string {
  const symbol = currency === 'GBP' ? '£' : `${currency} `;
  return `${symbol}${(Math.round(amount / 100) * 100).toLocaleString('en-GB')}`;
}

export function moneyRange(range: Range, currency = 'GBP'): string {
  return `${money(range[0], currency)}–${money(range[1], currency)}`;
}

/** Where the rates apply, as a reader says it. */
export function locationName(location: CostEstimate['location']): string {
  return location === 'london' ? 'London' : 'UK outside London';
}

/** The monthly cost per option, formatted: the ADR's table and the web page's read the same rows. */
export function monthlyCostRows(c: CostEstimate, hybridLabel = 'Hybrid, any split'): [string, string][] {
  return [
    ['Node.js', moneyRange(c.node.monthly, c.currency)],
    ['Python', moneyRange(c.python.monthly, c.currency)],
    [hybridLabel, moneyRange(c.hybrid, c.currency)],
  ];
}
