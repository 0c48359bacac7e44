/**
 * `verdict serve`: the decision engine, the results reports and quick benchmark runs behind one
 * local web page (src/web). Prints the URL on stdout; Ctrl-C stops the server and any run it
 * started, with everything that run started.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { CommandSpec } from '../cli/args.js';
import { ExitCode, UsageError, VerdictError } from '../core/errors.js';
import { palette, writeLine } from '../core/output.js';
import { booleanFlag, integerValue, stringFlag } from '../cli/values.js';
import { loadRates } from '../decide/rates.js';
import { loadManifests } from '../servers/manifest.js';
import { onCleanup, onInterrupt } from '../util/lifecycle.js';
import { projectRoot } from '../util/paths.js';
import { shownPath } from '../util/shown-path.js';
import { which } from '../util/system.js';
import { verdictVersion } from '../util/version.js';
import { WORKLOADS } from '../workloads/index.js';
import { newAccessToken } from '../web/access-token.js';
import { createWebApp } from '../web/app.js';
import { ResultsFolder } from '../web/results-folder.js';
import { RunManager } from '../web/runs/run-manager.js';

export const DEFAULT_PORT = 7357;

/** Addresses only this machine can reach: the page needs no token there. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const command: CommandSpec = {
  name: 'serve',
  summary: 'A local web app: the decide questionnaire, results with charts, and quick benchmark runs.',
  description: [
    'Serves the decision engine (verdict decide), the results reports (verdict report) and quick runs',
    '(verdict bench --quick) as one web page on this machine, with the JSON API behind it described at',
    '/api/openapi.json. Every asset is served locally: the page works with no network. Prints the URL;',
    'Ctrl-C stops the server and any run it started.',
  ].join('\n'),
  flags: {
    host: {
      type: 'string',
      value: 'HOST',
      description: 'Address to listen on; anything but loopback needs --allow-remote.',
      default: '127.0.0.1',
    },
    'allow-remote': {
      type: 'boolean',
      description:
        'Allow a --host other machines can reach; every request must then carry a random token, printed in the URL.',
    },
    port: {
      type: 'string',
      value: 'N',
      description: 'Port to listen on; 0 picks any free port.',
      default: String(DEFAULT_PORT),
    },
    'results-dir': {
      type: 'string',
      value: 'DIR',
      description: 'Folder of results files to show, and where runs write theirs.',
      default: 'results',
    },
    rates: {
      type: 'string',
      value: 'FILE',
      description: "Day rates and salaries for the decide page's costs.",
      default: 'data/rates-uk-2026.json',
    },
    open: { type: 'boolean', description: 'Open the page in the default browser (xdg-open).' },
  },
  examples: [
    'verdict serve',
    'verdict serve --port 0',
    'verdict serve --results-dir ~/bench-results --open',
    'verdict serve --host 0.0.0.0 --allow-remote',
  ],
  async run({ flags }, out) {
    const host = stringFlag(flags, 'host') ?? '127.0.0.1';
    if (host.trim() === '' || /[\s/]/.test(host))
      throw new UsageError(`--host must be an address such as 127.0.0.1, got '${host}'`);
    const remote = !isLoopback(host);
    if (remote && !booleanFlag(flags, 'allow-remote')) {
      throw new UsageError(
        `--host ${host} is not a loopback address, and other machines could start benchmarks here`,
        'add --allow-remote to require a token that verdict serve prints, or use --host 127.0.0.1',
      );
    }
    const port = integerValue('port', stringFlag(flags, 'port') ?? String(DEFAULT_PORT), { min: 0, max: 65_535 });
    const resultsDir = resolve(out.cwd, stringFlag(flags, 'results-dir') ?? 'results');
    const ratesFlag = stringFlag(flags, 'rates');
    const rates = ratesFlag ? loadRates(resolve(out.cwd, ratesFlag), ratesFlag) : loadRates();
    const manifests = await loadManifests();
    const p = palette(out.color);

    const runs = new RunManager({
      command: [process.execPath, join(projectRoot, 'dist', 'bin.js')],
      cwd: out.cwd,
      resultsDir,
      cancelGraceMs: 15_000,
    });
    const web = await createWebApp(
      { cwd: out.cwd, folder: new ResultsFolder(resultsDir), rates, runs, manifests, workloads: WORKLOADS },
      verdictVersion(),
      {
        stderr: out.stderr,
        ...(remote ? { token: newAccessToken() } : {}),
      },
    );
    if (web.scripts.size === 0)
      writeLine(out.stderr, p.yellow("warning: the page scripts are missing (dist/web/client); run 'npm run build'"));
    let url: string;
    try {
      url = await web.listen(host, port);
    } catch (error) {
      await web.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new VerdictError(
          `port ${port} on ${host} is in use`,
          'choose another with --port, or --port 0 for any free port',
        );
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
        throw new UsageError(`--host ${host} is not an address of this machine`, 'use 127.0.0.1');
      throw error;
    }
    onCleanup('web server', () => web.close());

    writeLine(out.stdout, url);
    const base = url.split('?')[0]!;
    writeLine(
      out.stderr,
      p.dim(
        `verdict serve: decide, results and runs at ${url} · results folder ${shownPath(out.cwd, resultsDir)} · ` +
          `API ${base}api/openapi.json · Ctrl-C stops it`,
      ),
    );
    if (remote)
      writeLine(
        out.stderr,
        p.yellow(
          `warning: listening on ${host}: other machines can reach this page; it answers only with the token in ` +
            `the URL above, so share that URL only with people who may start benchmarks here`,
        ),
      );
    if (booleanFlag(flags, 'open')) openBrowser(url, (line) => writeLine(out.stderr, line));

    // Serve until Ctrl-C; the cleanups stop the run in progress and then the server.
    await new Promise<void>((done) => onInterrupt(done));
    return ExitCode.interrupted;
  },
};

function openBrowser(url: string, warn: (line: string) => void): void {
  const opener = which('xdg-open') ?? which('open');
  if (!opener) {
    warn(`--open: no xdg-open here; open ${url} yourself`);
    return;
  }
  spawn(opener, [url], { detached: true, stdio: 'ignore' })
    .on('error', () => warn(`--open: ${opener} failed; open ${url} yourself`))
    .unref();
}
