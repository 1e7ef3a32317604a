import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index += 1) {
    let crc = index;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    table[index] = crc >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A valid PNG (8-bit RGB) of the given size: horizontal bands of colours derived from `hash`,
 * so that different prompts give different images and the same prompt the same image.
 */
export function makePng(width: number, height: number, hash: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  const rowLength = 1 + width * 3;
  const raw = Buffer.alloc(rowLength * height);
  const bands = 4;
  for (let y = 0; y < height; y += 1) {
    const band = Math.floor((y * bands) / height);
    const colour = Math.imul(hash ^ (band * 0x45d9f3b), 0x27d4eb2d) >>> 0;
    const row = y * rowLength;
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x += 1) {
      const offset = row + 1 + x * 3;
      raw[offset] = colour & 0xff;
      raw[offset + 1] = (colour >>> 8) & 0xff;
      raw[offset + 2] = (colour >>> 16) & 0xff;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * MPEG-1 Layer III at 128 kbit/s and 44.1 kHz, mono: 417-byte frames of 1,152 samples (ISO/IEC
 * 11172-3). A frame whose side information is all zeros decodes as silence.
 */
const MP3_FRAME_HEADER = [0xff, 0xfb, 0x90, 0xc4] as const;
const MP3_FRAME_BYTES = 417;
const MP3_SAMPLES_PER_FRAME = 1152;
const MP3_SAMPLE_RATE = 44_100;

/** A silent MP3 of about `seconds` seconds. */
export function makeMp3(seconds: number): Buffer {
  const frames = Math.max(1, Math.ceil((seconds * MP3_SAMPLE_RATE) / MP3_SAMPLES_PER_FRAME));
  const audio = Buffer.alloc(frames * MP3_FRAME_BYTES);
  for (let frame = 0; frame < frames; frame += 1) Buffer.from(MP3_FRAME_HEADER).copy(audio, frame * MP3_FRAME_BYTES);
  return audio;
}

/**
 * Raw PCM as OpenAI's speech endpoint sends it: 24 kHz, 16-bit signed little-endian, mono
 * (OpenAI text-to-speech guide, "Supported output formats": pcm).
 */
export const PCM_SAMPLE_RATE = 24_000;

/** Silent 24 kHz 16-bit mono PCM samples of about `seconds` seconds. */
export function makePcm(seconds: number): Buffer {
  return Buffer.alloc(Math.max(1, Math.round(seconds * PCM_SAMPLE_RATE)) * 2);
}

/** A WAV file around {@link makePcm}'s samples. */
export function makeWav(seconds: number): Buffer {
  const samples = makePcm(seconds);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(PCM_SAMPLE_RATE, 24);
  header.writeUInt32LE(PCM_SAMPLE_RATE * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

/** MPEG-1 Layer III bit rates by index, kbit/s (ISO/IEC 11172-3, table of bitrate_index). */
const MP3_BITRATES_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] as const;

/** Bit rate assumed for audio the simulator cannot parse: 128 kbit/s, a common MP3 rate. */
const FALLBACK_BITRATE_KBPS = 128;

function wavDuration(bytes: Buffer): number | undefined {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 20 <= bytes.length) byteRate = bytes.readUInt32LE(offset + 16);
    if (id === 'data' && byteRate) return Math.min(size, bytes.length - offset - 8) / byteRate;
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

function mp3Bitrate(bytes: Buffer): number | undefined {
  let offset = 0;
  if (bytes.toString('latin1', 0, 3) === 'ID3' && bytes.length >= 10) {
    const size = ((bytes[6] ?? 0) << 21) | ((bytes[7] ?? 0) << 14) | ((bytes[8] ?? 0) << 7) | (bytes[9] ?? 0);
    offset = 10 + size;
  }
  const first = bytes[offset];
  const second = bytes[offset + 1];
  const third = bytes[offset + 2];
  if (first !== 0xff || second === undefined || third === undefined || (second & 0xe0) !== 0xe0) return undefined;
  const kbps = MP3_BITRATES_KBPS[third >> 4];
  return kbps ? kbps * 1000 : undefined;
}

/**
 * Duration of uploaded audio, seconds: exact for WAV, from the first frame's bit rate for MP3,
 * and at {@link FALLBACK_BITRATE_KBPS} for anything else.
 */
export function audioDurationSeconds(bytes: Buffer): number {
  const wav = wavDuration(bytes);
  if (wav !== undefined) return wav;
  const bitrate = mp3Bitrate(bytes) ?? FALLBACK_BITRATE_KBPS * 1000;
  return (bytes.length * 8) / bitrate;
}

/**
 * Speaking rate used to turn audio into words and words into audio: 150 words per minute, the
 * average conversational rate of US English speakers (National Center for Voice and Speech,
 * "Voice qualities", ncvs.org).
 */
export const WORDS_PER_SECOND = 150 / 60;
