import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Mistral } from '@mistralai/mistralai';
import { EventStream } from '@mistralai/mistralai/lib/event-streams.js';
import { HTTPClient } from '@mistralai/mistralai/lib/http.js';
import { MistralError } from '@mistralai/mistralai/models/errors';
import {
  BudgetExceededError,
  getImpact,
  getStreamImpact,
  loadTokenizer,
  Meter,
  type ImpactContext,
  type ImpactRecordedEvent,
  type ImpactReport,
} from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import { countSimTokens, startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { withCallOptions, withImpact, type MistralImpactOptions } from './index';

let sim: ProviderSim;
let raw: Mistral;
let records: { report: ImpactReport; context: ImpactContext }[];

const messages = [{ role: 'user' as const, content: 'How much water does a data center use?' }];
const promptTokens = 3 + 3 + countSimTokens(messages[0]!.content);

beforeAll(async () => {
  // Counts of streams cut short are exact ('counted') once gpt-tokenizer has loaded.
  await loadTokenizer();
});

beforeEach(async () => {
  sim = await startProviderSim({ seed: 5 });
  raw = new Mistral({ apiKey: 'sim', serverURL: sim.urls.mistral });
  records = [];
});

afterEach(async () => {
  await sim.close();
});

function wrap(options: MistralImpactOptions = {}, client: Mistral = raw): Mistral {
  return withImpact(client, { ...options, onImpact: (report, context) => records.push({ report, context }) });
}

function text(content: unknown): string {
  return typeof content === 'string' ? content : '';
}

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let events = 0;
  for await (const _event of stream) events += 1;
  return events;
}

/**
 * Streams a chat whose reply stalls after five events (so the abort lands mid-stream however busy
 * the machine is), aborts its signal at the third event, and returns what the consumer caught.
 */
async function abortAtThirdEvent(client: Mistral, afterFirstEvent?: () => void): Promise<{ stream: AsyncIterable<unknown>; caught: unknown; controller: AbortController }> {
  const controller = new AbortController();
  const stream = await client.chat.stream({ model: 'mistral-small-latest', messages }, { signal: controller.signal, headers: { 'x-sim-fault': 'stall-after:5' } });
  const caught = await (async () => {
    let events = 0;
    for await (const _event of stream) {
      events += 1;
      if (events === 1) afterFirstEvent?.();
      if (events === 3) controller.abort();
    }
  })().catch((error: unknown) => error);
  return { stream, caught, controller };
}

describe('a drop-in Mistral client', () => {
  it('is a new Mistral; the caller’s instance stays unmetered and untouched', async () => {
    const client = wrap();
    expect(client).toBeInstanceOf(Mistral);
    expect(client).not.toBe(raw);
    expect(Object.hasOwn(raw.chat, 'complete')).toBe(false);
    await raw.chat.complete({ model: 'mistral-small-latest', messages });
    expect(records).toHaveLength(0);
    await client.chat.complete({ model: 'mistral-small-latest', messages });
    expect(records).toHaveLength(1);
  });

  it('keeps unmetered sub-SDKs working as the raw client does (models.list reaches the server)', async () => {
    const client = wrap();
    const rawError = await raw.models.list().catch((error: unknown) => error);
    const error = await client.models.list().catch((caught: unknown) => caught);
    // The simulator serves no model list: both clients reach it and get its 404 the same way.
    expect((error as MistralError).statusCode).toBe(404);
    expect(Object.getPrototypeOf(error)).toBe(Object.getPrototypeOf(rawError));
    expect(records).toHaveLength(0);
  });

  it('wrapping a wrapped client meters once, with the new options', async () => {
    const seen: string[] = [];
    const twice = withImpact(wrap(), { onImpact: (_report, context) => seen.push(context.operation) });
    await twice.chat.complete({ model: 'mistral-small-latest', messages });
    expect(seen).toEqual(['chat']);
    expect(records).toHaveLength(0);
  });
});

