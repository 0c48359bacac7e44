/**
 * The framework-cost lines as an HTML fragment, under the throughput charts: each tuned server's
 * share of its runtime's reference server, and each reference's share of the database ceiling,
 * with their intervals. Nothing when the run measured no reference server.
 */
import type { Results } from '../../results/schema.js';
import { escapeHtml as h } from '../escape.js';
import { describeFrameworkCost, FRAMEWORK_COST_NOTE, frameworkCosts } from '../framework-cost.js';

export function frameworkCostHtml(results: Results): string {
  const costs = frameworkCosts(results);
  if (costs.length === 0) return '';
  const items = costs.map(
    (c) =>
      `<li data-kind="${c.kind}" data-server="${h(c.server)}" data-connections="${c.connections}">` +
      `${h(describeFrameworkCost(c))}</li>`,
  );
  return (
    `<h3 id="framework-cost">Framework cost</h3><p class="method">${h(FRAMEWORK_COST_NOTE)}</p><ul ` +
    `class="framework-cost">${items.join('')}</ul>`
  );
}
