import { describe, expect, it } from 'vitest';
import type { ImpactReport } from './impact-report';
import { parseImpactRecord, toImpactRecord } from './impact-record';
import { realReport } from '../test/helpers/reports';

const SECRET = 'SECRET-PROMPT-TEXT';

/** Every string in a JSON value, with its path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, path === '' ? key : `${path}.${key}`));
  return [];
}

describe('toImpactRecord', () => {
  it('keeps ids, counts and figures, and no text: no warning message, no error message', () => {
    const base = realReport();
    const report: ImpactReport = { ...base, warnings: [{ code: 'model-unknown', message: `Model ${SECRET} is unknown` }] };
    const error = Object.assign(new Error(SECRET), { name: 'APIError', status: 500 });
    const record = toImpactRecord(report, {
      operation: 'chat',
      status: 'failed',
      streamed: true,
      requestId: 'req_123',
      error: { name: error.name, status: error.status },
      startedAt: Date.parse('2026-11-28T09:59:59Z'),
      tags: { user: 'ada' },
    }, Date.parse('2026-11-28T10:00:00Z'));
    const json = JSON.stringify(record);
    expect(json).not.toContain(SECRET);
    const allowed = new Set(['time', 'startedAt', 'provider', 'model', 'operation', 'status', 'requestId', 'error.name', 'modality', 'tokenSource', 'tags.user', 'methodology', 'dataVersion', 'zone', 'warnings[0]']);
    for (const [path] of strings(JSON.parse(json))) expect(allowed.has(path), `unexpected text field ${path}`).toBe(true);
    expect(record).toMatchObject({
      v: 1,
      time: '2026-11-28T10:00:00.000Z',
      startedAt: '2026-11-28T09:59:59.000Z',
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 'failed',
      error: { name: 'APIError', status: 500 },
      inputTokens: 400,
      outputTokens: 300,
      latencyMs: 4000,
      warnings: ['model-unknown'],
      methodology: 'ecologits',
      zone: 'USA',
    });
    expect(record.energy).toEqual(base.energy);
  });

  it('round-trips through JSON and parseImpactRecord', () => {
    const record = toImpactRecord(realReport(), { tags: { user: 'ada' }, operation: 'embeddings' });
    expect(parseImpactRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
    const base = realReport();
    const image = toImpactRecord({ ...base, request: { ...base.request, modality: 'image', images: 2, imageSize: '1024x1024', imageQuality: 'hd' } }, { operation: 'images' });
    expect(image).toMatchObject({ modality: 'image', images: 2, imageSize: '1024x1024', imageQuality: 'hd' });
    expect(parseImpactRecord(JSON.parse(JSON.stringify(image)))).toEqual(image);
  });

  it('drops tag values that are not strings and cuts long ones', () => {
    const record = toImpactRecord(realReport(), { tags: { user: 'ada', count: 3 as unknown as string, long: 'x'.repeat(500) } });
    expect(Object.keys(record.tags)).toEqual(['user', 'long']);
    expect(record.tags['long']).toHaveLength(200);
  });
});

describe('parseImpactRecord', () => {
  const valid = JSON.parse(JSON.stringify(toImpactRecord(realReport()))) as Record<string, unknown>;

  it.each([
    [{ ...valid, v: 2 }, /record.v/],
    [{ ...valid, time: 'yesterday' }, /record.time/],
    [{ ...valid, energy: { value: 1 } }, /record.energy/],
    [{ ...valid, status: 'done' }, /record.status/],
    [{ ...valid, inputTokens: -1 }, /record.inputTokens/],
    [{ ...valid, tags: 'user=ada' }, /record.tags/],
    [null, /record/],
  ])('rejects a malformed record (%#)', (value, pattern) => {
    expect(() => parseImpactRecord(value)).toThrow(pattern);
  });

  it('keeps only the record fields', () => {
    const parsed = parseImpactRecord({ ...valid, prompt: SECRET });
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });
});