describe('chat', () => {
  it('attaches a non-enumerable impact to complete() with the reported usage', async () => {
    const client = wrap();
    const reply = await client.chat.complete({ model: 'mistral-small-latest', messages });
    const plain = await raw.chat.complete({ model: 'mistral-small-latest', messages });
    // The id differs per request, and `created` (seconds) when the two calls straddle a second.
    const withoutId = (value: object): string => JSON.stringify({ ...value, id: undefined, created: undefined });
    expect(withoutId(reply)).toBe(withoutId(plain));
    expect(Object.keys(reply)).not.toContain('impact');
    const report = getImpact(reply);
    expect(report).toBe(records[0]?.report);
    expect((reply as typeof reply & { impact: ImpactReport }).impact).toBe(report);
    expect(report?.request).toMatchObject({
      provider: 'mistral',
      model: 'mistral-small-latest',
      inputTokens: promptTokens,
      outputTokens: reply.usage.completionTokens,
      tokenSource: 'reported',
    });
    expect(report?.assumptions).toMatchObject({ zone: 'SWE', pue: { value: 1.16 }, wue: { value: 0.09 } });
    expect(records[0]?.context).toMatchObject({ provider: 'mistral', operation: 'chat', status: 'completed', streamed: false, requestId: reply.id });
  });

  it('streams an EventStream whose impact resolves with the final usage', async () => {
    const client = wrap();
    const stream = await client.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-output-tokens': '40' } });
    expect(stream).toBeInstanceOf(EventStream);
    expect(stream).toBeInstanceOf(ReadableStream);
    let chunks = 0;
    for await (const event of stream) if (text(event.data.choices[0]?.delta.content) !== '') chunks += 1;
    expect(chunks).toBe(40);
    const report = await getStreamImpact(stream);
    expect(report).toBe(records[0]?.report);
    expect(report?.request).toMatchObject({ inputTokens: promptTokens, outputTokens: 40, tokenSource: 'reported' });
    expect(records[0]?.context).toMatchObject({ status: 'completed', streamed: true });
    expect(records).toHaveLength(1);
  });

  it('keeps tee(): both branches read everything, one report', async () => {
    const client = wrap();
    const stream = await client.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-output-tokens': '12' } });
    const [left, right] = stream.tee();
    const counts = await Promise.all([drain(left), drain(right)]);
    expect(counts[0]).toBe(counts[1]);
    expect((await getStreamImpact(stream))?.request.outputTokens).toBe(12);
    expect(records).toHaveLength(1);
  });

  it('records an early break as aborted with the tokens generated so far, and closes the response', async () => {
    const client = wrap();
    const stream = await client.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-output-tokens': '500' } });
    let seen = '';
    let events = 0;
    for await (const event of stream) {
      seen += text(event.data.choices[0]?.delta.content);
      events += 1;
      if (events === 5) break;
    }
    const report = await getStreamImpact(stream);
    expect(records[0]?.context).toMatchObject({ status: 'aborted', streamed: true });
    expect(report?.request.tokenSource).toBe('counted');
    expect(report?.request.outputTokens).toBeGreaterThan(0);
    expect(report?.request.outputTokens).toBeLessThan(20);
    expect(report?.request.inputTokens).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    await expect.poll(() => sim.stats().inFlight).toBe(0);
  });

  it('records a stream dropped unread, once collected, as aborted with its prompt, and closes the response', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const client = wrap();
    await (async () => {
      // A reply that stalls after five events: its response stays open until the client closes it.
      await client.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': 'stall-after:5' } });
    })();
    expect(sim.stats().inFlight).toBe(1);
    for (let attempt = 0; attempt < 40 && records.length === 0; attempt += 1) {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(records).toHaveLength(1);
    expect(records[0]?.context).toMatchObject({ status: 'aborted', streamed: true });
    expect(records[0]?.report.request).toMatchObject({ inputTokens: promptTokens, outputTokens: 0 });
    await vi.waitFor(() => expect(sim.stats().inFlight).toBe(0));
  });

  it('records a stream aborted by its signal as aborted and hands the consumer the abort', async () => {
    const { stream, caught } = await abortAtThirdEvent(wrap());
    expect(caught).toBeInstanceOf(Error);
    expect((await getStreamImpact(stream))?.request.outputTokens).toBeGreaterThan(0);
    expect(records[0]?.context.status).toBe('aborted');
  });

  it('honours the abort after a garbage collection, where Node.js 20’s fetch alone would lose it', async () => {
    // undici (Node.js 20) reaches the response body through a WeakRef to the Response, which the
    // SDK drops (EventStream keeps the body only): after a collection, an abort no longer errors the
    // body, and the raw SDK waits on a stalled reply forever. The wrapped stream cancels it itself.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const { caught, controller } = await abortAtThirdEvent(wrap(), collectGarbage);
    expect(caught).toBe(controller.signal.reason);
    expect(records[0]?.context).toMatchObject({ status: 'aborted', streamed: true });
    // The response was closed: the simulator's exchange ended.
    await vi.waitFor(() => expect(sim.stats().inFlight).toBe(0));
  });

  it('records a stream cut mid-way as failed, the consumer getting the SDK error', async () => {
    const client = wrap();
    const stream = await client.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': 'cut-after:4' } });
    const caught = await drain(stream).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(Error);
    const report = await getStreamImpact(stream);
    expect(records[0]?.context).toMatchObject({ status: 'failed', streamed: true });
    expect(records[0]?.context.error?.name).toBe((caught as Error).name);
    expect(report?.request.outputTokens).toBeGreaterThan(0);
  });

  it('passes provider errors through as the SDK raised them, and records the failure', async () => {
    const client = wrap();
    const rawError = await raw.chat.complete({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': 'status:429' } }).catch((error: unknown) => error);
    const error = await client.chat.complete({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': 'status:429' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MistralError);
    expect(Object.getPrototypeOf(error)).toBe(Object.getPrototypeOf(rawError));
    expect((error as MistralError).statusCode).toBe(429);
    expect((error as MistralError).body).toBe((rawError as MistralError).body);
    expect(records[0]?.context).toMatchObject({ status: 'failed', error: { name: (rawError as Error).name, status: 429 } });
    // A 4xx: Mistral refused the request before running the model, so nothing was consumed.
    expect(records[0]?.report.request).toMatchObject({ inputTokens: 0, outputTokens: 0 });
    expect(records[0]?.report.energy.value).toBe(0);
    const streamError = await client.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': 'status:500' } }).catch((caught: unknown) => caught);
    expect((streamError as MistralError).statusCode).toBe(500);
    expect(records[1]?.context).toMatchObject({ status: 'failed', streamed: true, error: { status: 500 } });
    // A 5xx: the model may have started on the prompt, which is counted.
    expect(records[1]?.report.request).toMatchObject({ inputTokens: promptTokens, tokenSource: 'counted' });
    await client.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': 'status:429' } }).catch(() => undefined);
    expect(records[2]?.context).toMatchObject({ status: 'failed', streamed: true, error: { status: 429 } });
    expect(records[2]?.report.request).toMatchObject({ inputTokens: 0, outputTokens: 0 });
  });

  it('records an aborted non-stream call as aborted', async () => {
    const client = wrap();
    const controller = new AbortController();
    const pending = client.chat.complete({ model: 'mistral-small-latest', messages }, { signal: controller.signal, headers: { 'x-sim-fault': 'hang' } });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('RequestAbortedError');
    expect(records[0]?.context.status).toBe('aborted');
  });

  it('meters parse() and parseStream() once each', async () => {
    const client = wrap();
    const Estimate = z.object({ kilowattHours: z.number(), zone: z.string() });
    const parsed = await client.chat.parse({ model: 'mistral-small-latest', messages, responseFormat: Estimate });
    expect(Estimate.safeParse(parsed.choices?.[0]?.message?.parsed).success).toBe(true);
    expect(getImpact(parsed)?.request.outputTokens).toBe(parsed.usage.completionTokens);
    const stream = await client.chat.parseStream({ model: 'mistral-small-latest', messages, responseFormat: Estimate });
    expect(stream).toBeInstanceOf(EventStream);
    await drain(stream);
    expect((await getStreamImpact(stream))?.request.tokenSource).toBe('reported');
    expect(records.map((record) => record.context.operation)).toEqual(['chat', 'chat']);
  });
});

describe('other covered calls', () => {
  it('meters fim.complete and fim.stream', async () => {
    const client = wrap();
    const reply = await client.fim.complete({ model: 'codestral-latest', prompt: 'def watts(', suffix: 'return total' });
    expect(getImpact(reply)?.request).toMatchObject({ model: 'codestral-latest', outputTokens: reply.usage.completionTokens, tokenSource: 'reported' });
    const stream = await client.fim.stream({ model: 'codestral-latest', prompt: 'def watts(', suffix: 'return total' });
    await drain(stream);
    expect((await getStreamImpact(stream))?.request.tokenSource).toBe('reported');
    expect(records.map((record) => [record.context.operation, record.context.streamed])).toEqual([['fim', false], ['fim', true]]);
    expect(getImpact(reply)?.assumptions.model.id).toBe('codestral-2508');
  });

  it('meters embeddings as the embedding modality', async () => {
    const client = wrap();
    const reply = await client.embeddings.create({ model: 'mistral-embed', inputs: ['kilowatt', 'water'] });
    expect(reply.data).toHaveLength(2);
    expect(getImpact(reply)?.request).toMatchObject({ modality: 'embedding', inputTokens: reply.usage.promptTokens, outputTokens: 0 });
    expect(records[0]?.context.operation).toBe('embeddings');
  });

  it('meters agents.complete and agents.stream with the model that served them', async () => {
    const client = wrap();
    const reply = await client.agents.complete({ agentId: 'ag_123', messages });
    expect(getImpact(reply)?.request.model).toBe('mistral-medium-latest');
    const stream = await client.agents.stream({ agentId: 'ag_123', messages });
    await drain(stream);
    expect((await getStreamImpact(stream))?.request.model).toBe('mistral-medium-latest');
    expect(records[1]?.context).toMatchObject({ operation: 'chat', streamed: true, model: 'mistral-medium-latest' });
  });

  it('meters OCR per page', async () => {
    const client = wrap();
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Pages /Count 3 >> endobj\n2 0 obj << /Type /Page >> endobj\n3 0 obj << /Type /Page >> endobj\n4 0 obj << /Type/Page >> endobj\n%%EOF';
    const documentUrl = `data:application/pdf;base64,${Buffer.from(pdf).toString('base64')}`;
    const three = await client.ocr.process({ model: 'mistral-ocr-latest', document: { type: 'document_url', documentUrl } });
    const one = await client.ocr.process({ model: 'mistral-ocr-latest', document: { type: 'document_url', documentUrl }, pages: [1] });
    expect(getImpact(three)?.request).toMatchObject({ modality: 'ocr', pages: 3 });
    expect(getImpact(one)?.request.pages).toBe(1);
    expect(getImpact(three)!.energy.value).toBeGreaterThan(getImpact(one)!.energy.value);
    expect(records.map((record) => record.context.operation)).toEqual(['ocr', 'ocr']);
  });

  it('meters conversations: start, append (with the started model) and their streams', async () => {
    const client = wrap();
    const started = await client.beta.conversations.start({ model: 'mistral-medium-latest', inputs: 'Hello there' });
    expect(getImpact(started)?.request).toMatchObject({ inputTokens: started.usage.promptTokens, outputTokens: started.usage.completionTokens });
    const appended = await client.beta.conversations.append({ conversationId: started.conversationId, conversationAppendRequest: { inputs: 'And then?' } });
    expect(getImpact(appended)?.request).toMatchObject({ model: 'mistral-medium-latest', inputTokens: appended.usage.promptTokens });
    const startStream = await client.beta.conversations.startStream({ model: 'mistral-small-latest', inputs: 'Hi' });
    expect(startStream).toBeInstanceOf(EventStream);
    await drain(startStream);
    expect((await getStreamImpact(startStream))?.request).toMatchObject({ model: 'mistral-small-latest', tokenSource: 'reported' });
    const appendStream = await client.beta.conversations.appendStream({ conversationId: started.conversationId, conversationAppendStreamRequest: { inputs: 'More' } });
    await drain(appendStream);
    const appendReport = await getStreamImpact(appendStream);
    expect(appendReport?.request.inputTokens).toBeGreaterThan(appended.usage.promptTokens);
    expect(records.map((record) => [record.context.operation, record.context.streamed])).toEqual([
      ['conversations', false],
      ['conversations', false],
      ['conversations', true],
      ['conversations', true],
    ]);
  });

  it('remembers the model of a conversation started as a stream, for a failed restart', async () => {
    const client = wrap();
    const stream = await client.beta.conversations.startStream({ model: 'mistral-large-latest', inputs: 'Hi' });
    let conversationId = '';
    for await (const event of stream) if (event.data.type === 'conversation.response.started') conversationId = event.data.conversationId;
    await client.beta.conversations.restart({ conversationId, conversationRestartRequest: { inputs: 'Again', fromEntryId: 'msg_1' } }).catch(() => undefined);
    expect(records[1]?.context).toMatchObject({ status: 'failed', model: 'mistral-large-latest' });
  });

  it('records a failed conversation restart with the conversation’s model', async () => {
    const client = wrap();
    const started = await client.beta.conversations.start({ model: 'mistral-small-latest', inputs: 'Hello there' });
    // The simulator has no restart route: a real 404 from the SDK's point of view.
    const error = await client.beta.conversations
      .restart({ conversationId: started.conversationId, conversationRestartRequest: { inputs: 'Again', fromEntryId: 'msg_1' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MistralError);
    expect(records[1]?.context).toMatchObject({ operation: 'conversations', status: 'failed', model: 'mistral-small-latest', error: { status: 404 } });
  });
});

describe('datacenter defaults', () => {
  it('uses Mistral’s US profile for server: "us", the EU one otherwise, and options over both', async () => {
    // A transport that sends the US host to the simulator: the SDK still believes it talks to api.us.mistral.ai.
    const httpClient = new HTTPClient({
      fetcher: (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        return fetch(new Request(request.url.replace('https://api.us.mistral.ai', sim.urls.mistral), request));
      },
    });
    const us = wrap({}, new Mistral({ apiKey: 'sim', server: 'us', httpClient }));
    const reply = await us.chat.complete({ model: 'mistral-small-latest', messages });
    expect(getImpact(reply)?.request.provider).toBe('mistral-us');
    expect(getImpact(reply)?.assumptions.zone).toBe('USA');
    const overridden = wrap({ zone: 'FRA', pue: 1.3 });
    const french = await overridden.chat.complete({ model: 'mistral-small-latest', messages });
    expect(getImpact(french)?.assumptions).toMatchObject({ zone: 'FRA', pue: { value: 1.3 } });
    const named = wrap({ provider: 'mistral-us' });
    expect(getImpact(await named.chat.complete({ model: 'mistral-small-latest', messages }))?.request.provider).toBe('mistral-us');
  });
});

describe('meters, budgets and per-call options', () => {
  it('records into the meter with tags, and per-call options add theirs', async () => {
    const meter = new Meter();
    const perCall: string[] = [];
    const client = withImpact(raw, { meter, tags: { app: 'faq' } });
    await client.chat.complete({ model: 'mistral-small-latest', messages });
    const scoped = withCallOptions(client, { tags: { user: 'ada' }, onImpact: (_report, context) => perCall.push(context.tags.user ?? '') });
    expect(scoped).toBeInstanceOf(Mistral);
    await scoped.chat.complete({ model: 'mistral-small-latest', messages });
    const snapshot = meter.snapshot();
    expect(snapshot.totals.requests).toBe(2);
    expect(snapshot.byTag.app?.faq?.requests).toBe(2);
    expect(snapshot.byTag.user?.ada?.requests).toBe(1);
    expect(perCall).toEqual(['ada']);
    expect(() => withCallOptions(raw, {})).toThrow(/withImpact/);
  });

  it('refuses a request before sending once a blocking budget is spent', async () => {
    const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'energy', limit: 1e-9, window: 'day', policy: 'block' }] });
    const client = withImpact(raw, { meter });
    await client.chat.complete({ model: 'mistral-small-latest', messages });
    const sent = sim.stats().requests;
    await expect(client.chat.complete({ model: 'mistral-small-latest', messages })).rejects.toBeInstanceOf(BudgetExceededError);
    await expect(client.chat.stream({ model: 'mistral-small-latest', messages })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(sim.stats().requests).toBe(sent);
    const unenforced = withImpact(raw, { meter, enforceBudgets: false });
    await expect(unenforced.chat.complete({ model: 'mistral-small-latest', messages })).resolves.toBeDefined();
  });

  it('never lets a throwing hook break the request', async () => {
    const meter = new Meter();
    const errors: string[] = [];
    meter.on('listener-error', ({ source }) => errors.push(source));
    const client = withImpact(raw, { meter, onImpact: () => { throw new Error('hook bug'); } });
    const reply = await client.chat.complete({ model: 'mistral-small-latest', messages });
    expect(reply.choices).toHaveLength(1);
    expect(errors).toEqual(['on-impact']);
  });
});

describe('privacy', () => {
  it('keeps prompt and completion text out of reports, events and ledger lines', async () => {
    const canary = 'CANARY-7f3a9c-PROMPT';
    const answer = 'CANARY-7f3a9c-COMPLETION';
    const directory = await mkdtemp(join(tmpdir(), 'wattlens-mistral-'));
    try {
      const meter = new Meter();
      const events: ImpactRecordedEvent[] = [];
      meter.on('impact-recorded', (event) => events.push(event));
      const ledger = new Ledger(join(directory, 'impact.jsonl'));
      ledger.attach(meter);
      const client = withImpact(raw, { meter, onImpact: (report, context) => records.push({ report, context }) });
      const secretMessages = [{ role: 'user' as const, content: `Tell me ${canary}` }];
      const Secret = z.object({ secret: z.literal(answer) });
      const parsed = await client.chat.parse({ model: 'mistral-small-latest', messages: secretMessages, responseFormat: Secret });
      expect(parsed.choices?.[0]?.message?.parsed).toEqual({ secret: answer });
      const stream = await client.chat.parseStream({ model: 'mistral-small-latest', messages: secretMessages, responseFormat: Secret });
      for await (const _event of stream) break;
      await getStreamImpact(stream);
      await client.chat.complete({ model: 'mistral-small-latest', messages: secretMessages }, { headers: { 'x-sim-fault': 'status:400' } }).catch(() => undefined);
      await client.embeddings.create({ model: 'mistral-embed', inputs: [canary] });
      await client.fim.complete({ model: 'codestral-latest', prompt: canary, suffix: canary });
      await client.beta.conversations.start({ model: 'mistral-small-latest', inputs: canary });
      await ledger.close();
      expect(records).toHaveLength(6);
      const everything = JSON.stringify({ records, events }) + (await readFile(join(directory, 'impact.jsonl'), 'utf8'));
      expect(everything).toContain('mistral-small-latest');
      expect(everything).not.toContain('CANARY');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
