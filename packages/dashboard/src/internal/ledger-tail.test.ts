import { appendFile, mkdir, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimate, toImpactRecord, type ImpactRecord } from '@wattlens/core';
import { LedgerTail } from './ledger-tail';

let directory: string;
let tails: LedgerTail[];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-tail-'));
  tails = [];
});

afterEach(async () => {
  await Promise.all(tails.map((tail) => tail.close()));
  await rm(directory, { recursive: true, force: true });
});

function line(model: string, index = 0): string {
  const report = estimate({ provider: 'openai', model, inputTokens: 100 + index, outputTokens: 50 });
  return `${JSON.stringify(toImpactRecord(report, { tags: { user: `u${index}` } }, Date.parse('2026-11-28T10:00:00Z') + index))}\n`;
}

function follow(path: string): { tail: LedgerTail; records: ImpactRecord[]; skipped: number[] } {
  const records: ImpactRecord[] = [];
  const skipped: number[] = [];
  // A long interval: the tests call poll() themselves, so nothing depends on timing.
  const tail = new LedgerTail({ path, pollIntervalMs: 60_000, onRecord: (record) => records.push(record), onSkippedLine: (number) => skipped.push(number) });
  tails.push(tail);
  return { tail, records, skipped };
}

describe('LedgerTail', () => {
  it('reads the lines already there, then each appended line once, in order', async () => {
    const path = join(directory, 'impact.jsonl');
    await writeFile(path, line('gpt-4o', 0) + line('gpt-4o-mini', 1));
    const { tail, records } = follow(path);
    await tail.start();
    expect(records.map((record) => record.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    await appendFile(path, line('gpt-4.1', 2));
    await tail.poll();
    await tail.poll();
    expect(records.map((record) => record.model)).toEqual(['gpt-4o', 'gpt-4o-mini', 'gpt-4.1']);
    expect(records[2]?.tags).toEqual({ user: 'u2' });
  });

  it('waits for the newline of a line being written', async () => {
    const path = join(directory, 'impact.jsonl');
    const text = line('gpt-4o');
    await writeFile(path, text.slice(0, 40));
    const { tail, records, skipped } = follow(path);
    await tail.start();
    expect(records).toHaveLength(0);
    await appendFile(path, text.slice(40));
    await tail.poll();
    expect(records.map((record) => record.model)).toEqual(['gpt-4o']);
    expect(skipped).toEqual([]);
  });

  it('skips lines that are not records, by line number, and blank lines silently', async () => {
    const path = join(directory, 'impact.jsonl');
    await writeFile(path, `${line('gpt-4o')}\nnot json\n{"v":1}\n${line('gpt-4o-mini')}`);
    const { tail, records, skipped } = follow(path);
    await tail.start();
    expect(records).toHaveLength(2);
    expect(skipped).toEqual([3, 4]);
  });

  it('waits for a file that does not exist yet', async () => {
    const path = join(directory, 'later', 'impact.jsonl');
    const { tail, records } = follow(path);
    await tail.start();
    await tail.poll();
    expect(records).toHaveLength(0);
    await mkdir(join(directory, 'later'));
    await writeFile(path, line('gpt-4o'));
    await tail.poll();
    expect(records).toHaveLength(1);
  });

  it('reads a file again from its start when it shrinks or is replaced', async () => {
    const path = join(directory, 'impact.jsonl');
    await writeFile(path, line('gpt-4o', 0) + line('gpt-4o', 1));
    const { tail, records } = follow(path);
    await tail.start();
    await truncate(path, 0);
    await appendFile(path, line('gpt-4o-mini', 2));
    await tail.poll();
    expect(records.map((record) => record.model)).toEqual(['gpt-4o', 'gpt-4o', 'gpt-4o-mini']);

    // Replaced by another file (a rotation): written aside, then renamed over the ledger.
    await writeFile(`${path}.next`, line('gpt-4.1', 3) + line('gpt-4.1', 4) + line('gpt-4.1', 5));
    await rename(`${path}.next`, path);
    await tail.poll();
    expect(records.map((record) => record.model)).toEqual(['gpt-4o', 'gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1', 'gpt-4.1']);
  });

  it('drops a line longer than a megabyte without holding it, and reads on', async () => {
    const path = join(directory, 'impact.jsonl');
    await writeFile(path, 'x'.repeat(1_500_000));
    const { tail, records, skipped } = follow(path);
    await tail.start();
    await appendFile(path, `${'y'.repeat(700_000)}\n${line('gpt-4o')}`);
    await tail.poll();
    expect(skipped).toEqual([1]);
    expect(records.map((record) => record.model)).toEqual(['gpt-4o']);
  });

  it('refuses a path that is a directory', async () => {
    const { tail } = follow(directory);
    await expect(tail.start()).rejects.toMatchObject({ code: 'invalid-request', field: 'options.ledger' });
  });

  it('follows appends on its own once started', async () => {
    const path = join(directory, 'impact.jsonl');
    const records: ImpactRecord[] = [];
    const tail = new LedgerTail({ path, pollIntervalMs: 10, onRecord: (record) => records.push(record), onSkippedLine: () => undefined });
    tails.push(tail);
    await tail.start();
    await writeFile(path, line('gpt-4o'));
    await expect.poll(() => records.length, { timeout: 5000 }).toBe(1);
    await tail.close();
    await appendFile(path, line('gpt-4o-mini'));
    await tail.poll();
    expect(records).toHaveLength(1);
  });
});
