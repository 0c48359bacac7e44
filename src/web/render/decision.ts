/**
 * The recommendation as an HTML fragment for the decide page: the same Recommendation the
 * terminal and ADR renderers read (src/decide/recommend.ts), so the three cannot disagree.
 * Pure: data in, HTML out; every string from data is escaped.
 */
import { locationName, monthlyCostRows } from '../../decide/costs.js';
import type { CitedClaim } from '../../decide/evidence.js';
import type { PeakFigures, SideFigures } from '../../decide/peak-figures.js';
import type { Recommendation } from '../../decide/recommend.js';
import { RUNTIME_NAMES } from '../../decide/situation.js';
import { escapeHtml as h } from '../../report/escape.js';

const FAVOURS: Record<string, string> = {
  node: 'favours Node.js',
  python: 'favours Python',
  hybrid: 'favours the hybrid',
  none: 'no vote',
};
const DECIDED_AT: Record<Recommendation['decidedAt'], string> = {
  ecosystem: 'the AI and data rules',
  override: 'the rule that overrides the table',
  table: 'the decision table',
  'tie-break': 'a tie-break',
  conflict: 'resolving a conflict between rules',
};

/** One line for the live region and the phone's sticky bar. */
export function decisionSummary(rec: Recommendation): string {
  return `${rec.choice}, confidence ${rec.confidence.level}`;
}

export function renderDecision(rec: Recommendation): string {
  return [headline(rec), rules(rec), conflicts(rec), costs(rec), evidence(rec), consequences(rec)].join('');
}

function headline(rec: Recommendation): string {
  const reasons = rec.confidence.reasons.length
    ? `<ul class="reasons">${rec.confidence.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>`
    : '<p class="muted">The rules that fired agree and no conflict had to be resolved.</p>';
  return [
    `<section class="verdict-card outcome-${rec.outcome}" aria-labelledby="rec-title" data-outcome="${rec.outcome}">`,
    '<p class="eyebrow">Recommendation</p>',
    `<h2 id="rec-title" class="choice">${h(rec.choice)}</h2>`,
    `<p>Confidence <span class="confidence ${rec.confidence.level}">${rec.confidence.level}</span>, decided by ` +
      `${h(DECIDED_AT[rec.decidedAt])}.</p>`,
    reasons,
    '</section>',
  ].join('');
}

function rules(rec: Recommendation): string {
  const items = rec.fired.map(
    (r) =>
      `<li class="rule" data-rule="${h(r.id)}"><p class="rule-head"><code>${h(r.id)}</code> <span class="tag">` +
      `${h(r.kind)}</span> <span class="favours ${r.favours}">${FAVOURS[r.favours] ?? h(r.favours)}</span></p>` +
      `<p>${h(capitalise(r.because))}.</p><blockquote>${h(r.quote)}</blockquote><p class="source">The guide, ` +
      `${h(r.section)}</p></li>`,
  );
  return section('rules', `Rules that fired (${rec.fired.length})`, `<ol class="rules">${items.join('')}</ol>`);
}

function conflicts(rec: Recommendation): string {
  if (rec.conflicts.length === 0)
    return section(
      'conflicts',
      'Conflicts between rules',
      '<p class="muted">None: the rules that fired pull the same way.</p>',
    );
  const items = rec.conflicts.map(
    (c) =>
      `<li class="conflict" data-conflict="${h(c.id)}"><p><strong>${h(c.title)}</strong></p>` +
      `<p class="muted">Between ${c.rules.map((r) => `<code>${h(r)}</code>`).join(', ')}</p>` +
      `<p>Resolved: <strong>${h(RUNTIME_NAMES[c.resolution])}</strong>. ${h(c.explanation)}</p></li>`,
  );
  return section(
    'conflicts',
    `Conflicts between rules (${rec.conflicts.length})`,
    `<ul class="conflicts">${items.join('')}</ul>`,
  );
}

function costs(rec: Recommendation): string {
  const c = rec.costs;
  const where = locationName(c.location);
  const rows = monthlyCostRows(c, 'Hybrid');
  const table =
    `<table class="data costs"><caption>Monthly cost of a team of ${c.teamSize}, ${c.basis}, ` +
    `${where}</caption><thead><tr><th scope="col">runtime</th><th scope="col" class="num">per ` +
    `month</th></tr></thead><tbody>` +
    `${rows
      .map(([name, value]) => `<tr><th scope="row">${name}</th><td class="num">${h(value!)}</td></tr>`)
      .join('')}` +
    `</tbody></table><p class="hint">The hybrid's cost depends on how the team is split between the runtimes.</p>`;
  const assumptions =
    `<details><summary>Assumptions and source (${h(c.source)}, ${h(c.date)})</summary><ul>` +
    `${c.assumptions.map((a) => `<li>${h(a)}</li>`).join('')}</ul></details>`;
  return section('costs', 'Costs', `<div class="scroll">${table}</div>${assumptions}`);
}

