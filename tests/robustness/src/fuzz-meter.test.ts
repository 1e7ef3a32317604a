// Bad input beyond estimate(): prototype-pollution keys and random values in tags (of records,
// meters, budgets and wrapped clients), in meter options, and in ledger lines read back. Nothing
// crashes, totals stay exact, and no global state is poisoned.
import { estimate, InvalidRequestError, Meter, parseImpactRecord, toImpactRecord, type ImpactTags } from '@wattlens/core';
import { withImpact } from '@wattlens/openai';
import { startProviderSim } from '@wattlens/provider-sim';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalFingerprint, hostileObject, PROTOTYPE_KEYS } from './internal/global-state';

const runs = Math.ceil(Number(process.env.FUZZ_RUNS ?? 2_000) / 4);

let fingerprint: string;
beforeAll(() => {
  fingerprint = globalFingerprint();
});
afterAll(() => {
  expect(globalFingerprint()).toBe(fingerprint);
});

const report = estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 300 });
const key = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, '', 'user', 'ünïcødé', 'k'.repeat(300)), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }));
const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTOTYPE_KEYS, 'v'.repeat(300)), fc.constantFrom(null, 1, true, {}, [], undefined));
const hostileTags = fc.oneof(
  fc.dictionary(key, value, { maxKeys: 40 }),
  fc.constant(hostileObject({ user: 'ada' })),
  fc.constantFrom(null, undefined, 'tags', 7, []),
);

describe('tags and options with hostile keys and values', () => {
  it('a meter counts every record exactly, whatever its tags', () => {
    fc.assert(
      fc.property(fc.array(hostileTags, { minLength: 1, maxLength: 30 }), hostileTags, (tagSets, meterTags) => {
        const meter = new Meter({ tags: meterTags as ImpactTags, budgets: [{ name: 'per-proto', metric: 'energy', limit: 1, window: 'day', per: '__proto__' }] });
        const child = meter.child(hostileObject() as ImpactTags);
        for (const tags of tagSets) child.record(report, { tags: tags as ImpactTags });
        const snapshot = meter.snapshot();
        expect(snapshot.totals.requests).toBe(tagSets.length);
        expect(snapshot.totals.energy.value).toBeCloseTo(report.energy.value * tagSets.length, 15);
        // Breakdowns are plain data: every tag breakdown adds up to at most the total, JSON round-trips.
        for (const byValue of Object.values(snapshot.byTag)) {
          const counted = Object.values(byValue).reduce((sum, totals) => sum + totals.requests, 0);
          expect(counted).toBeLessThanOrEqual(tagSets.length);
        }
        expect(JSON.parse(JSON.stringify(snapshot)).totals.requests).toBe(tagSets.length);
        expect(Object.getPrototypeOf(snapshot.byTag)).not.toHaveProperty('polluted');
      }),
      { numRuns: runs },
    );
  });

  it('records keep their tags as plain string data, and read back the same', () => {
    fc.assert(
      fc.property(hostileTags, (tags) => {
        const record = toImpactRecord(report, { tags: tags as ImpactTags });
        for (const [name, text] of Object.entries(record.tags ?? {})) {
          expect(typeof text).toBe('string');
          expect(name.length).toBeLessThanOrEqual(200);
        }
        expect(parseImpactRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
      }),
      { numRuns: runs },
    );
  });

  it('a ledger line with hostile keys is read as plain data or refused with an InvalidRequestError', () => {
    const base = JSON.parse(JSON.stringify(toImpactRecord(report, { tags: { user: 'ada' } }))) as Record<string, unknown>;
    const hostileLine = fc.oneof(
      fc.dictionary(key, fc.jsonValue({ maxDepth: 2 })).map((extra) => ({ ...base, ...extra })),
      fc.constantFrom(...PROTOTYPE_KEYS).map((name) => JSON.parse(`{${JSON.stringify(name)}:{"polluted":"yes"},${JSON.stringify(base).slice(1)}`) as unknown),
      fc.jsonValue({ maxDepth: 3 }),
      fc.constant(JSON.parse(`{"tags":{"__proto__":{"polluted":"yes"}},${JSON.stringify(base).slice(1)}`) as unknown),
    );
    fc.assert(
      fc.property(hostileLine, (line) => {
        try {
          const record = parseImpactRecord(line);
          expect(JSON.parse(JSON.stringify(record))).toEqual(record);
          expect(new Meter().replay([record])).toBe(1);
        } catch (error) {
          expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
        }
      }),
      { numRuns: runs },
    );
  });

  it('a wrapped client with hostile tags and options still answers and records as usual', async () => {
    const sim = await startProviderSim({ seed: 17 });
    try {
      const meter = new Meter(hostileObject() as never);
      const client = withImpact(new OpenAI({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 }), hostileObject({ meter, tags: hostileObject({ user: 'ada' }) }) as never);
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
      expect(completion.choices[0]?.message.content).toBeTruthy();
      expect(meter.snapshot().totals.requests).toBe(1);
      expect(meter.snapshot().byTag.user?.ada?.requests).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
