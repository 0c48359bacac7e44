/**
 * `verdict bench --profile`: after the users stage's measured rounds, one extra trial per tuned and
 * reference server under a CPU profiler (Node: V8's profiler through the inspector; Python:
 * py-spy), the raw profile saved beside the results file, and its call tree and top ten by self
 * time recorded in the results file (`profiles`), saved after every server like a cell.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ServerProfile } from '../results/profile-schema.js';
import type { Results } from '../results/schema.js';
import type { ServerManifest } from '../servers/manifest.js';
import type { RunningServer } from '../servers/process.js';
import { waitUntilIdle } from '../measure/idle.js';
import { wasInterrupted } from '../util/lifecycle.js';
import { freePort } from '../util/ports.js';
import type { Measurement } from '../workloads/types.js';
import { nodeFrame, pythonFrame } from './classify.js';
import { inspectorEnv, NODE_TOOL, startNodeCapture } from './node-capture.js';
import { isProfiled, PROFILE_WORKLOAD, profileConnections, profileSeconds, profilesFolderFor } from './plan.js';
import {
  CaptureProblem,
  findPySpy,
  pySpyTool,
  pythonStdlib,
  PY_SPY_VERSION,
  startPythonCapture,
} from './python-capture.js';
import { foldCollapsed, foldCpuProfile, sampleCount, type CpuProfile, type FoldedProfile } from './stacks.js';
import { buildFlameTree, topFunctions } from './tree.js';

export interface ProfilerOptions {
  resultsPath: string;
  /** The interpreter of the Python servers; py-spy is looked for beside it. */
  python: string | null;
  /** Where py-spy runs: the load generator's CPUs, away from the server's. */
  generatorCpus: string | null;
  usersLevels: readonly number[];
  /** The users cells' duration. */
  cellSeconds: number;
  log(line: string): void;
}

export interface ProfileStage {
  /** The stage's running servers; those not tuned or reference are left alone. */
  servers: readonly RunningServer[];
  /** Every live server of the stage: the idle wait before a trial covers them all. */
  pids: readonly number[];
  results: Results;
  save(): Promise<void>;
  /** One users trial against `server`, as the stage's cells run it. */
  load(server: RunningServer, connections: number, seconds: number): Promise<Measurement>;
}

export interface Profiler {
  /** Extra environment for a server of the run: a Node server gets a closed inspector port. */
  serverEnv(manifest: ServerManifest): Promise<Record<string, string>>;
  profileStage(stage: ProfileStage): Promise<void>;
}

const BACKLOG_MAX_SECONDS = 30;

