// Faults: provider errors, a stream cut mid-way, a malformed SSE chunk, an aborted signal, a
// consumer that breaks early or never reads. For each, the same call goes through the raw SDK and
// the wrapped one: the caller sees the same thing, the tokens actually used are recorded once,
// and nothing else is lost (the meter's totals stay the sum of the reports, the next request is
// recorded as usual).
import { countTokens, getStreamImpact, loadTokenizer, type ImpactReport } from '@wattlens/core';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADAPTER_CALLS, readStream, withHuggingFaceBase, type AdapterCalls, type StreamObservation } from './internal/adapter-calls';
import { adapterClients, observe, type AdapterClients } from './internal/adapter-clients';
import { SUMMED_METRICS } from './internal/load-types';

let sim: ProviderSim;
let clients: AdapterClients;

beforeAll(async () => {
  // Counts of partial streams use gpt-tokenizer once loaded (`counted`), characters / 4 before.
  await loadTokenizer();
});

beforeEach(async () => {
  sim = await startProviderSim({ seed: 5 });
  clients = withHuggingFaceBase(adapterClients(sim), sim.urls.huggingface);
});

afterEach(async () => {
  await sim.close();
});

/** Nothing else lost: one more ordinary request is recorded, and the meter's totals are the sum of every report. */
async function expectNothingElseLost(calls: AdapterCalls): Promise<void> {
  const before = clients.recorded.length;
  await calls.complete(clients, 'wrapped');
  expect(clients.recorded).toHaveLength(before + 1);
  expect(clients.recorded.at(-1)?.context.status).toBe('completed');
  const totals = clients.meter.snapshot().totals;
  expect(totals.requests).toBe(clients.recorded.length);
  expect(totals.failed).toBe(clients.recorded.filter((entry) => entry.context.status === 'failed').length);
  expect(totals.aborted).toBe(clients.recorded.filter((entry) => entry.context.status === 'aborted').length);
  for (const metric of SUMMED_METRICS) {
    const sum = clients.recorded.reduce((total, entry) => total + entry.report[metric].value, 0);
    expect(totals[metric].value).toBeCloseTo(sum, 15);
  }
  expect(clients.listenerErrors).toEqual([]);
}

/** Waits until the simulator has no request in flight: the connection of a stream left early was closed. */
async function expectConnectionsReleased(): Promise<void> {
  await vi.waitFor(() => expect(sim.stats().inFlight).toBe(0), { timeout: 5_000 });
}

/** An observed error without the position a JSON.parse error names. */
function withoutJsonPosition(end: StreamObservation['end']): StreamObservation['end'] {
  return 'message' in end ? { ...end, message: end.message.replace(/ at position \d+/, ' at position N') } : end;
}

/** The report of the only request recorded so far. */
function onlyRecord(): { report: ImpactReport; status: string; error: unknown } {
  expect(clients.recorded).toHaveLength(1);
  const [entry] = clients.recorded;
  return { report: entry!.report, status: entry!.context.status, error: entry!.context.error };
}

