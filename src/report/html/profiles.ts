/**
 * The report's "where the CPU time goes" section (`verdict bench --profile`): per profiled server,
 * its flame graph and the ten functions with the most self time, or why there is no profile
 * ("profiling not permitted here: ..."). Pure: results in, an HTML fragment out.
 */
import type { Profiles, ServerProfile } from '../../results/profile-schema.js';
import type { Results } from '../../results/schema.js';
import { escapeHtml as h } from '../escape.js';
import { flameLegend, renderFlameGraph } from './flame-graph.js';
import { htmlTable } from './sections.js';

export const PROFILES_TITLE = 'Where the CPU time goes';

/** What a profile's missing status means, in the words the report uses. */
export function profileProblem(profile: ServerProfile): string {
  switch (profile.status) {
    case 'not-permitted':
      return `profiling not permitted here: ${profile.reason ?? 'the system refused to attach to the process'}`;
    case 'unavailable':
      return `no profiler: ${profile.reason ?? 'the profiler is not installed'}`;
    default:
      return `profiling failed: ${profile.reason ?? 'unknown reason'}`;
  }
}

const NOTES: Record<ServerProfile['runtime'], string> = {
  node:
    'Frames without a location are native: V8’s builtins and Node’s C++ bindings (writev and writeBuffer are the ' +
    'socket writes, system calls included); (program) is native code V8 cannot attribute to any function (libuv, ' +
    'the event loop); (garbage collector) is V8’s collector. Time waiting for work (idle) is left out.',
  python:
    'Python frames only (py-spy without --native): time in compiled extensions (pydantic-core, asyncpg, uvloop, ' +
    'orjson) counts as self time of the Python function that called them. Time waiting for work (idle) is left ' +
    'out.',
};

function describeTrial(profile: ServerProfile): string {
  const rps =
    profile.requestsPerSecond === null
      ? ''
      : `, ${Math.round(profile.requestsPerSecond).toLocaleString('en-US')} req/s under the profiler`;
  return (
    `${profile.workload} at ${profile.connections.toLocaleString('en-US')} connections for ` +
    `${profile.durationSeconds} s${rps}; ${profile.samples.toLocaleString('en-US')} samples; ${profile.tool}.`
  );
}

function serverProfileHtml(profile: ServerProfile): string {
  const heading =
    `<h3 id="profile-${h(profile.server)}">${h(profile.server)} <span class="section">(${h(profile.runtime)}, ` +
    `${h(profile.variant)})</span></h3>`;
  if (profile.status !== 'recorded' || !profile.flame) {
    return (
      `<div class="profile" data-server="${h(profile.server)}" data-status="${profile.status}">${heading}<p ` +
      `class="profile-missing">${h(profileProblem(profile))}</p></div>`
    );
  }
  const top = htmlTable(
    ['#', 'function', 'where', 'self', 'total'],
    profile.topSelf.map((f, i) => [
      String(i + 1),
      f.name,
      f.location || '–',
      `${f.selfPercent.toFixed(1)}%`,
      `${f.totalPercent.toFixed(1)}%`,
    ]),
    ['right', 'left', 'left', 'right', 'right'],
    'data top-self',
  );
  const raw = profile.file ? ` Raw profile: <code>${h(profile.file)}</code>.` : '';
  const flame = renderFlameGraph(profile.flame, {
    id: `flame-${profile.server}`,
    label: `CPU flame graph of ${profile.server}`,
  });
  return [
    `<div class="profile" data-server="${h(profile.server)}" data-status="recorded">`,
    heading,
    `<p class="method">${h(describeTrial(profile))}${raw}</p>`,
    `<div class="scroll">${flame}</div>`,
    flameLegend(profile.flame.frames.map((f) => f.category)),
    `<h4>Top ten functions by self time</h4>`,
    `<div class="scroll">${top}</div>`,
    `<p class="caption">${h(NOTES[profile.runtime])}</p>`,
    '</div>',
  ].join('');
}

export function profilesSection(profiles: Profiles): string {
  const intro =
    `<p class="method">${h(profiles.method)} Each graph reads from the top: a frame’s callers above it, its width ` +
    `its share of the samples; hover a frame for its figures. Raw profiles are in ` +
    `<code>${h(profiles.folder)}</code> beside the results file (open a .cpuprofile in Chrome DevTools, py-spy’s ` +
    `collapsed stacks in speedscope or flamegraph.pl).</p>`;
  if (profiles.servers.length === 0)
    return `${intro}<p class="profile-missing">No server was profiled in this run.</p>`;
  return intro + profiles.servers.map(serverProfileHtml).join('');
}

/** The section for the report's list, only when the run was profiled. */
export function profilesReportSection(results: Results): { id: string; title: string; html: string }[] {
  const { profiles } = results;
  return profiles ? [{ id: 'profiles', title: PROFILES_TITLE, html: profilesSection(profiles) }] : [];
}
