import { describe, expect, it } from 'vitest';
import { estimate, toImpactRecord, type ImpactRecord } from '@wattlens/core';
import { RecordDeduplicator } from './record-deduplicator';

const NOW = Date.parse('2026-11-28T10:00:00Z');

function record(outputTokens = 100, time = NOW): ImpactRecord {
  return toImpactRecord(estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 10, outputTokens }), { tags: { user: 'ada', team: 'x' } }, time);
}

describe('RecordDeduplicator', () => {
  it('counts a request once when it comes from the meter and from the ledger, in either order', () => {
    const deduplicator = new RecordDeduplicator();
    const first = record(100);
    expect(deduplicator.accept(first, 'meter', NOW)).toBe(true);
    // The ledger line, read back: a parsed copy with the same content.
    expect(deduplicator.accept(JSON.parse(JSON.stringify(first)) as ImpactRecord, 'ledger', NOW)).toBe(false);
    const second = record(200);
    expect(deduplicator.accept(second, 'ledger', NOW)).toBe(true);
    expect(deduplicator.accept(second, 'meter', NOW)).toBe(false);
    expect(deduplicator.size).toBe(0);
  });

  it('counts two identical requests from the same source twice, and matches each twin once', () => {
    const deduplicator = new RecordDeduplicator();
    const twin = record(100);
    expect(deduplicator.accept(twin, 'meter', NOW)).toBe(true);
    expect(deduplicator.accept(twin, 'meter', NOW)).toBe(true);
    expect(deduplicator.accept(twin, 'ledger', NOW)).toBe(false);
    expect(deduplicator.accept(twin, 'ledger', NOW)).toBe(false);
    expect(deduplicator.accept(twin, 'ledger', NOW)).toBe(true);
  });

  it('tells records apart by their figures, tags and times', () => {
    const deduplicator = new RecordDeduplicator();
    expect(deduplicator.accept(record(100), 'meter', NOW)).toBe(true);
    expect(deduplicator.accept(record(101), 'ledger', NOW)).toBe(true);
    expect(deduplicator.accept({ ...record(100), tags: { user: 'bob', team: 'x' } }, 'ledger', NOW)).toBe(true);
    expect(deduplicator.accept(record(100, NOW + 1), 'ledger', NOW)).toBe(true);
    expect(deduplicator.accept({ ...record(100), tags: { team: 'x', user: 'ada' } }, 'ledger', NOW)).toBe(false);
  });

  it('forgets records after a minute, and never remembers old ones (a ledger\'s history)', () => {
    const deduplicator = new RecordDeduplicator();
    expect(deduplicator.accept(record(100), 'meter', NOW)).toBe(true);
    expect(deduplicator.accept(record(100), 'ledger', NOW + 61_000)).toBe(true);
    expect(deduplicator.size).toBe(0);
    for (let index = 0; index < 500; index += 1) deduplicator.accept(record(index, NOW - 3_600_000), 'ledger', NOW);
    expect(deduplicator.size).toBe(0);
  });

  it('remembers at most 10,000 records', () => {
    const deduplicator = new RecordDeduplicator();
    const base = record(1);
    for (let index = 0; index < 10_050; index += 1) deduplicator.accept({ ...base, inputTokens: index }, 'meter', NOW);
    expect(deduplicator.size).toBe(10_000);
  });
});
