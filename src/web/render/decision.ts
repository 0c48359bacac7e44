/**
 * The recommendation as an HTML fragment for the decide page: the same Recommendation the
 * terminal and ADR renderers read (src/decide/recommend.ts), so the three cannot disagree.
 * Pure: data in, HTML out; every string from data is escaped.
 */
import { moneyRange } from '../../decide/costs.js';
import type { ClaimCheck, RuntimeMeasurement, WorkloadEvidence } from '../../decide/evidence.js';
import { fmt } from '../../decide/evidence.js';
import type { Recommendation } from '../../decide/recommend.js';
import { RUNTIME_NAMES } from '../../decide/situation.js';
import { escapeHtml as h } from '../../report/escape.js';

const FAVOURS: Record<string, string> = { node: 'favours Node.js', python: 'favours Python', hybrid: 'favours the hybrid', none: 'no vote' };
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
    `<p>Confidence <span class="confidence ${rec.confidence.level}">${rec.confidence.level}</span>, decided by ${h(DECIDED_AT[rec.decidedAt])}.</p>`,
    reasons,
    '</section>',
  ].join('');
}

function rules(rec: Recommendation): string {
  const items = rec.fired.map(
    (r) =>
      `<li class="rule" data-rule="${h(r.id)}"><p class="rule-head"><code>${h(r.id)}</code> <span class="tag">${h(r.kind)}</span> <span class="favours ${r.favours}">${FAVOURS[r.favours] ?? h(r.favours)}</span></p>` +
      `<p>${h(capitalise(r.because))}.</p><blockquote>${h(r.quote)}</blockquote><p class="source">The guide, ${h(r.section)}</p></li>`,
  );
  return section('rules', `Rules that fired (${rec.fired.length})`, `<ol class="rules">${items.join('')}</ol>`);
}

function conflicts(rec: Recommendation): string {
  if (rec.conflicts.length === 0) return section('conflicts', 'Conflicts between rules', '<p class="muted">None: the rules that fired pull the same way.</p>');
  const items = rec.conflicts.map(
    (c) =>
      `<li class="conflict" data-conflict="${h(c.id)}"><p><strong>${h(c.title)}</strong></p>` +
      `<p class="muted">Between ${c.rules.map((r) => `<code>${h(r)}</code>`).join(', ')}</p>` +
      `<p>Resolved: <strong>${h(RUNTIME_NAMES[c.resolution])}</strong>. ${h(c.explanation)}</p></li>`,
  );
  return section('conflicts', `Conflicts between rules (${rec.conflicts.length})`, `<ul class="conflicts">${items.join('')}</ul>`);
}

function costs(rec: Recommendation): string {
  const c = rec.costs;
  const where = c.location === 'london' ? 'London' : 'UK outside London';
  const rows = [
    ['Node.js', moneyRange(c.node.monthly, c.currency)],
    ['Python', moneyRange(c.python.monthly, c.currency)],
    ['Hybrid', moneyRange(c.hybrid, c.currency)],
  ];
  const table = `<table class="data costs"><caption>Monthly cost of a team of ${c.teamSize}, ${c.basis}, ${where}</caption><thead><tr><th scope="col">runtime</th><th scope="col" class="num">per month</th></tr></thead><tbody>${rows
    .map(([name, value]) => `<tr><th scope="row">${name}</th><td class="num">${h(value!)}</td></tr>`)
    .join('')}</tbody></table><p class="hint">The hybrid's cost depends on how the team is split between the runtimes.</p>`;
  const assumptions = `<details><summary>Assumptions and source (${h(c.source)}, ${h(c.date)})</summary><ul>${c.assumptions.map((a) => `<li>${h(a)}</li>`).join('')}</ul></details>`;
  return section('costs', 'Costs', `<div class="scroll">${table}</div>${assumptions}`);
}

