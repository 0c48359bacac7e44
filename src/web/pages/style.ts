/**
 * The web app's stylesheet, served at /assets/app.css after the report's own (REPORT_CSS at
 * /assets/report.css, so charts and tables look as in the HTML report). System fonts only.
 * Two layouts: side by side from 900px, one column below; a visible focus ring everywhere.
 */
export const APP_CSS =
  `
/* Author display rules (buttons are inline-flex) must not undo the hidden attribute. */
[hidden] { display: ` +
  `none !important; }
:root { --accent: #1f5fbf; --accent-dark: #174a94; --danger: #b42318; --node: #3c873a; ` +
  `--python: #3776ab; --hybrid: #7b4bb7; --focus: #f0a500; }
html { scroll-padding-top: 12px; }
body { ` +
  `background: #f3f5f8; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); ` +
  `outline-offset: 2px; border-radius: 3px; }
.visually-hidden { position: absolute !important; width: 1px; ` +
  `height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; ` +
  `left: 8px; top: -60px; background: #fff; color: var(--fg); padding: 8px 12px; border-radius: 4px; z-index: 10; ` +
  `}
.skip-link:focus { top: 8px; }

header.app-header { max-width: none; margin: 0; padding: 0; background: ` +
  `#1d2330; color: #fff; }
.app-bar { max-width: 1180px; margin: 0 auto; padding: 10px 20px; display: flex; ` +
  `flex-wrap: wrap; align-items: center; gap: 6px 24px; }
.brand { color: #fff; font-weight: 700; font-size: ` +
  `19px; text-decoration: none; }
.brand-mark { display: inline-block; margin-right: 2px; }
.app-header nav ul { ` +
  `list-style: none; display: flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0; }
.app-header nav a { ` +
  `color: #dfe5ee; text-decoration: none; padding: 8px 12px; border-radius: 6px; display: inline-block; ` +
  `}
.app-header nav a:hover { background: #2c3446; color: #fff; }
.app-header nav a[aria-current="page"] { ` +
  `background: #fff; color: #1d2330; font-weight: 600; }
.app-header :focus-visible { outline-color: ` +
  `var(--focus); }

main { padding-top: 20px !important; padding-bottom: 40px !important; }
main:focus { outline: ` +
  `none; }
h1 { font-size: 26px; margin: 4px 0 8px; }
.lede { color: var(--muted); margin: 0 0 16px; max-width: ` +
  `760px; }
.hint { color: var(--muted); font-size: 13px; font-weight: normal; }
.hint.block { display: block; ` +
  `}
.muted { color: var(--muted); }
.tag { display: inline-block; font-size: 12px; padding: 0 7px; ` +
  `border-radius: 9px; background: #e8ecf2; color: #333b48; font-weight: 500; }
code { font-family: ui-monospace, ` +
  `SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; background: #eef1f5; padding: 1px 4px; ` +
  `border-radius: 3px; }

.panel { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; ` +
  `padding: 16px 18px; margin-bottom: 16px; }
.panel h2, .panel h3 { border-top: 0; margin: 0 0 10px; ` +
  `padding-top: 0; }
.panel h2 { font-size: 19px; } .panel h3 { font-size: 17px; } .panel h4 { font-size: 15px; ` +
  `margin: 14px 0 6px; }

form fieldset { border: 0; padding: 0; margin: 0 0 16px; min-width: 0; }
form legend { ` +
  `font-weight: 600; padding: 0; margin-bottom: 6px; }
.field { margin: 0 0 14px; }
.field > label, .field-label ` +
  `{ display: block; font-weight: 600; margin-bottom: 4px; }
.field.check { display: flex; gap: 8px; align-items: ` +
  `center; }
.field.check label { font-weight: 600; margin: 0; }
.row { display: flex; flex-wrap: wrap; gap: 0 ` +
  `14px; align-items: flex-end; }
.row > legend { width: 100%; }
.row > .hint, .row > .field-error { flex-basis: ` +
  `100%; margin-top: 0; }
.row .field.small { flex: 1 1 90px; }
input[type="text"], input[type="number"], select ` +
  `{ width: 100%; min-height: 40px; padding: 7px 10px; font: inherit; font-size: 16px; color: var(--fg); ` +
  `background: #fff; border: 1px solid #aab3c2; border-radius: 6px; }
input[type="file"] { font: inherit; ` +
  `max-width: 100%; padding: 6px 0; }
input[type="checkbox"] { width: 18px; height: 18px; margin: 2px 0 0; flex: ` +
  `none; accent-color: var(--accent); }
input[aria-invalid="true"], select[aria-invalid="true"], ` +
  `fieldset[aria-invalid="true"] input[type="number"] { border-color: var(--danger); box-shadow: 0 0 0 1px ` +
  `var(--danger); }
ul.choices { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
ul.choices ` +
  `li { display: flex; gap: 8px; align-items: flex-start; }
ul.choices label { cursor: pointer; }
.field-error { ` +
  `color: var(--danger); font-size: 14px; font-weight: 600; margin: 6px 0 0; }
.field-error::before { content: "⚠ ` +
  `"; }

button, .button { font: inherit; font-weight: 600; min-height: 40px; padding: 8px 16px; border-radius: ` +
  `6px; border: 1px solid #aab3c2; background: #fff; color: var(--fg); cursor: pointer; text-decoration: none; ` +
  `display: inline-flex; align-items: center; }
button:hover:not(:disabled), .button:hover { background: #eef1f5; ` +
  `}
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: #fff; ` +
  `}
button.primary:hover:not(:disabled), .button.primary:hover { background: var(--accent-dark); }
button.danger ` +
  `{ color: var(--danger); border-color: var(--danger); }
button.danger:hover:not(:disabled) { background: ` +
  `#fdecea; }
button:disabled { opacity: 0.5; cursor: not-allowed; }
.actions { display: flex; flex-wrap: wrap; ` +
  `gap: 10px; margin: 6px 0; }

.message { border-left: 4px solid var(--accent); background: #eef4fd; padding: ` +
  `10px 14px; border-radius: 4px; margin: 0 0 16px; }
.message.error, .form-message { border-left: 4px solid ` +
  `var(--danger); background: #fdf1f0; padding: 10px 14px; border-radius: 4px; }

/* Decide */
.decide-layout { ` +
  `display: grid; grid-template-columns: minmax(300px, 400px) minmax(0, 1fr); gap: 20px; align-items: start; ` +
  `}
.questionnaire h1 { font-size: 23px; }
.decision-status { font-weight: 600; margin: 0 0 10px; ` +
  `}
.verdict-card { border-left: 8px solid var(--muted); background: #fff; border-radius: 8px; padding: 14px ` +
  `18px; margin-bottom: 16px; border-top: 1px solid var(--line); border-right: 1px solid var(--line); ` +
  `border-bottom: 1px solid var(--line); }
.verdict-card.outcome-node { border-left-color: var(--node); } ` +
  `.verdict-card.outcome-python { border-left-color: var(--python); } .verdict-card.outcome-hybrid { ` +
  `border-left-color: var(--hybrid); }
.verdict-card .eyebrow { text-transform: uppercase; letter-spacing: ` +
  `0.06em; font-size: 12px; color: var(--muted); margin: 0; }
.verdict-card h2.choice { font-size: 30px; margin: ` +
  `2px 0 6px; border: 0; padding: 0; }
.confidence { font-weight: 700; padding: 1px 8px; border-radius: 9px; ` +
  `color: #fff; }
.confidence.high { background: var(--supported); } .confidence.medium { background: ` +
  `var(--inconclusive); } .confidence.low { background: var(--refuted); }
ul.reasons { margin: 6px 0 0; ` +
  `padding-left: 20px; color: var(--muted); }
ol.rules { margin: 0; padding-left: 22px; }
ol.rules li.rule { ` +
  `margin-bottom: 12px; }
.rule-head { margin: 0 0 2px; display: flex; flex-wrap: wrap; gap: 6px; align-items: ` +
  `center; }
.rule p { margin: 2px 0; }
.panel blockquote { margin: 6px 0; padding: 2px 0 2px 12px; border-left: ` +
  `3px solid var(--line); font-style: italic; }
.source { color: var(--muted); font-size: 13px; }
.favours { ` +
  `font-size: 12px; font-weight: 600; padding: 0 7px; border-radius: 9px; color: #fff; background: var(--muted); ` +
  `}
.favours.node { background: var(--node); } .favours.python { background: var(--python); } .favours.hybrid { ` +
  `background: var(--hybrid); }
ul.conflicts, ul.consequences, ul.checks { margin: 0; padding-left: 0; ` +
  `list-style: none; }
ul.conflicts li, ul.consequences li, ul.checks li { margin-bottom: 10px; }
ul.consequences ` +
  `.effect { display: inline-block; width: 1.2em; font-weight: 700; }
ul.consequences li.good .effect { color: ` +
  `var(--supported); } ul.consequences li.bad .effect { color: var(--refuted); }
.mitigation { margin: 2px 0 0; ` +
  `font-size: 14px; }
table.costs caption { text-align: left; color: var(--muted); margin-bottom: 4px; ` +
  `}
table.costs { max-width: 480px; }
.sticky-summary { display: none; }
#decision.stale { opacity: 0.55; }

/* ` +
  `Results */
.results-controls { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), ` +
  `1fr)); gap: 16px; }
.results-controls .panel { margin-bottom: 0; }
#results-message { margin-top: 16px; ` +
  `}
.report { margin-top: 20px; }
.report-head { background: var(--bg); border: 1px solid var(--line); ` +
  `border-radius: 8px; padding: 14px 18px; }
.report-head h2 { border: 0; margin: 0 0 6px; padding: 0; ` +
  `}
.report-head nav { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 4px 12px; }
.report > section { ` +
  `background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 4px 18px 12px; margin-top: ` +
  `16px; }
.report > section > h2 { border: 0; margin-top: 10px; }
.charts, .charts.small { ` +
  `grid-template-columns: repeat(auto-fill, minmax(min(100%, 460px), 1fr)); }

/* Run */
.run-choices { display: ` +
  `grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 0 28px; }
.choices.wide { ` +
  `gap: 10px; }
.command-line { font-size: 14px; color: var(--muted); overflow-wrap: anywhere; }
.run-state { ` +
  `font-weight: 700; }
.run-state.completed { color: var(--supported); } .run-state.failed, .run-state.cancelled ` +
  `{ color: var(--refuted); } .run-state.cancelling { color: var(--inconclusive); }
.progress-row { display: ` +
  `flex; align-items: center; gap: 12px; }
progress { flex: 1; height: 16px; accent-color: var(--accent); ` +
  `}
.count { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
.run-label { ` +
  `font-weight: 600; margin: 8px 0 2px; overflow-wrap: anywhere; }
.run-end { border-top: 1px solid var(--line); ` +
  `margin-top: 10px; padding-top: 6px; }
pre.run-log { background: #0f1420; color: #e3e8ef; padding: 10px 12px; ` +
  `border-radius: 6px; max-height: 340px; overflow: auto; font-size: 12.5px; line-height: 1.45; white-space: pre; ` +
  `margin: 0; }
pre.run-log .stdout { color: #b5f5c8; }

.app-footer { max-width: 1180px; margin: 0 auto 24px; ` +
  `padding: 0 20px; color: var(--muted); font-size: 13px; }

@media (max-width: 900px) {
  .decide-layout { ` +
  `grid-template-columns: minmax(0, 1fr); }
  .sticky-summary { display: block; position: fixed; left: 0; right: ` +
  `0; bottom: 0; background: #1d2330; color: #fff; padding: 12px 16px; text-decoration: none; z-index: 5; ` +
  `box-shadow: 0 -2px 8px rgba(0,0,0,0.2); }
  body.page-decide { padding-bottom: 56px; }
}
@media (max-width: ` +
  `600px) {
  main, .app-bar, .app-footer { padding-left: 12px !important; padding-right: 12px !important; }
  ` +
  `.panel { padding: 12px; }
  h1 { font-size: 22px; }
  .verdict-card h2.choice { font-size: 24px; }
  .report > ` +
  `section { padding: 4px 10px 10px; }
  .report table, table.evidence { display: block; overflow-x: auto; }
  /* ` +
  `The claims table becomes one card per claim: verdict, claim, what decided it. */
  .report table.claims, ` +
  `.report table.claims > tbody, .report table.claims > tbody > tr, .report table.claims > tbody > tr > td { ` +
  `display: block; width: auto; overflow: visible; }
  .report table.claims > thead { position: absolute; width: ` +
  `1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .report table.claims > tbody > tr { ` +
  `border-bottom: 2px solid var(--line); padding: 10px 0; }
  .report table.claims > tbody > tr > td { border: 0; ` +
  `padding: 2px 0; }
  .report table.claims > tbody > tr > td:first-child { width: auto; }
}
`;