function evidence(rec: Recommendation): string {
  const e = rec.evidence;
  if (!e.used)
    return section(
      'evidence',
      'Evidence from measurements',
      `<p class="muted">No measurements were used: ${h(e.reason)}.</p>`,
    );
  const caveats = [e.indicative, e.unfinished]
    .filter((c): c is string => c !== null)
    .map((c) => `<p class="indicative"><strong>${h(c)}</strong></p>`)
    .join('');
  const claims = e.claims.length
    ? `<h4>The guide's claims behind the fired rules, as <code>verdict report</code> judges them</h4><ul ` +
      `class="checks">${e.claims.map(claim).join('')}</ul>`
    : '<p class="muted">No fired rule rests on a claim a benchmark tests.</p>';
  return section(
    'evidence',
    'Evidence from measurements',
    `<p class="muted">${h(e.file)}: ${h(e.why)}. Run of ${h(e.createdAt)}, ${h(e.status)}; ` +
      `${h(e.environment)}</p>${caveats}${e.atPeak.map(peak).join('')}${claims}`,
  );
}

function peak(at: PeakFigures): string {
  if (at.level === null) return `<p class="muted">${h(capitalise(at.missing.join('; ')))}.</p>`;
  const sides = [at.node, at.python];
  const labels = (at.node ?? at.python)?.figures.map((f) => f.label) ?? [];
  const cell = (side: SideFigures | null, i: number) =>
    `<td class="num">${side ? h(side.figures[i]?.text ?? '–') : '<span class="muted">not measured</span>'}</td>`;
  const rows = [
    `<tr><th scope="row">server</th>` +
      `${sides
        .map(
          (s) =>
            `<td>` +
            `${
              s
                ? `${h(s.server)} <span class="muted">(${h(s.variant)}, ${h(s.trials)} trial` +
                  `${s.trials === '1' ? '' : 's'})</span>`
                : '<span class="muted">not measured</span>'
            }` +
            `</td>`,
        )
        .join('')}` +
      `</tr>`,
    ...labels.map((label, i) => `<tr><th scope="row">${h(label)}</th>${sides.map((s) => cell(s, i)).join('')}</tr>`),
  ];
  const notes = [at.levelNote, ...at.missing, at.comparison]
    .filter((n): n is string => Boolean(n))
    .map((n) => `<p class="muted">${h(n)}</p>`)
    .join('');
  return [
    `<h4>${h(at.workload)} workload at ${at.level.toLocaleString('en-GB')} connections</h4>`,
    '<div class="scroll"><table class="data evidence"><thead><tr><th scope="col">figure</th><th ' +
      'scope="col">Node.js</th><th scope="col">Python</th></tr></thead><tbody>',
    rows.join(''),
    '</tbody></table></div>',
    notes,
  ].join('');
}

function claim(c: CitedClaim): string {
  const badge = c.claim.verdict;
  return (
    `<li class="check-${badge}" data-claim="${h(c.claim.id)}"><span class="badge ${badge}">${badge}</span> “` +
    `${h(c.claim.quote)}” <span class="muted">(${h(c.claim.id)}; ${c.rules.map(h).join(', ')})</span><br>` +
    `${h(c.claim.because)}<br><span class="bearing ${c.bearing}">${h(c.bearingText)}</span></li>`
  );
}

function consequences(rec: Recommendation): string {
  const list = (items: Recommendation['risks']) =>
    items.length === 0
      ? '<p class="muted">None.</p>'
      : `<ul class="consequences">` +
        `${items
          .map(
            (c) =>
              `<li class="${c.effect}"><span class="effect" ` +
              `aria-label="${c.effect === 'good' ? 'good' : 'bad'}">${c.effect === 'good' ? '+' : '−'}</span> ` +
              `${h(c.text)}` +
              `${c.quote ? `<blockquote>${h(c.quote)}</blockquote>` : ''}` +
              `${c.mitigation ? `<p class="mitigation">Mitigation: ${h(c.mitigation)}</p>` : ''}</li>`,
          )
          .join('')}` +
        `</ul>`;
  return (
    section('risks', `Risks (${rec.risks.length})`, list(rec.risks)) +
    section('trade-offs', `Trade-offs (${rec.tradeOffs.length})`, list(rec.tradeOffs))
  );
}

function section(id: string, title: string, body: string): string {
  return (
    `<section class="panel" id="decision-${id}" aria-labelledby="decision-${id}-title"><h3 ` +
    `id="decision-${id}-title">${h(title)}</h3>${body}</section>`
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
