/**
 * A small PNG reader for the screenshots Chromium takes (8-bit RGB or RGBA, not interlaced), so a
 * test can assert what a picture shows rather than that a file exists. Follows the PNG
 * specification (W3C, 2003): chunks, one zlib stream across the IDAT chunks, and a filter byte
 * before each row that says how that row was predicted from the pixels left, above and above-left.
 */
import { inflateSync } from 'node:zlib';

export interface Picture {
  width: number;
  height: number;
  /** The colour at (x, y) as [red, green, blue], alpha left out. */
  rgb(x: number, y: number): [number, number, number];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bytes per pixel for the colour types a screenshot uses: 2 is RGB, 6 is RGBA. */
const CHANNELS: Record<number, number> = { 2: 3, 6: 4 };

export function readPng(file: Buffer): Picture {
  if (!file.subarray(0, 8).equals(SIGNATURE))
    throw new Error('not a PNG: the file does not start with the PNG signature');
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Buffer[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = data.subarray(8, 13);
      channels = CHANNELS[colourType!] ?? 0;
      if (bitDepth !== 8 || !channels || interlace !== 0) {
        throw new Error(
          `unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace} (this ` +
            `reader takes 8-bit RGB or RGBA, not interlaced)`,
        );
      }
    } else if (type === 'IDAT') {
      compressed.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length; // length, type, data, CRC
  }
  if (!channels) throw new Error('not a PNG: no IHDR chunk');
  const pixels = unfilter(inflateSync(Buffer.concat(compressed)), width, height, channels);
  return {
    width,
    height,
    rgb(x, y) {
      const i = (y * width + x) * channels;
      return [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
    },
  };
}

/** Undoes each row's filter (PNG specification, section 9): None, Sub, Up, Average, Paeth. */
function unfilter(raw: Buffer, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  if (raw.length !== height * (stride + 1))
    throw new Error(`corrupt PNG: ${raw.length} bytes of image data for ${width}x${height}`);
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const value = raw[y * (stride + 1) + 1 + i]!;
      const left = i >= channels ? out[row + i - channels]! : 0;
      const up = y > 0 ? out[row - stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? out[row - stride + i - channels]! : 0;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      else throw new Error(`corrupt PNG: row ${y} has filter type ${filter}`);
      out[row + i] = (value + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}