describe.each(ADAPTER_CALLS)('faults through $name', (calls) => {
  it.each([400, 401, 429])('a %i answer: the same error; recorded as failed, with no tokens (no model ran)', async (status) => {
    const raw = await observe(() => calls.complete(clients, 'raw', { fault: `status:${status}` }));
    const wrapped = await observe(() => calls.complete(clients, 'wrapped', { fault: `status:${status}` }));
    expect(wrapped).toEqual(raw);
    expect(wrapped).toMatchObject({ outcome: 'rejected', status });
    const { report, status: recordedStatus, error } = onlyRecord();
    expect(recordedStatus).toBe('failed');
    expect(error).toMatchObject({ status });
    expect(report.request.inputTokens).toBe(0);
    expect(report.request.outputTokens).toBe(0);
    expect(report.energy.value).toBe(0);
    await expectNothingElseLost(calls);
  });

  it('a 500 answer: the same error; recorded as failed, with the prompt counted', async () => {
    const raw = await observe(() => calls.complete(clients, 'raw', { fault: 'status:500' }));
    const wrapped = await observe(() => calls.complete(clients, 'wrapped', { fault: 'status:500' }));
    expect(wrapped).toEqual(raw);
    expect(wrapped).toMatchObject({ outcome: 'rejected', status: 500 });
    const { report, status, error } = onlyRecord();
    expect(status).toBe('failed');
    expect(error).toMatchObject({ status: 500 });
    expect(report.request.inputTokens).toBeGreaterThan(0);
    expect(report.request.outputTokens).toBe(0);
    await expectNothingElseLost(calls);
  });

  it('a 429 on a stream: the same error; recorded once as failed', async () => {
    const raw = await readStream(calls, () => calls.stream(clients, 'raw', { fault: 'status:429' }));
    const wrapped = await readStream(calls, () => calls.stream(clients, 'wrapped', { fault: 'status:429' }));
    expect(wrapped).toEqual(raw);
    expect(wrapped.end).toMatchObject({ outcome: 'rejected', status: 429 });
    const { report, status } = onlyRecord();
    expect(status).toBe('failed');
    expect(report.request.inputTokens).toBe(0);
    await expectNothingElseLost(calls);
  });

  it('a stream cut mid-way: the same chunks and error; recorded as failed with the tokens streamed', async () => {
    const raw = await readStream(calls, () => calls.stream(clients, 'raw', { fault: 'cut-after:6' }));
    const wrapped = await readStream(calls, () => calls.stream(clients, 'wrapped', { fault: 'cut-after:6' }));
    expect(wrapped).toEqual(raw);
    expect(wrapped.end.outcome).toBe('rejected');
    expect(wrapped.text).not.toBe('');
    const { report, status } = onlyRecord();
    expect(status).toBe('failed');
    expect(report.request.inputTokens).toBeGreaterThan(0);
    expect(report.request.outputTokens).toBe(countTokens(wrapped.text).tokens);
    await expectNothingElseLost(calls);
  });

  it('a reply body cut mid-way: the same error; recorded as failed with the prompt', async () => {
    const raw = await observe(() => calls.complete(clients, 'raw', { fault: 'cut-after:40' }));
    const wrapped = await observe(() => calls.complete(clients, 'wrapped', { fault: 'cut-after:40' }));
    expect(wrapped).toEqual(raw);
    expect(wrapped.outcome).toBe('rejected');
    const { report, status } = onlyRecord();
    expect(status).toBe('failed');
    expect(report.request.inputTokens).toBeGreaterThan(0);
    await expectNothingElseLost(calls);
  });

  it('a malformed SSE chunk: the same chunks and error; recorded as failed with the tokens streamed', async () => {
    const raw = await readStream(calls, () => calls.stream(clients, 'raw', { fault: 'malformed:5' }));
    const wrapped = await readStream(calls, () => calls.stream(clients, 'wrapped', { fault: 'malformed:5' }));
    // The same error, but for one figure: WattLens asks OpenAI-format streams for their usage,
    // which adds `"usage":null` to every event, so a JSON.parse error names another position.
    expect({ ...wrapped, end: withoutJsonPosition(wrapped.end) }).toEqual({ ...raw, end: withoutJsonPosition(raw.end) });
    expect(wrapped.end.outcome).toBe('rejected');
    const { report, status } = onlyRecord();
    expect(status).toBe('failed');
    expect(report.request.outputTokens).toBe(countTokens(wrapped.text).tokens);
    await expectConnectionsReleased();
    await expectNothingElseLost(calls);
  });

  it('a malformed JSON reply: the same error; recorded as failed', async () => {
    const raw = await observe(() => calls.complete(clients, 'raw', { fault: 'malformed:1' }));
    const wrapped = await observe(() => calls.complete(clients, 'wrapped', { fault: 'malformed:1' }));
    expect(wrapped).toEqual(raw);
    expect(wrapped.outcome).toBe('rejected');
    expect(onlyRecord().status).toBe('failed');
    await expectNothingElseLost(calls);
  });

  it('a signal aborted before the answer: the same abort error; recorded as aborted with the prompt', async () => {
    const abortWhileHanging = async (side: 'raw' | 'wrapped'): Promise<unknown> => {
      const controller = new AbortController();
      const pending = calls.complete(clients, side, { fault: 'hang', signal: controller.signal });
      await vi.waitFor(() => expect(sim.stats().inFlight).toBe(1));
      controller.abort();
      return pending;
    };
    const raw = await observe(() => abortWhileHanging('raw'));
    await expectConnectionsReleased();
    const wrapped = await observe(() => abortWhileHanging('wrapped'));
    expect(wrapped).toEqual(raw);
    expect(wrapped.outcome).toBe('rejected');
    const { report, status } = onlyRecord();
    expect(status).toBe('aborted');
    expect(report.request.inputTokens).toBeGreaterThan(0);
    expect(report.request.outputTokens).toBe(0);
    await expectConnectionsReleased();
    await expectNothingElseLost(calls);
  });

  it('a signal aborted mid-stream: the same chunks up to the abort and the same error; recorded as aborted', async () => {
    const abortAfterThree = async (side: 'raw' | 'wrapped') => {
      const controller = new AbortController();
      // The reply stalls after eight chunks: the abort lands mid-stream however busy the machine is.
      return readStream(calls, () => calls.stream(clients, side, { fault: 'stall-after:8', signal: controller.signal }), {
        onChunk: (count) => {
          if (count === 3) controller.abort();
        },
      });
    };
    const raw = await abortAfterThree('raw');
    const wrapped = await abortAfterThree('wrapped');
    // Whatever the SDK does (OpenAI's stream ends quietly on an abort, the others throw), the
    // wrapped one does the same.
    expect(wrapped.end).toEqual(raw.end);
    expect(wrapped.chunks.slice(0, 3)).toEqual(raw.chunks.slice(0, 3));
    const { report, status } = onlyRecord();
    expect(status).toBe('aborted');
    expect(report.request.inputTokens).toBeGreaterThan(0);
    expect(report.request.outputTokens).toBe(countTokens(wrapped.text).tokens);
    await expectConnectionsReleased();
    await expectNothingElseLost(calls);
  });

  it('a consumer that breaks early: the same chunks; the request is closed and recorded as aborted with what was read', async () => {
    const raw = await readStream(calls, () => calls.stream(clients, 'raw', { outputTokens: 5_000 }), { breakAfter: 4 });
    await expectConnectionsReleased();
    const wrapped = await readStream(calls, () => calls.stream(clients, 'wrapped', { outputTokens: 5_000 }), { breakAfter: 4 });
    expect(wrapped).toEqual(raw);
    await expectConnectionsReleased();
    const { report, status } = onlyRecord();
    expect(status).toBe('aborted');
    expect(report.request.outputTokens).toBe(countTokens(wrapped.text).tokens);
    await expectNothingElseLost(calls);
  });

  it('a consumer that never reads: as with the raw SDK; nothing is recorded until the stream ends, then once', async () => {
    const rawStream = await calls.stream(clients, 'raw', { outputTokens: 5_000 });
    const stream = await calls.stream(clients, 'wrapped', { outputTokens: 5_000 });
    // The raw SDK and the wrapped one are in the same state: OpenAI and Mistral have sent their
    // request and hold the response unread; Hugging Face sends on the first read, so nothing yet.
    const sent = calls.name === 'huggingface' ? 0 : 2;
    await vi.waitFor(() => expect(sim.stats().requests).toBe(sent));
    await expectNothingElseLost(calls);
    expect(clients.recorded.filter((entry) => entry.context.streamed === true)).toEqual([]);
    // The consumer finally gives up on both.
    await calls.cancel(rawStream);
    await calls.cancel(stream);
    await expectConnectionsReleased();
    if (calls.name === 'huggingface') {
      // Never started: no request was sent (the simulator saw only the ordinary one), nothing
      // was consumed, nothing is recorded (the stream's impact never settles: docs/adapters/huggingface.md).
      expect(sim.stats().requests).toBe(1);
      expect(clients.recorded.filter((entry) => entry.context.streamed === true)).toEqual([]);
      return;
    }
    // Sent and given up: recorded once, as aborted, with its prompt.
    const report = await getStreamImpact(stream);
    const streamed = clients.recorded.filter((entry) => entry.context.streamed === true);
    expect(streamed).toHaveLength(1);
    expect(streamed[0]?.report).toBe(report);
    expect(streamed[0]?.context.status).toBe('aborted');
    expect(report?.request.inputTokens).toBeGreaterThan(0);
    expect(clients.meter.snapshot().totals.requests).toBe(2);
  });
});
