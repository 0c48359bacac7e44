/** The report's stylesheet, inlined into the page: no external fonts, no network. */
export const REPORT_CSS =
  `
:root { color-scheme: light; --fg: #1d2330; --muted: #5b6473; --line: #d9dee7; --bg: #ffffff; --panel: ` +
  `#f6f8fb;
  --supported: #1a7f37; --refuted: #cf222e; --inconclusive: #9a6700; }
* { box-sizing: border-box; ` +
  `}
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, ` +
  `sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 1180px; margin: 0 auto; ` +
  `padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: ` +
  `20px; margin: 32px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: ` +
  `20px 0 6px; }
.context { color: var(--muted); margin: 2px 0; }
table { border-collapse: collapse; width: 100%; ` +
  `margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px ` +
  `solid var(--line); }
th { font-weight: 600; background: var(--panel); }
td.num, th.num { text-align: right; ` +
  `font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; }
table.claims > tbody ` +
  `> tr > td:first-child { width: 120px; }
table.claims blockquote { margin: 4px 0; padding-left: 10px; ` +
  `border-left: 3px solid var(--line); color: var(--fg); font-style: italic; }
.section { color: var(--muted); ` +
  `font-size: 13px; }
ul.also { margin: 4px 0 0; padding-left: 18px; font-size: 13px; color: var(--muted); ` +
  `}
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600; ` +
  `color: #fff; }
.badge.supported { background: var(--supported); } .badge.refuted { background: var(--refuted); ` +
  `} .badge.inconclusive { background: var(--inconclusive); }
.outcome.pass { color: var(--supported); ` +
  `font-weight: 600; } .outcome.fail { color: var(--refuted); font-weight: 600; } .outcome.unclear { color: ` +
  `var(--inconclusive); }
table.checks { font-size: 13px; } tr.check.beside td { color: var(--muted); }
details ` +
  `summary { cursor: pointer; color: var(--muted); }
.counts { font-size: 17px; font-weight: 600; }
.indicative { ` +
  `color: var(--inconclusive); border-left: 4px solid var(--inconclusive); padding-left: 8px; }
.method, .caption ` +
  `{ color: var(--muted); font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, ` +
  `minmax(520px, 1fr)); gap: 16px; }
.charts.small { grid-template-columns: repeat(auto-fill, minmax(400px, ` +
  `1fr)); }
figure.chart-figure { margin: 0; padding: 10px; border: 1px solid var(--line); border-radius: 6px; ` +
  `background: var(--bg); }
figure.chart-figure figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { ` +
  `width: 100%; height: auto; display: block; }
svg.chart .grid { stroke: #eceff4; } svg.chart .axis { stroke: ` +
  `#8a93a3; }
svg.chart text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg.chart .axis-label { ` +
  `font-size: 12px; fill: var(--fg); }
svg.chart .line { fill: none; stroke-width: 2; } svg.chart .whisker { ` +
  `stroke-width: 1.5; opacity: 0.6; }
svg.chart .bar-label { font-size: 10px; fill: var(--fg); }
svg.flame { ` +
  `width: 100%; height: auto; display: block; } svg.flame text { pointer-events: none; } .profile-missing { ` +
  `color: var(--inconclusive); padding: 10px; background: var(--panel); border-radius: 6px; }
ul.legend { ` +
  `list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13px; ` +
  `}
ul.legend li { display: flex; align-items: center; gap: 5px; }
.not-measured { color: var(--muted); ` +
  `font-style: italic; padding: 10px; background: var(--panel); border-radius: 6px; }
ul.warnings li { ` +
  `margin-bottom: 6px; } .warning-kind { font-weight: 600; color: var(--inconclusive); } .remedy { color: ` +
  `var(--muted); font-size: 13px; }
table.environment th { width: 160px; }
pre.log { background: var(--panel); ` +
  `padding: 6px 8px; font-size: 12px; overflow-x: auto; white-space: pre-wrap; }
footer { max-width: 1180px; ` +
  `margin: 32px auto; padding: 0 20px; color: var(--muted); font-size: 13px; }
`;
