/**
 * The HTML report: one self-contained file (inline CSS, inline SVG, no script, no external
 * resource; a Content-Security-Policy forbids any fetch even if something slipped in). Pure:
 * a Report in, a document out.
 */
import { renderContext } from '../bench-summary.js';
import { escapeHtml as h } from '../escape.js';
import type { Report } from '../report-model.js';
import {
  computeCharts,
  fanoutCharts,
  latencyCharts,
  memoryCharts,
  offeredLoadCharts,
  realtimeCharts,
  throughputCharts,
} from './charts.js';
import {
  claimsSection,
  environmentSection,
  measurementsSection,
  notMeasurableSection,
  warningsSection,
} from './sections.js';
import { frameworkCostHtml } from './framework-cost.js';
import { profilesReportSection } from './profiles.js';
import { REPORT_CSS } from './style.js';

/** No network: nothing may load except what is inside this file. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export interface ReportSection {
  id: string;
  title: string;
  html: string;
}

/** The sections in page order; the web page can pick from the same list. */
export function reportSections(report: Report): ReportSection[] {
  const { results } = report;
  return [
    { id: 'claims', title: "The guide's claims on this machine", html: claimsSection(report) },
    {
      id: 'throughput',
      title: 'Throughput against connections',
      html: throughputCharts(results) + frameworkCostHtml(results),
    },
    { id: 'offered-load', title: 'Latency against offered load', html: offeredLoadCharts(results) },
    { id: 'latency', title: 'Latency percentiles', html: latencyCharts(results) },
    { id: 'memory', title: 'Memory per connection', html: memoryCharts(results) },
    { id: 'realtime', title: 'Real-time delivery', html: realtimeCharts(results) },
    { id: 'fanout', title: 'Fan-out latency against K', html: fanoutCharts(results) },
    { id: 'compute', title: 'Compute latency per implementation', html: computeCharts(results) },
    // Flame graphs and the top ten by self time, only in a run with --profile.
    ...profilesReportSection(results),
    { id: 'measurements', title: 'Measurements', html: measurementsSection(results) },
    { id: 'warnings', title: `Warnings (${report.warnings.length})`, html: warningsSection(report.warnings) },
    { id: 'not-measurable', title: 'Claims a benchmark cannot test', html: notMeasurableSection(report.notMeasurable) },
    { id: 'environment', title: 'Environment', html: environmentSection(results) },
  ];
}

export function renderHtmlReport(report: Report): string {
  const { results } = report;
  const sections = reportSections(report);
  const nav = sections.map((s) => `<a href="#${s.id}">${h(s.title)}</a>`).join(' · ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(REPORT_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>verdict report · ${h(results.id)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>verdict report</h1>',
    ...renderContext(results)
      .split('\n')
      .map((line) => `<p class="context">${h(line)}</p>`),
    `<nav class="context">${nav}</nav>`,
    '</header>',
    '<main>',
    ...sections.map((s) => `<section id="${s.id}"><h2>${h(s.title)}</h2>${s.html}</section>`),
    '</main>',
    `<footer>Results ${h(results.id)}, created ${h(results.createdAt)} by verdict ${h(results.tool.version)}. ` +
      `This file is self-contained: it loads nothing from the network.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
