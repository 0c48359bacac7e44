import { describe, expect, it } from 'vitest';
import { renderHtmlReport, REPORT_CSP, reportSections } from '../../../src/report/html/page.js';
import { buildReport } from '../../../src/report/report-model.js';
import { buildResults, steady } from '../../support/results-builder.js';
import { sampleResults } from '../../support/sample-results.js';

/** Every <svg class="chart"> with its id, kind and declared number of data points. */
function charts(html: string) {
  return [
    ...html.matchAll(
      /<svg class="chart" data-chart="([^"]+)" data-kind="(line|bar)" data-points="(\d+)"[^>]*>([\s\S]*?)<\/svg>/g,
    ),
  ].map((m) => ({ id: m[1]!, kind: m[2]!, points: Number(m[3]), body: m[4]! }));
}

describe('the HTML report', () => {
  const html = renderHtmlReport(buildReport(sampleResults()));

  it('draws every chart family from a run with every workload, each with its data points', () => {
    const drawn = charts(html);
    const families = new Set(drawn.map((c) => c.id.replace(/-.*/, '')));
    expect([...families].sort()).toEqual([
      'compute',
      'delivery',
      'fanout',
      'lag',
      'latency',
      'memory',
      'offered',
      'throughput',
    ]);
    for (const chart of drawn) {
      expect(chart.points, chart.id).toBeGreaterThan(0);
      const marks =
        chart.kind === 'line'
          ? [...chart.body.matchAll(/<circle class="point"/g)]
          : [...chart.body.matchAll(/<rect class="bar"/g)];
      expect(marks.length, chart.id).toBe(chart.points);
      if (chart.kind === 'line')
        for (const d of chart.body.matchAll(/<path class="line" d="([^"]*)"/g)) expect(d[1], chart.id).toMatch(/^M\d/);
    }
    // Five servers at four levels on the users throughput chart (the A/A replicate is not a sixth).
    expect(drawn.find((c) => c.id === 'throughput-users')!.points).toBe(20);
    // The open model: p50 and p99 of two servers at two offered rates.
    expect(drawn.find((c) => c.id === 'offered-users-open')!.points).toBe(8);
    expect(drawn.find((c) => c.id === 'fanout-50')!.points).toBe(12);
  });

  it('is one self-contained file: inline style, no script, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP.replaceAll("'", '&#39;')}">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // The only absolute URL is the SVG namespace, which names and never loads.
    expect(new Set([...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]))).toEqual(
      new Set(['http://www.w3.org/2000/svg']),
    );
  });

  it('has the claims table, the warnings, the not-measurable list and the environment', () => {
    const report = buildReport(sampleResults());
    expect([...html.matchAll(/<tr class="claim (supported|refuted|inconclusive)"/g)]).toHaveLength(
      report.claims.length,
    );
    expect(reportSections(report).map((s) => s.id)).toEqual([
      'claims',
      'throughput',
      'offered-load',
      'latency',
      'memory',
      'realtime',
      'fanout',
      'compute',
      'measurements',
      'warnings',
      'not-measurable',
      'environment',
    ]);
    for (const id of ['claims', 'warnings', 'not-measurable', 'environment'])
      expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('Test CPU, 2 cores');
  });

  it(
    'draws every server measured in users on the throughput chart, reference servers dashed and named as ' +
      'references',
    () => {
      const withReferences = buildResults([
        ...steady({ server: 'node-fastify', connections: 10 }, 5000),
        ...steady({ server: 'node-fastify', connections: 100 }, 6000),
        ...steady({ server: 'node-http-raw', connections: 10 }, 9000),
        ...steady({ server: 'node-http-raw', connections: 100 }, 11000),
        ...steady({ server: 'python-fastapi-tuned', connections: 10 }, 3000),
        ...steady({ server: 'python-asgi-raw', connections: 10 }, 6000),
      ]);
      const page = renderHtmlReport(buildReport(withReferences));
      const chart = charts(page).find((c) => c.id === 'throughput-users')!;
      expect(chart.points).toBe(6);
      const series = [...chart.body.matchAll(/<g class="series" data-series="([^"]+)">([\s\S]*?)<\/g>/g)].map((m) => ({
        name: m[1]!,
        dashed: m[2]!.includes('stroke-dasharray') || undefined,
        points: [...m[2]!.matchAll(/<circle class="point"/g)].length,
      }));
      expect(series).toEqual([
        { name: 'node-fastify', dashed: undefined, points: 2 },
        { name: 'node-http-raw', dashed: true, points: 2 },
        { name: 'python-fastapi-tuned', dashed: undefined, points: 1 },
        { name: 'python-asgi-raw', dashed: undefined, points: 1 }, // one point draws no line to dash
      ]);
      const figure = /<figure class="chart-figure" id="chart-throughput-users">([\s\S]*?)<\/figure>/.exec(page)![1]!;
      const legend = [
        ...figure.matchAll(/<li><svg[^>]*><line [^>]*?(stroke-dasharray="[^"]*")?\/><\/svg>([^<]+)<\/li>/g),
      ].map((m) => `${m[2]}${m[1] ? ' (dashed)' : ''}`);
      expect(legend).toEqual([
        'node-fastify',
        'node-http-raw (reference) (dashed)',
        'python-fastapi-tuned',
        'python-asgi-raw (reference) (dashed)',
      ]);
      expect(figure).toContain('Dashed: reference servers');
      // Without a reference there is nothing dashed and no caption about them.
      expect(html).not.toContain('(reference)');
    },
  );

  it('says "not measured in this run" for what a run did not measure, and draws nothing there', () => {
    const usersOnly = renderHtmlReport(
      buildReport(
        buildResults([
          ...steady({ server: 'node-fastify', connections: 10 }, 5000),
          ...steady({ server: 'node-fastify', connections: 100 }, 6000),
        ]),
      ),
    );
    expect(charts(usersOnly).map((c) => c.id)).toEqual(['throughput-users', 'latency-users-10', 'latency-users-100']);
    for (const what of [
      'Latency against offered load (users-open, user-by-id-open)',
      'Memory per connection (websocket, sse)',
      'Real-time delivery (websocket, sse)',
      'Fan-out latency against K',
      'Compute latency per implementation',
    ]) {
      expect(usersOnly).toContain(`<p class="not-measured">${what}: not measured in this run.</p>`);
    }
  });
});
