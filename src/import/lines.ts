/**
 * Reading an engine's output a line at a time, so a runner's file of millions of samples never
 * has to fit in memory. Gzip (k6 writes it for `--out json=FILE.gz`) is recognised by its magic
 * bytes, whatever the file is called.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../core/errors.js';

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The file's lines, each without its line ending; the error names the file when it cannot be read. */
export async function* readLines(path: string): AsyncGenerator<string> {
  let gzip: boolean;
  try {
    gzip = await isGzip(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `no file at ${path}` : `cannot read ${path}: ${code ?? (error as Error).message}`,
      'check the path',
    );
  }
  const file = createReadStream(path);
  const stream: Readable = gzip ? file.pipe(createGunzip()) : file;
  // A damaged gzip stream errors on the gunzip side; readline would otherwise wait forever.
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    lines.close();
  };
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  file.on('error', fail);
  stream.on('error', fail);
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    file.destroy();
    if (stream !== file) stream.destroy();
  }
  if (failure)
    throw new UsageError(
      `cannot read ${path}: ${failure.message}`,
      gzip ? 'the gzip file is damaged or cut short; copy it again from the runner' : 'check the file',
    );
}