export function createProfiler(options: ProfilerOptions): Profiler {
  const folder = profilesFolderFor(options.resultsPath);
  const connections = profileConnections(options.usersLevels);
  const seconds = profileSeconds(options.cellSeconds);
  const inspectorPorts = new Map<string, number>();
  const pySpy = findPySpy(options.python);
  let stdlib: Promise<Set<string>> | undefined;

  const method =
    `One extra ${PROFILE_WORKLOAD} trial per tuned and reference server at ` +
    `${connections.toLocaleString('en-US')} connections for ${seconds} s, after its measured rounds and never ` +
    `counted in them: ` +
    `the profiler takes CPU from the server (py-spy pauses it to read each sample), so that trial's req/s is no ` +
    `measurement. Node: ${NODE_TOOL}, its inspector opened (SIGUSR1) for this trial only; Python: ` +
    `${pySpyTool()}, attached with ptrace.`;

  async function capture(
    server: RunningServer,
    file: string,
    run: () => Promise<Measurement>,
  ): Promise<{ measurement: Measurement; raw: string; folded: FoldedProfile }> {
    if (server.manifest.runtime === 'node') {
      const port = inspectorPorts.get(server.manifest.name);
      if (port === undefined) throw new CaptureProblem('failed', 'the server was started without an inspector port');
      const session = await startNodeCapture(server.pid, port).catch((error: Error) => {
        throw new CaptureProblem('failed', error.message);
      });
      let measurement: Measurement;
      try {
        measurement = await run();
      } catch (error) {
        session.cancel();
        throw error;
      }
      const profile: CpuProfile = await session.stop();
      return {
        measurement,
        raw: JSON.stringify(profile),
        folded: foldCpuProfile(profile, (frame) => nodeFrame(frame, server.manifest.dir)),
      };
    }
    if (!pySpy)
      throw new CaptureProblem(
        'unavailable',
        `py-spy is not installed beside ${options.python ?? 'the Python interpreter'} nor on PATH (run verdict ` +
          `setup, or pip install py-spy==${PY_SPY_VERSION})`,
      );
    const session = await startPythonCapture(server.pid, {
      pySpy,
      output: file,
      cpus: options.generatorCpus,
      maxSeconds: seconds + 30,
    });
    let measurement: Measurement;
    try {
      measurement = await run();
    } catch (error) {
      await session.cancel();
      throw error;
    }
    const raw = await session.stop();
    stdlib ??= pythonStdlib(options.python ?? 'python3');
    const context = { stdlib: await stdlib, isAppFile: (f: string) => existsSync(join(server.manifest.dir, f)) };
    return { measurement, raw, folded: foldCollapsed(raw, (frame) => pythonFrame(frame, context)) };
  }

  async function profileOne(server: RunningServer, stage: ProfileStage): Promise<ServerProfile> {
    const { manifest } = server;
    const node = manifest.runtime === 'node';
    const fileName = `${manifest.name}${node ? '.cpuprofile' : '.py-spy.txt'}`;
    const base: ServerProfile = {
      server: manifest.name,
      runtime: manifest.runtime,
      variant: manifest.variant,
      status: 'failed',
      reason: null,
      tool: node ? NODE_TOOL : pySpyTool(),
      file: null,
      workload: PROFILE_WORKLOAD,
      connections,
      startedAt: new Date().toISOString(),
      durationSeconds: seconds,
      requestsPerSecond: null,
      samples: 0,
      topSelf: [],
      flame: null,
    };
    if (server.hasExited()) return { ...base, reason: 'the server exited before its profiled trial' };
    await waitUntilIdle(stage.pids.length ? stage.pids : [server.pid], { maxSeconds: BACKLOG_MAX_SECONDS });
    await mkdir(folder, { recursive: true });
    const path = join(folder, fileName);
    let taken;
    try {
      taken = await capture(server, path, () => stage.load(server, connections, seconds));
    } catch (error) {
      const status = error instanceof CaptureProblem ? error.status : 'failed';
      const reason =
        error instanceof CaptureProblem ? error.message : `the profiled trial failed: ${(error as Error).message}`;
      return { ...base, status, reason };
    }
    if (node) await writeFile(path, taken.raw);
    const samples = sampleCount(taken.folded.stacks);
    const { measurement } = taken;
    const rps =
      measurement.requestsPerSecond ??
      (measurement.durationSeconds > 0 ? measurement.requests / measurement.durationSeconds : null);
    const recorded = {
      ...base,
      file: `${basename(folder)}/${fileName}`,
      requestsPerSecond: rps === null ? null : Math.round(rps * 10) / 10,
      samples,
    };
    if (samples === 0)
      return { ...recorded, reason: 'the profile has no samples: the server ran no code during the trial' };
    return {
      ...recorded,
      status: 'recorded',
      topSelf: topFunctions(taken.folded.stacks),
      flame: buildFlameTree(taken.folded.stacks),
    };
  }

  return {
    async serverEnv(manifest) {
      if (manifest.runtime !== 'node' || !isProfiled(manifest)) return {};
      const port = await freePort();
      inspectorPorts.set(manifest.name, port);
      return inspectorEnv(port);
    },
    async profileStage(stage) {
      for (const server of stage.servers) {
        if (wasInterrupted()) return;
        if (!isProfiled(server.manifest)) continue;
        stage.results.profiles ??= { folder: basename(folder), method, servers: [] };
        options.log(
          `${server.manifest.name}: profiled trial, ${PROFILE_WORKLOAD} at ${connections} connections for ` +
            `${seconds} s (not measured)`,
        );
        const profile = await profileOne(server, stage);
        if (wasInterrupted()) return;
        stage.results.profiles.servers.push(profile);
        await stage.save();
        const top = profile.topSelf
          .slice(0, 3)
          .map((f) => `${f.name} ${f.selfPercent.toFixed(1)}%`)
          .join(', ');
        options.log(
          `${server.manifest.name}: ` +
            `${
              profile.status === 'recorded'
                ? `profile saved (${profile.samples} ` + `samples; most self time: ${top})`
                : profile.status === 'not-permitted'
                  ? `profiling not permitted here: ${profile.reason}`
                  : `no profile: ${profile.reason}`
            }`,
        );
      }
    },
  };
}
