/**
 * Calibration as text: the tables `verdict calibrate` prints, and the short lines a report shows
 * for the calibration its results file carries. Pure functions: data in, text out.
 */
import { palette } from '../core/output.js';
import { formatRate, renderTable } from '../util/format.js';
import type { Calibration, CalibrationSummary, Fidelity } from '../results/calibration-schema.js';
import { NEAR_CEILING_SHARE } from './figures.js';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const ratio = (value: number) => `${value.toFixed(2)}×`;

export function describeFidelity(f: Fidelity): string {
  const interval = `${ratio(f.ratio)} [${f.low.toFixed(2)}, ${f.high.toFixed(2)}]`;
  switch (f.verdict) {
    case 'agrees':
      return `${interval}, agrees within ±${percent(f.tolerance)}`;
    case 'reads-low':
      return `${interval}, reads ${percent(1 - f.ratio)} low`;
    case 'reads-high':
      return `${interval}, reads ${percent(f.ratio - 1)} high`;
    case 'inconclusive':
      return `${interval}, not decided at ±${percent(f.tolerance)} (more rounds would decide)`;
  }
}

const where = (c: Pick<Calibration, 'environment'>) =>
  `${c.environment.cpuModel}, ${c.environment.cores} cores; generator on ` +
  `${c.environment.generatorCpus ? `CPU ${c.environment.generatorCpus}` : 'any CPU'} (` +
  `${c.environment.generatorCores} core${c.environment.generatorCores === 1 ? '' : 's'}), target on ` +
  `${c.environment.targetCpus ? `CPU ${c.environment.targetCpus}` : 'any CPU'}`;

/** What `verdict calibrate` prints on stdout. */
export function renderCalibration(calibration: Calibration, color: boolean): string {
  const p = palette(color);
  const { plan } = calibration;
  const lines: string[] = [];
  lines.push(
    p.bold(
      `Generator ceiling against ` +
        `${calibration.target.kind === 'no-work' ? 'a server that does no work' : calibration.target.name}`,
    ),
  );
  lines.push(
    p.dim(
      `${where(calibration)}; ${plan.rounds} interleaved round${plan.rounds === 1 ? '' : 's'} of ` +
        `${plan.durationSeconds} s per driver and level; seed ${plan.seed}`,
    ),
  );
  lines.push('');
  lines.push(
    renderTable(
      [
        'driver',
        'connections',
        'req/s per generator core',
        'req/s achieved',
        'generator CPU',
        'CPU per request',
        'reached',
      ],
      calibration.ceilings.map((c) => [
        c.driver,
        String(c.connections),
        formatRate(c.requestsPerCoreSecond),
        formatRate(c.requestsPerSecond),
        `${c.generatorCpuPercent.toFixed(0)}%`,
        c.generatorCpuUsPerRequest === null ? '–' : `${c.generatorCpuUsPerRequest.toFixed(1)} µs`,
        c.saturated ? 'yes' : 'extrapolated',
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    ),
  );
  lines.push(
    p.dim(
      "  req/s per generator core: each round's req/s over the CPU the generator used, median of the rounds; " +
        '"extrapolated" when the',
    ),
  );
  lines.push(
    p.dim(
      '  generator did not fill its CPU (the target was the limit): a conservative figure, since CPU per ' +
        'request falls as load rises.',
    ),
  );
  lines.push('');
  if (calibration.fidelity.length === 0) {
    lines.push(
      plan.drivers.includes('wrk')
        ? 'Fidelity against wrk: no other driver was measured.'
        : 'Fidelity against wrk: wrk is not installed (run verdict setup), so there is no reference.',
    );
  } else {
    lines.push(
      p.bold(
        `Fidelity against wrk: req/s over wrk's in the same round, ` +
          `${Math.round(calibration.fidelity[0]!.level * 100)}% interval`,
      ),
    );
    lines.push(
      renderTable(
        ['driver', 'connections', 'ratio to wrk'],
        calibration.fidelity.map((f) => [f.driver, String(f.connections), describeFidelity(f)]),
        ['left', 'right', 'left'],
      ),
    );
    if (calibration.target.kind === 'no-work') {
      // Measured here: at 10 connections against this server, lean drove 1.6x wrk's req/s at the same CPU per request.
      lines.push(
        p.dim(
          '  Against a server that does no work, few connections keep neither side busy: the req/s then measure ' +
            "each generator's own",
        ),
      );
      lines.push(
        p.dim(
          '  turnaround (lean writes the next request in the callback that read the response, wrk on its next ' +
            'event-loop turn), not',
        ),
      );
      lines.push(
        p.dim(
          '  a server. For the fidelity on a server verdict measures, run verdict calibrate --server node-fastify.',
        ),
      );
    }
  }
  lines.push('');
  lines.push(
    `Default driver here: ${calibration.defaultDriver}. verdict bench carries this calibration into its results ` +
      `and flags a cell whose req/s reached ${percent(NEAR_CEILING_SHARE)} of its driver's ceiling.`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The report's lines for a run's calibration: the ceiling of the run's driver per level, and each
 * driver's fidelity against wrk when it was measured.
 */
export function calibrationRows(calibration: CalibrationSummary, driver: string): [string, string][] {
  const source =
    calibration.source === 'file'
      ? `verdict calibrate, ${calibration.createdAt.slice(0, 10)}`
      : `a ${calibration.plan.durationSeconds} s check by this bench; run verdict calibrate for a fuller one`;
  const ceilings = calibration.ceilings.filter((c) => c.driver === driver);
  const cores = calibration.environment.generatorCores;
  const perCore = ceilings
    .map((c) => `${formatRate(c.requestsPerCoreSecond)} req/s per core at ${c.connections.toLocaleString('en-US')}`)
    .join(', ');
  const rows: [string, string][] = [
    [
      'generator ceiling',
      ceilings.length
        ? `${driver}: ${perCore}` +
          ` connections; ${cores} generator core${cores === 1 ? '' : 's'}; against ` +
          `${calibration.target.kind === 'no-work' ? 'a server that does no work' : calibration.target.name} (` +
          `${source}); a cell at ${percent(NEAR_CEILING_SHARE)} of it is flagged`
        : `not measured for ${driver} (${source})`,
    ],
  ];
  const drivers = [...new Set(calibration.fidelity.map((f) => f.driver))];
  if (drivers.length) {
    rows.push([
      'generator fidelity',
      drivers
        .map(
          (d) =>
            `${d} vs wrk: ${calibration.fidelity
              .filter((f) => f.driver === d)
              .map((f) => `${describeFidelity(f)} at ${f.connections.toLocaleString('en-US')}`)
              .join('; ')}`,
        )
        .join(' · '),
    ]);
  }
  return rows;
}
