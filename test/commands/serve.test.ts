/**
 * `verdict serve`'s flags: every bad value is refused before anything listens, with one line
 * that names the flag; a port in use says how to choose another.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { captureOutput } from '../support/capture.js';
import { startServe } from '../web/support/serve-cli.js';

async function serve(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const out = captureOutput();
  const code = await main(['serve', ...args], out);
  return { code, ...out.text() };
}

describe('verdict serve flags', () => {
  it.each([
    [['--port', '99999'], "verdict: --port must be a whole number from 0 to 65535, got '99999'\n"],
    [['--port', 'eighty'], "verdict: --port must be a whole number from 0 to 65535, got 'eighty'\n"],
    [['--host', 'my host'], "verdict: --host must be an address such as 127.0.0.1, got 'my host'\n"],
    [
      ['--rates', 'missing.json'],
      'verdict: --rates missing.json: cannot read it (ENOENT); give the path of a rates JSON file like ' +
        'data/rates-uk-2026.json\n',
    ],
    [
      ['--host', '0.0.0.0'],
      'verdict: --host 0.0.0.0 is not a loopback address, and other machines could start benchmarks here; add ' +
        '--allow-remote to require a token that verdict serve prints, or use --host 127.0.0.1\n',
    ],
    [
      ['--host', '192.168.1.20', '--port', '0'],
      'verdict: --host 192.168.1.20 is not a loopback address, and other machines could start benchmarks here; ' +
        'add --allow-remote to require a token that verdict serve prints, or use --host 127.0.0.1\n',
    ],
    [
      ['--colour'],
      "verdict: unknown option --colour for 'verdict serve'; run 'verdict serve --help' to see its options\n",
    ],
  ])('%j is refused with exit code 2', async (args, message) => {
    const { code, stderr, stdout } = await serve(args);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
    expect(stdout).toBe('');
  });

  it('says when the port is taken, and how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await serve(['--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `verdict: port ${port} on 127.0.0.1 is in use; choose another with --port, or --port 0 for any free port\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it(
    'with --allow-remote on 0.0.0.0, requires the token it ' + 'prints: in the URL once, then from its cookie',
    async () => {
      const serve = await startServe(process.cwd(), ['--host', '0.0.0.0', '--allow-remote']);
      try {
        const printed = new URL(serve.url);
        const token = printed.searchParams.get('token') ?? '';
        expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
        expect(printed.pathname).toBe('/');
        const base = `http://127.0.0.1:${printed.port}`;
        const without = await fetch(`${base}/api/runs/current`);
        expect(without.status).toBe(401);
        expect(((await without.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
        expect((await fetch(`${base}/decide?token=${'x'.repeat(token.length)}`)).status).toBe(401);
        const page = await fetch(`${base}/decide?token=${token}`);
        expect(page.status).toBe(200);
        const cookie = page.headers.get('set-cookie') ?? '';
        expect(cookie).toMatch(/^verdict-token=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict$/);
        const withCookie = await fetch(`${base}/api/runs/current`, { headers: { cookie: cookie.split(';')[0]! } });
        expect(withCookie.status).toBe(200);
        expect(serve.stderr()).toContain('only with the token');
      } finally {
        expect(await serve.stop()).toBe(130);
      }
    },
  );

  it('is listed in the top-level help', async () => {
    const out = captureOutput();
    await main(['--help'], out);
    expect(out.text().stdout).toMatch(
      /\n {2}serve +A local web app: the decide questionnaire, results with charts, and quick benchmark runs\.\n/,
    );
  });
});
