import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImpactRecord } from '../impact-record';
import type { LedgerWriteError } from '../errors/ledger-write-error';
import { toImpactRecord } from '../impact-record';
import { Meter } from '../meter';
import { Ledger, loadLedger, readLedger, type LedgerReadWarning } from './index';
import { realReport } from '../../test/helpers/reports';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-ledger-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(directory, { recursive: true, force: true });
});

function records(count: number, start = 0): ImpactRecord[] {
  return Array.from({ length: count }, (_, index) => toImpactRecord(realReport(), { tags: { user: `u${(start + index) % 3}` }, operation: 'chat' }, Date.parse('2026-11-28T10:00:00Z') + (start + index) * 1000));
}

describe('Ledger', () => {
  it('writes one line per recorded request and reads them back into an equal meter', async () => {
    const path = join(directory, 'impact.jsonl');
    const ledger = new Ledger(path);
    const meter = new Meter();
    ledger.attach(meter);
    const child = meter.child({ feature: 'search' });
    child.record(realReport(), { tags: { user: 'ada' } });
    meter.record(realReport('mistral', 'ministral-8b-latest'), { tags: { user: 'bob' } });
    meter.record(realReport('huggingface', 'google/gemma-2-9b-it'));
    await ledger.close();

    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(3);
    const { records: read, warnings } = await readLedger(path);
    expect(warnings).toEqual([]);
    expect(read.map((record) => record.model)).toEqual(['gpt-4o-mini', 'ministral-8b-latest', 'google/gemma-2-9b-it']);
    expect(read[0]?.tags).toEqual({ feature: 'search', user: 'ada' });

    const restored = new Meter();
    expect((await loadLedger(path, restored)).records).toBe(3);
    const before = meter.snapshot();
    const after = restored.snapshot();
    expect(after.totals).toEqual(before.totals);
    expect(after.byProvider).toEqual(before.byProvider);
    expect(after.byTag).toEqual(before.byTag);
  });

  it('keeps every record appended in the same tick, in order, with one line each', async () => {
    const path = join(directory, 'burst.jsonl');
    const ledger = new Ledger(path);
    const burst = records(500);
    for (const record of burst) ledger.append(record);
    await Promise.all([ledger.flush(), ledger.flush()]);
    for (const record of records(5, 500)) ledger.append(record);
    await ledger.close();
    const { records: read } = await readLedger(path);
    expect(read).toHaveLength(505);
    expect(read.map((record) => record.time)).toEqual([...burst, ...records(5, 500)].map((record) => record.time));
  });

  it('writes no text besides ids and tags', async () => {
    const path = join(directory, 'private.jsonl');
    const ledger = new Ledger(path);
    const report = { ...realReport(), warnings: [{ code: 'model-unknown', message: 'SECRET prompt words' }] };
    ledger.append(toImpactRecord(report, { error: { name: 'APIError', status: 400 }, status: 'failed', tags: { user: 'ada' } }));
    await ledger.close();
    const line = JSON.parse((await readFile(path, 'utf8')).trim()) as Record<string, unknown>;
    expect(JSON.stringify(line)).not.toContain('SECRET');
    const textFields = Object.entries(line).filter(([, value]) => typeof value === 'string').map(([key]) => key).sort();
    expect(textFields).toEqual(['dataVersion', 'methodology', 'modality', 'model', 'provider', 'status', 'time', 'tokenSource', 'zone']);
  });

  it('skips a torn last line with a warning and loses nothing before it', async () => {
    const path = join(directory, 'torn.jsonl');
    const ledger = new Ledger(path);
    for (const record of records(3)) ledger.append(record);
    await ledger.close();
    const line = JSON.stringify(records(1, 3)[0]);
    await appendFile(path, line.slice(0, Math.floor(line.length / 2)));

    const onWarning = vi.fn<(warning: LedgerReadWarning) => void>();
    const { records: read, warnings } = await readLedger(path, { onWarning });
    expect(read).toHaveLength(3);
    expect(warnings).toEqual([expect.objectContaining({ code: 'ledger-line-torn', line: 4 })]);
    expect(warnings[0]?.message).not.toContain('{');
    expect(onWarning).toHaveBeenCalledTimes(1);

    // The next writer ends the torn line first, so its own records stand alone.
    const next = new Ledger(path);
    next.append(records(1, 10)[0]!);
    await next.close();
    const again = await readLedger(path);
    expect(again.records).toHaveLength(4);
    expect(again.warnings).toEqual([expect.objectContaining({ code: 'ledger-line-invalid', line: 4 })]);
  });

  it('skips lines that are not records, and blank lines', async () => {
    const path = join(directory, 'mixed.jsonl');
    const [first, second] = records(2);
    await writeFile(path, `${JSON.stringify(first)}\n\nnot json\n{"v":1}\n${JSON.stringify(second)}\n`);
    const { records: read, warnings } = await readLedger(path);
    expect(read).toHaveLength(2);
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([['ledger-line-invalid', 3], ['ledger-line-invalid', 4]]);
  });

  it('filters by time', async () => {
    const path = join(directory, 'since.jsonl');
    await writeFile(path, records(10).map((record) => `${JSON.stringify(record)}\n`).join(''));
    const { records: read } = await readLedger(path, { since: '2026-11-28T10:00:05Z', until: new Date('2026-11-28T10:00:08Z') });
    expect(read.map((record) => record.time)).toEqual(['2026-11-28T10:00:05.000Z', '2026-11-28T10:00:06.000Z', '2026-11-28T10:00:07.000Z']);
    await expect(readLedger(path, { since: 'not a date' })).rejects.toThrow(/options.since/);
  });

  it('reports a write failure (missing directory) through onError and never throws into the caller', async () => {
    const errors: LedgerWriteError[] = [];
    const ledger = new Ledger(join(directory, 'missing', 'impact.jsonl'), { onError: (error) => errors.push(error) });
    const meter = new Meter();
    ledger.attach(meter);
    expect(() => meter.record(realReport())).not.toThrow();
    expect(() => ledger.append(records(1)[0]!)).not.toThrow();
    await ledger.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'ledger-write-failed', reason: 'ENOENT', records: 2 });
    expect(errors[0]?.message).toMatch(/directory exists/);
    expect(meter.snapshot().totals.requests).toBe(1);
    await ledger.close();
  });

  it('reports a path that cannot be written (a directory), then appends after close as dropped', async () => {
    const errors: LedgerWriteError[] = [];
    const ledger = new Ledger(directory, { onError: (error) => errors.push(error) });
    ledger.append(records(1)[0]!);
    await ledger.close();
    expect(errors[0]?.reason).toBe('EISDIR');
    ledger.append(records(1)[0]!);
    expect(errors[1]).toMatchObject({ reason: 'closed', records: 1 });
  });

  it('warns once per kind of failure on the console when no onError is given', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const ledger = new Ledger(join(directory, 'missing', 'x.jsonl'));
    ledger.append(records(1)[0]!);
    await ledger.flush();
    ledger.append(records(1)[0]!);
    await ledger.flush();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/ENOENT/);
  });

  it('stops following a meter once detached', async () => {
    const path = join(directory, 'detach.jsonl');
    const ledger = new Ledger(path);
    const meter = new Meter();
    const detach = ledger.attach(meter);
    meter.record(realReport());
    detach();
    meter.record(realReport());
    await ledger.close();
    expect((await readLedger(path)).records).toHaveLength(1);
  });

  it('rejects reading a missing file', async () => {
    await expect(readLedger(join(directory, 'nope.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