function evidence(rec: Recommendation): string {
  const e = rec.evidence;
  if (!e.used) return section('evidence', 'Evidence from measurements', `<p class="muted">No measurements were used: ${h(e.reason)}.</p>`);
  const checks = e.checks.length
    ? `<h4>The guide's claims behind the fired rules</h4><ul class="checks">${e.checks.map(check).join('')}</ul>`
    : '<p class="muted">No fired rule rests on a claim these measurements test.</p>';
  return section(
    'evidence',
    'Evidence from measurements',
    `<p class="muted">${h(e.file)} (${h(e.createdAt)}); ${h(e.environment)}</p>${e.workloads.map(workload).join('')}${checks}`,
  );
}

function workload(w: WorkloadEvidence): string {
  const row = (m: RuntimeMeasurement | null, name: string) =>
    m
      ? `<tr><th scope="row">${name}</th><td>${h(m.server)} <span class="muted">(${h(m.variant)}, ${m.trials} trial${m.trials === 1 ? '' : 's'})</span></td><td class="num">${m.requestsPerSecond === null ? 'n/a' : fmt(m.requestsPerSecond)}</td><td class="num">${m.p99Ms === null ? 'n/a' : `${fmt(m.p99Ms)} ms`}</td><td class="num" title="${h(m.memoryMethod ?? '')}">${m.memoryPerConnectionKb === null ? 'n/a' : `${fmt(m.memoryPerConnectionKb)} KB`}</td><td class="num">${m.errors + m.non2xx}</td></tr>`
      : `<tr><th scope="row">${name}</th><td colspan="5" class="muted">not measured at this level</td></tr>`;
  const ratio = w.throughputRatio === null ? '' : `<p>Node.js / Python requests per second: <strong>${w.throughputRatio.toFixed(2)}x</strong></p>`;
  return [
    `<h4>${h(w.workload)} workload at ${w.measuredConnections.toLocaleString('en-GB')} connections</h4>`,
    w.levelNote ? `<p class="muted">${h(w.levelNote)}</p>` : '',
    '<div class="scroll"><table class="data evidence"><thead><tr><th scope="col">runtime</th><th scope="col">server</th><th scope="col" class="num">req/s</th><th scope="col" class="num">p99</th><th scope="col" class="num">memory / connection</th><th scope="col" class="num">errors</th></tr></thead><tbody>',
    row(w.node, 'Node.js'),
    row(w.python, 'Python'),
    '</tbody></table></div>',
    ratio,
  ].join('');
}

function check(c: ClaimCheck): string {
  return `<li class="check-${c.verdict}"><span class="badge ${c.verdict === 'agrees' ? 'supported' : c.verdict === 'disagrees' ? 'refuted' : 'inconclusive'}">${c.verdict}</span> “${h(c.guide)}” <span class="muted">(${c.rules.map(h).join(', ')})</span><br>${h(c.detail)}</li>`;
}

function consequences(rec: Recommendation): string {
  const list = (items: Recommendation['risks']) =>
    items.length === 0
      ? '<p class="muted">None.</p>'
      : `<ul class="consequences">${items
          .map(
            (c) =>
              `<li class="${c.effect}"><span class="effect" aria-label="${c.effect === 'good' ? 'good' : 'bad'}">${c.effect === 'good' ? '+' : '−'}</span> ${h(c.text)}` +
              `${c.quote ? `<blockquote>${h(c.quote)}</blockquote>` : ''}${c.mitigation ? `<p class="mitigation">Mitigation: ${h(c.mitigation)}</p>` : ''}</li>`,
          )
          .join('')}</ul>`;
  return section('risks', `Risks (${rec.risks.length})`, list(rec.risks)) + section('trade-offs', `Trade-offs (${rec.tradeOffs.length})`, list(rec.tradeOffs));
}

function section(id: string, title: string, body: string): string {
  return `<section class="panel" id="decision-${id}" aria-labelledby="decision-${id}-title"><h3 id="decision-${id}-title">${h(title)}</h3>${body}</section>`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
