import { createRandom, hashString } from './random';

/**
 * A deterministic unit vector for a text: the same text, model and simulator seed always give
 * the same vector. Components are rounded to float32 so that the float and base64 encodings agree.
 */
export function embeddingVector(text: string, model: string, dimensions: number, simulatorSeed: number): number[] {
  const random = createRandom(hashString(`${model}\u0000${text}`, simulatorSeed));
  const vector = Array.from({ length: dimensions }, () => random.next() * 2 - 1);
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => Math.fround(value / norm));
}

/** Little-endian float32 bytes, base64-encoded, as OpenAI sends `encoding_format: 'base64'`. */
export function float32Base64(vector: readonly number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
  return buffer.toString('base64');
}
