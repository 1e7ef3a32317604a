/**
 * Duration of a WAV (RIFF/WAVE) recording from its header: the `data` chunk's size over the
 * `fmt ` chunk's byte rate (Microsoft/IBM, Multimedia Programming Interface and Data
 * Specifications 1.0, 1991, "WAVE Form Type"). `undefined` for any other format or a broken
 * header.
 *
 * @param head - The first bytes of the file (4 KiB is plenty for the header).
 * @param totalBytes - The file's size, used when the `data` chunk's size is unknown (streamed WAV).
 */
export function wavDurationSeconds(head: Uint8Array, totalBytes: number): number | undefined {
  if (head.length < 12) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const tag = (offset: number): string => String.fromCharCode(head[offset] ?? 0, head[offset + 1] ?? 0, head[offset + 2] ?? 0, head[offset + 3] ?? 0);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= head.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 20 <= head.length) byteRate = view.getUint32(offset + 8 + 8, true);
    if (id === 'data') {
      if (byteRate === undefined || byteRate === 0) return undefined;
      const dataBytes = size === 0xffffffff || size === 0 ? totalBytes - (offset + 8) : Math.min(size, totalBytes - (offset + 8));
      return dataBytes > 0 ? dataBytes / byteRate : undefined;
    }
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

/** How many bytes of an audio input are read to find its duration. */
const HEADER_BYTES = 4096;

/** The duration of an audio input (`Blob` or `ArrayBuffer`) when it is a WAV file, else `undefined`. */
export async function audioDurationSeconds(audio: unknown): Promise<number | undefined> {
  try {
    if (audio instanceof ArrayBuffer) return wavDurationSeconds(new Uint8Array(audio, 0, Math.min(HEADER_BYTES, audio.byteLength)), audio.byteLength);
    if (ArrayBuffer.isView(audio)) return wavDurationSeconds(new Uint8Array(audio.buffer, audio.byteOffset, Math.min(HEADER_BYTES, audio.byteLength)), audio.byteLength);
    if (typeof Blob !== 'undefined' && audio instanceof Blob) return wavDurationSeconds(new Uint8Array(await audio.slice(0, HEADER_BYTES).arrayBuffer()), audio.size);
  } catch {
    // An unreadable input: the duration is estimated from the transcript instead.
  }
  return undefined;
}
