import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { majors, messages, startClients, type SimClients } from '../test/sim-clients';

// Streams dropped before their end: what becomes of them once the garbage collector runs.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage, letting finalizers and what they start run, until `done()` or `tries` times. */
async function collectGarbage(done: () => boolean, tries = 40): Promise<void> {
  for (let attempt = 0; attempt < tries && !done(); attempt += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let clients: SimClients | undefined;

afterEach(async () => {
  await clients?.sim.close();
  clients = undefined;
});

const body = { model: 'gpt-4o-mini', messages, stream: true as const };
const longReply = { headers: { 'x-sim-output-tokens': '2000' } };

describe.each(majors)('streams dropped before their end, with $major', (major) => {
  it('lets a stream dropped unread be collected, as the SDK does (which closes its response), and records it as aborted with its prompt', async () => {
    const sim = (clients = await startClients(major));
    let collected = 0;
    const registry = new FinalizationRegistry(() => {
      collected += 1;
    });
    // Replies that stall after five chunks: their responses stay open until the client closes them.
    const open = async (): Promise<void> => {
      registry.register(await sim.client.chat.completions.create(body, { headers: { 'x-sim-fault': 'stall-after:5' } }), 0);
    };
    for (let index = 0; index < 3; index += 1) await open();
    expect(sim.sim.stats().inFlight).toBe(3);
    // undici cancels the body of a collected response, as for the SDK's own streams.
    await collectGarbage(() => collected === 3 && sim.recorded.length === 3 && sim.sim.stats().inFlight === 0);
    expect(sim.sim.stats().inFlight).toBe(0);
    expect(collected).toBe(3);
    expect(sim.recorded.map(({ context }) => context.status)).toEqual(['aborted', 'aborted', 'aborted']);
    expect(sim.recorded.every(({ report }) => report.request.outputTokens === 0 && report.request.inputTokens > 0)).toBe(true);
  });

  it('records a stream read to its end through its iterator alone once, completed, garbage collected meanwhile', async () => {
    const sim = (clients = await startClients(major));
    // `for await (const chunk of await create(…))` holds the iterator, not the stream (the SDK's
    // iterator keeps the stream alive; were it collected, the iterator would still report the end).
    const iterator = await (async () => (await sim.client.chat.completions.create(body))[Symbol.asyncIterator]())();
    let chunks = (await iterator.next()).done === true ? 0 : 1;
    await collectGarbage(() => false, 5);
    for (let result = await iterator.next(); result.done !== true; result = await iterator.next()) chunks += 1;
    await collectGarbage(() => sim.recorded.length > 0);
    expect(chunks).toBeGreaterThan(2);
    expect(sim.recorded).toHaveLength(1);
    expect(sim.recorded[0]?.context.status).toBe('completed');
    expect(sim.recorded[0]?.report.request.tokenSource).toBe('reported');
  });

  it('records an iterator dropped part-way as aborted, with what was read', async () => {
    const sim = (clients = await startClients(major));
    await (async () => {
      const iterator = (await sim.client.chat.completions.create(body, longReply))[Symbol.asyncIterator]();
      for (let read = 0; read < 3; read += 1) await iterator.next();
    })();
    await collectGarbage(() => sim.recorded.length > 0);
    expect(sim.recorded).toHaveLength(1);
    expect(sim.recorded[0]?.context.status).toBe('aborted');
    // The first chunk carries the role, the next two a token each.
    expect(sim.recorded[0]?.report.request).toMatchObject({ outputTokens: 2, tokenSource: 'counted' });
  });
});
