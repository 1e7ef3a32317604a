import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimate, toImpactRecord, type ImpactRecord, type Range } from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import { main } from '../main';
import { captureIO } from '../../test/capture-io';

const capture = (cwd = process.cwd()) => captureIO({ cwd });

interface ReportJson {
  requests: number;
  energy: Range;
  gwp: Range;
  water: Range;
  adpe: Range;
  pe: Range;
  byProvider: Record<string, { requests: number; energy: Range; gwp: Range; water: Range }>;
  byModel: Record<string, { requests: number; gwp: Range }>;
  byTag?: Record<string, Record<string, { requests: number; gwp: Range }>>;
}

const REQUESTS = [
  { provider: 'openai', model: 'gpt-4o', inputTokens: 400, outputTokens: 500, user: 'ada', day: '2026-11-01' },
  { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 120, outputTokens: 80, user: 'bob', day: '2026-11-02' },
  { provider: 'mistral', model: 'ministral-8b-latest', inputTokens: 900, outputTokens: 300, user: 'ada', day: '2026-11-03' },
  { provider: 'huggingface', model: 'google/gemma-2-9b-it', inputTokens: 50, outputTokens: 700, user: 'cy', day: '2026-11-04' },
];

let directory: string;
let file: string;
let records: ImpactRecord[];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-report-'));
  file = join(directory, 'impact.jsonl');
  const ledger = new Ledger(file);
  records = REQUESTS.map(({ user, day, ...request }) => toImpactRecord(
    estimate({ ...request, latencyMs: 5000 }, { methodology: 'ecologits' }),
    { tags: { user }, operation: 'chat' },
    Date.parse(`${day}T12:00:00Z`),
  ));
  for (const record of records) ledger.append(record);
  await ledger.close();
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function sum(items: readonly ImpactRecord[], criterion: 'energy' | 'gwp' | 'water' | 'adpe' | 'pe'): Range {
  return items.reduce((total, record) => ({
    value: total.value + record[criterion].value,
    min: total.min + record[criterion].min,
    max: total.max + record[criterion].max,
  }), { value: 0, min: 0, max: 0 });
}

describe('wattlens report', () => {
  it('--json totals equal the sum of the ledger records, with breakdowns by provider and model', async () => {
    const { io, out, err } = capture();
    expect(await main(['report', file, '--json'], io)).toBe(0);
    expect(err()).toBe('');
    const json = JSON.parse(out()) as ReportJson;
    expect(Object.keys(json).slice(0, 6)).toEqual(['requests', 'energy', 'gwp', 'water', 'adpe', 'pe']);
    expect(json.requests).toBe(4);
    for (const criterion of ['energy', 'gwp', 'water', 'adpe', 'pe'] as const) {
      const expected = sum(records, criterion);
      expect(json[criterion].value).toBeCloseTo(expected.value, 15);
      expect(json[criterion].min).toBeCloseTo(expected.min, 15);
      expect(json[criterion].max).toBeCloseTo(expected.max, 15);
    }
    expect(json.byProvider['openai']?.requests).toBe(2);
    expect(json.byProvider['openai']?.gwp.value).toBeCloseTo(sum(records.slice(0, 2), 'gwp').value, 15);
    expect(Object.keys(json.byModel).sort()).toEqual(['huggingface/google/gemma-2-9b-it', 'mistral/ministral-8b-latest', 'openai/gpt-4o', 'openai/gpt-4o-mini']);
    expect(json.byTag).toBeUndefined();
  });

  it('--by tag:KEY adds that breakdown; --since keeps later records only', async () => {
    const { io, out } = capture();
    expect(await main(['report', file, '--json', '--by', 'tag:user', '--since', '2026-11-02'], io)).toBe(0);
    const json = JSON.parse(out()) as ReportJson;
    expect(json.requests).toBe(3);
    expect(json.gwp.value).toBeCloseTo(sum(records.slice(1), 'gwp').value, 15);
    expect(json.byTag?.['user']?.['ada']?.requests).toBe(1);
    expect(json.byTag?.['user']?.['bob']?.gwp.value).toBeCloseTo(records[1]!.gwp.value, 15);
  });

  it('prints a readable report with equivalents and the chosen breakdown, relative to the working directory', async () => {
    const { io, out } = capture(directory);
    expect(await main(['report', 'impact.jsonl', '--by', 'tag:user'], io)).toBe(0);
    const text = out();
    expect(text).toMatch(/4 requests/);
    expect(text).toMatch(/Greenhouse gases/);
    expect(text).toMatch(/by petrol car/);
    expect(text).toMatch(/By user/);
    expect(text).not.toMatch(/By provider/);
    const french = capture(directory);
    expect(await main(['report', 'impact.jsonl', '--locale', 'fr'], french.io)).toBe(0);
    expect(french.out()).toMatch(/en voiture thermique/);
    expect(french.out()).toMatch(/By provider/);
  });

  it('skips a torn last line with a warning on stderr and keeps every record before it', async () => {
    await appendFile(file, '{"v":1,"time":"2026-11-05T00:00:00.000Z","provider":"open');
    const { io, out, err } = capture();
    expect(await main(['report', file, '--json'], io)).toBe(0);
    expect((JSON.parse(out()) as ReportJson).requests).toBe(4);
    expect(err()).toMatch(/warning: Line 5 is incomplete/);
  });

  it.each([
    [[], /ledger file/],
    [['a.jsonl', 'b.jsonl'], /one ledger file/],
    [['FILE', '--by', 'user'], /--by must be/],
    [['FILE', '--since', 'last tuesday'], /--since must be a date/],
    [['FILE', '--locale', 'de'], /--locale/],
    [['FILE', '--frobnicate'], /frobnicate/],
  ])('exits 2 with a one-line message on bad arguments %j', async (extra, pattern) => {
    const { io, err, out } = capture();
    expect(await main(['report', ...extra.map((argument) => (argument === 'FILE' ? file : argument))], io)).toBe(2);
    expect(err()).toMatch(pattern);
    expect(err().trim().split('\n')).toHaveLength(1);
    expect(out()).toBe('');
  });

  it('exits 2 for a missing file', async () => {
    const { io, err } = capture();
    expect(await main(['report', join(directory, 'nope.jsonl')], io)).toBe(2);
    expect(err()).toMatch(/no such file/);
  });
});
