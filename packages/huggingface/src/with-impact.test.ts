import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceClient, InferenceClientProviderApiError } from '@huggingface/inference';
import {
  BudgetExceededError,
  countTokens,
  getImpact,
  getStreamImpact,
  loadTokenizer,
  Meter,
  WattLensError,
  type ImpactContext,
  type ImpactRecordedEvent,
  type ImpactReport,
} from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import { countSimTokens, startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withCallOptions, withImpact, type HuggingFaceImpactOptions } from './index';

let sim: ProviderSim;
let raw: InferenceClient;
let records: { report: ImpactReport; context: ImpactContext }[];

const llama = 'meta-llama/Llama-3.1-8B-Instruct';
const messages = [{ role: 'user', content: 'Which grid is cleaner at night?' }];
const promptTokens = 3 + 3 + countSimTokens(messages[0]!.content);

beforeAll(async () => {
  await loadTokenizer();
});

beforeEach(async () => {
  sim = await startProviderSim({ seed: 11 });
  // An hf_ token sends provider calls through the router, which huggingfaceFetch points at the simulator.
  raw = new InferenceClient('hf_sim', { fetch: sim.huggingfaceFetch });
  records = [];
});

afterEach(async () => {
  await sim.close();
});

function wrap(options: HuggingFaceImpactOptions = {}, client: InferenceClient = raw): InferenceClient {
  return withImpact(client, { ...options, onImpact: (report, context) => records.push({ report, context }) });
}

function endpoint(path = 'endpoints/my-tgi'): string {
  return `${sim.urls.huggingface}/${path}`;
}

/** A mono 16-bit PCM WAV file of silence. */
function wav(seconds: number, sampleRate = 16_000): Blob {
  const data = sampleRate * 2 * seconds;
  const header = new DataView(new ArrayBuffer(44));
  const tag = (offset: number, text: string): void => [...text].forEach((char, index) => header.setUint8(offset + index, char.charCodeAt(0)));
  tag(0, 'RIFF');
  header.setUint32(4, 36 + data, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  header.setUint32(16, 16, true);
  header.setUint16(20, 1, true);
  header.setUint16(22, 1, true);
  header.setUint32(24, sampleRate, true);
  header.setUint32(28, sampleRate * 2, true);
  header.setUint16(32, 2, true);
  header.setUint16(34, 16, true);
  tag(36, 'data');
  header.setUint32(40, data, true);
  return new Blob([header.buffer, new Uint8Array(data)], { type: 'audio/wav' });
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('a drop-in InferenceClient', () => {
  it('is still an InferenceClient; the caller’s instance keeps its own, unmetered tasks', async () => {
    const before = Object.getOwnPropertyDescriptor(raw, 'chatCompletion');
    const client = wrap();
    expect(client).toBeInstanceOf(InferenceClient);
    expect(client).not.toBe(raw);
    expect(Object.getOwnPropertyDescriptor(raw, 'chatCompletion')).toEqual(before);
    await raw.chatCompletion({ provider: 'together', model: llama, messages });
    expect(records).toHaveLength(0);
    await client.chatCompletion({ provider: 'together', model: llama, messages });
    expect(records).toHaveLength(1);
  });

  it('keeps uncovered tasks working and meters clients made by endpoint()', async () => {
    const client = wrap();
    const bound = client.endpoint(endpoint());
    expect(bound).toBeInstanceOf(InferenceClient);
    await bound.chatCompletion({ model: 'tgi', messages });
    expect(records[0]?.context.provider).toBe('vllm');
    const rawError = await raw.textClassification({ provider: 'hf-inference', model: 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', inputs: 'x' }).catch((error: unknown) => error);
    const error = await client.textClassification({ provider: 'hf-inference', model: 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', inputs: 'x' }).catch((caught: unknown) => caught);
    expect(Object.getPrototypeOf(error)).toBe(Object.getPrototypeOf(rawError));
    expect(records).toHaveLength(1);
  });
});

describe('chat', () => {
  it('attaches the reported usage; the inference provider sets the datacenter', async () => {
    const client = wrap();
    const together = await client.chatCompletion({ provider: 'together', model: llama, messages });
    const plain = await raw.chatCompletion({ provider: 'together', model: llama, messages });
    const withoutId = (value: object): string => JSON.stringify({ ...value, id: undefined, created: undefined });
    expect(withoutId(together)).toBe(withoutId(plain));
    expect(Object.keys(together)).not.toContain('impact');
    expect(getImpact(together)?.request).toMatchObject({ provider: 'together', model: llama, inputTokens: promptTokens, outputTokens: together.usage.completion_tokens, tokenSource: 'reported' });
    expect(records[0]?.context).toMatchObject({ provider: 'together', operation: 'chat', status: 'completed', requestId: together.id });
    const nscale = await client.chatCompletion({ provider: 'nscale', model: llama, messages });
    expect(getImpact(nscale)?.assumptions.zone).toBe('NOR');
    const hosted = await client.chatCompletion({ provider: 'hf-inference', model: llama, messages });
    expect(getImpact(hosted)?.assumptions).toMatchObject({ zone: 'USA', pue: { value: 1.15 } });
    const routed = await client.chatCompletion({ model: llama, messages });
    expect(getImpact(routed)?.request.provider).toBe('huggingface');
    const unknownToWattLens = await client.chatCompletion({ provider: 'featherless-ai', model: llama, messages });
    expect(getImpact(unknownToWattLens)?.request.provider).toBe('huggingface');
  });

  it('takes an endpointUrl’s zone and hardware from the options', async () => {
    const client = wrap({ zone: 'FRA', deployment: { hardware: 'h200' } });
    const reply = await client.chatCompletion({ endpointUrl: endpoint(), model: 'meta-llama/Llama-3.1-8B-Instruct', messages });
    expect(getImpact(reply)?.assumptions).toMatchObject({ zone: 'FRA', hardware: 'h200' });
    expect(records[0]?.context.provider).toBe('vllm');
    const named = wrap({ provider: 'scaleway' });
    expect(getImpact(await named.chatCompletion({ endpointUrl: endpoint(), model: 'tgi', messages }))?.request.provider).toBe('scaleway');
  });

  it('streams the chunks the caller would have had, with the reported usage', async () => {
    const client = wrap();
    const plain = await collect(raw.chatCompletionStream({ provider: 'groq', model: llama, messages }));
    const stream = client.chatCompletionStream({ provider: 'groq', model: llama, messages });
    const chunks = await collect(stream);
    const strip = (chunk: object): string => JSON.stringify({ ...chunk, id: undefined, created: undefined });
    expect(chunks.map(strip)).toEqual(plain.map(strip));
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    const report = await getStreamImpact(stream);
    expect(report?.request).toMatchObject({ provider: 'groq', inputTokens: promptTokens, tokenSource: 'reported' });
    expect(report?.request.outputTokens).toBe(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length);
    expect(records[0]?.context).toMatchObject({ status: 'completed', streamed: true });
  });

  it('leaves the caller’s own include_usage alone, and counts tokens when told not to ask', async () => {
    const client = wrap();
    const asked = await collect(client.chatCompletionStream({ provider: 'groq', model: llama, messages, stream_options: { include_usage: true } }));
    expect(asked.at(-1)?.usage?.prompt_tokens).toBe(promptTokens);
    const quiet = wrap({ includeStreamUsage: false });
    const stream = quiet.chatCompletionStream({ provider: 'groq', model: llama, messages });
    const chunks = await collect(stream);
    const report = await getStreamImpact(stream);
    expect(report?.request.tokenSource).toBe('counted');
    expect(report?.request.outputTokens).toBeGreaterThanOrEqual(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length * 0.8);
    expect(records[1]?.context.status).toBe('completed');
  });

  it('records a break as aborted, with the tokens streamed so far', async () => {
    const client = wrap();
    const stream = client.chatCompletionStream({ endpointUrl: endpoint('x-sim-output-tokens=500/endpoints/tgi'), model: 'tgi', messages });
    let chunks = 0;
    for await (const _chunk of stream) if ((chunks += 1) === 6) break;
    const report = await getStreamImpact(stream);
    expect(records[0]?.context).toMatchObject({ status: 'aborted', streamed: true });
    expect(report?.request.tokenSource).toBe('counted');
    expect(report?.request.outputTokens).toBeGreaterThan(0);
    expect(report?.request.outputTokens).toBeLessThan(20);
  });

  it('records a stream aborted by its signal as aborted', async () => {
    const client = wrap();
    const controller = new AbortController();
    const stream = client.chatCompletionStream({ endpointUrl: endpoint('x-sim-fault=stall-after:5/endpoints/tgi'), model: 'tgi', messages }, { signal: controller.signal });
    const caught = await (async () => {
      let chunks = 0;
      for await (const _chunk of stream) if ((chunks += 1) === 3) controller.abort();
    })().catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(Error);
    await getStreamImpact(stream);
    expect(records[0]?.context.status).toBe('aborted');
  });

  it('rejects the impact of a stream closed before its first read: nothing sent, nothing recorded', async () => {
    const client = wrap();
    const sent = sim.stats().requests;
    const closed = client.chatCompletionStream({ endpointUrl: endpoint(), model: 'tgi', messages });
    await closed.return(undefined);
    const thrown = client.textGenerationStream({ endpointUrl: endpoint(), model: 'tgi', inputs: 'Hello' });
    await expect(thrown.throw(new RangeError('not needed'))).rejects.toThrow('not needed');
    for (const stream of [closed, thrown]) {
      const error = await getStreamImpact(stream)?.catch((caught: unknown) => caught);
      expect(WattLensError.isInstance(error) && error.code).toBe('stream-not-started');
    }
    expect(sim.stats().requests).toBe(sent);
    expect(records).toEqual([]);
  });

  it('records a stream cut mid-way as failed; the caller gets the SDK’s error', async () => {
    const client = wrap();
    const stream = client.chatCompletionStream({ endpointUrl: endpoint('x-sim-fault=cut-after:3/endpoints/tgi'), model: 'tgi', messages });
    const caught = await collect(stream).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(Error);
    const report = await getStreamImpact(stream);
    expect(records[0]?.context).toMatchObject({ status: 'failed', streamed: true, error: { name: (caught as Error).name } });
    expect(report?.request.inputTokens).toBeGreaterThan(0);
  });

  it('passes provider errors through unchanged and records their status', async () => {
    const client = wrap();
    const url = endpoint('x-sim-fault=status:429/endpoints/tgi');
    const rawError = await raw.chatCompletion({ endpointUrl: url, model: 'tgi', messages }).catch((error: unknown) => error);
    const error = await client.chatCompletion({ endpointUrl: url, model: 'tgi', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InferenceClientProviderApiError);
    expect(Object.getPrototypeOf(error)).toBe(Object.getPrototypeOf(rawError));
    expect((error as InferenceClientProviderApiError).httpResponse.status).toBe(429);
    expect((error as Error).message).toBe((rawError as Error).message);
    expect(records[0]?.context).toMatchObject({ status: 'failed', error: { name: (rawError as Error).name, status: 429 } });
    const streamError = await collect(client.chatCompletionStream({ endpointUrl: endpoint('x-sim-fault=status:500/endpoints/tgi'), model: 'tgi', messages })).catch((caught: unknown) => caught);
    expect(streamError).toBeInstanceOf(InferenceClientProviderApiError);
    expect(records[1]?.context).toMatchObject({ status: 'failed', streamed: true, error: { status: 500 } });
    // A 4xx: the provider refused the request before running the model, so nothing was consumed;
    // a 5xx: the model may have started on the prompt, which is counted.
    expect(records[0]?.report.request).toMatchObject({ inputTokens: 0, outputTokens: 0 });
    expect(records[0]?.report.energy.value).toBe(0);
    expect(records[1]?.report.request.inputTokens).toBe(promptTokens);
    await collect(client.chatCompletionStream({ endpointUrl: endpoint('x-sim-fault=status:401/endpoints/tgi'), model: 'tgi', messages })).catch(() => undefined);
    expect(records[2]?.context).toMatchObject({ status: 'failed', streamed: true, error: { status: 401 } });
    expect(records[2]?.report.request).toMatchObject({ inputTokens: 0, outputTokens: 0 });
  });
});

describe('tasks without usage', () => {
  it('counts textGeneration and textGenerationStream tokens', async () => {
    const client = wrap();
    const generated = await client.textGeneration({ endpointUrl: endpoint(), inputs: 'Once upon a time', parameters: { max_new_tokens: 12 } });
    expect(Object.keys(generated)).toEqual(['generated_text']);
    expect(getImpact(generated)?.request).toMatchObject({ tokenSource: 'counted', inputTokens: 4 });
    expect(getImpact(generated)?.request.outputTokens).toBeGreaterThan(0);
    const stream = client.textGenerationStream({ endpointUrl: endpoint(), inputs: 'Once upon a time', parameters: { max_new_tokens: 12 } });
    await collect(stream);
    expect((await getStreamImpact(stream))?.request).toMatchObject({ tokenSource: 'counted', inputTokens: 4 });
    expect(records.map((record) => [record.context.operation, record.context.streamed])).toEqual([['text-generation', false], ['text-generation', true]]);
  });

  it('counts with the model’s own tokenizer when one is given', async () => {
    // A stand-in tokenizer that counts characters, easy to check.
    const client = wrap({ tokenizer: (text) => text.length, includeStreamUsage: false });
    const generated = await client.textGeneration({ endpointUrl: endpoint(), inputs: 'Once upon a time' });
    expect(getImpact(generated)?.request).toMatchObject({ inputTokens: 16, outputTokens: generated.generated_text.length, tokenSource: 'counted' });
    const stream = client.chatCompletionStream({ endpointUrl: endpoint(), model: 'tgi', messages });
    let characters = 0;
    for await (const chunk of stream) characters += chunk.choices[0]?.delta.content?.length ?? 0;
    expect((await getStreamImpact(stream))?.request).toMatchObject({ inputTokens: 3 + 3 + messages[0]!.content.length, outputTokens: characters });
    const failing = wrap({ tokenizer: () => { throw new Error('no vocabulary'); } });
    const fallback = await failing.textGeneration({ endpointUrl: endpoint(), inputs: 'Once upon a time' });
    expect(getImpact(fallback)?.request).toMatchObject({ inputTokens: 4, tokenSource: 'counted' });
  });

  it('meters featureExtraction as embeddings, counting the inputs', async () => {
    const client = wrap();
    const vectors = await client.featureExtraction({ provider: 'hf-inference', model: 'sentence-transformers/all-MiniLM-L6-v2', inputs: ['kilowatt hours', 'water'] });
    expect(vectors).toHaveLength(2);
    expect(JSON.stringify(vectors).includes('impact')).toBe(false);
    expect(getImpact(vectors)?.request).toMatchObject({ modality: 'embedding', outputTokens: 0, tokenSource: 'counted', provider: 'hf-inference' });
    expect(getImpact(vectors)?.request.inputTokens).toBe(countTokens('kilowatt hours').tokens + countTokens('water').tokens);
  });

  it('meters textToImage per image and size, on a Blob or a URL', async () => {
    const client = wrap();
    const blob = await client.textToImage({ provider: 'hf-inference', model: 'stabilityai/stable-diffusion-xl-base-1.0', inputs: 'a dam', parameters: { width: 512, height: 512 } }, { outputType: 'blob' });
    expect(blob.type).toBe('image/png');
    expect(getImpact(blob)?.request).toMatchObject({ modality: 'image', images: 1, imageSize: '512x512' });
    const url = await client.textToImage({ provider: 'together', model: 'black-forest-labs/FLUX.1-schnell', inputs: 'a dam' }, { outputType: 'url' });
    expect(typeof url).toBe('string');
    expect(records[1]?.report.request).toMatchObject({ modality: 'image', images: 1, provider: 'together' });
    expect(getImpact(blob)!.energy.value).toBeLessThan(records[1]!.report.energy.value);
  });

  it('meters summarization, translation and speech recognition', async () => {
    const client = wrap();
    const long = 'Data centers use electricity and water. '.repeat(20);
    const summary = await client.summarization({ provider: 'hf-inference', model: 'facebook/bart-large-cnn', inputs: long });
    expect(getImpact(summary)?.request.inputTokens).toBeGreaterThan(100);
    expect(getImpact(summary)?.request.outputTokens).toBeGreaterThan(0);
    const translation = await client.translation({ provider: 'hf-inference', model: 'Helsinki-NLP/opus-mt-en-fr', inputs: 'The grid is clean tonight.' });
    expect(getImpact(translation)?.request.outputTokens).toBeGreaterThan(0);
    const transcript = await client.automaticSpeechRecognition({ provider: 'hf-inference', model: 'openai/whisper-large-v3', data: wav(4) });
    expect(getImpact(transcript)?.request).toMatchObject({ modality: 'audio-transcription', audioSeconds: 4 });
    const fromText = await client.automaticSpeechRecognition({ provider: 'hf-inference', model: 'openai/whisper-large-v3', inputs: new Blob([new Uint8Array(2000)], { type: 'audio/flac' }) });
    const words = fromText.text.split(/\s+/).filter(Boolean).length;
    expect(getImpact(fromText)?.request.audioSeconds).toBeCloseTo(words / 2.5, 9);
    expect(records.map((record) => record.context.operation)).toEqual(['summarization', 'translation', 'audio-transcription', 'audio-transcription']);
  });
});

describe('meters, budgets and per-call options', () => {
  it('records into the meter with client and per-call tags', async () => {
    const meter = new Meter();
    const client = withImpact(raw, { meter, tags: { app: 'docs' } });
    await client.chatCompletion({ provider: 'together', model: llama, messages });
    const perCall: string[] = [];
    await withCallOptions(client, { tags: { user: 'ada' }, onImpact: (_report, context) => perCall.push(context.tags.user ?? '') }).featureExtraction({ provider: 'hf-inference', model: 'sentence-transformers/all-MiniLM-L6-v2', inputs: 'watt' });
    const snapshot = meter.snapshot();
    expect(snapshot.totals.requests).toBe(2);
    expect(snapshot.byTag.app?.docs?.requests).toBe(2);
    expect(snapshot.byTag.user?.ada?.requests).toBe(1);
    expect(perCall).toEqual(['ada']);
    expect(() => withCallOptions(raw, {})).toThrow(/withImpact/);
  });

  it('refuses a request before sending once a blocking budget is spent, streams on their first chunk', async () => {
    const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'energy', limit: 1e-9, window: 'day', policy: 'block' }] });
    const client = withImpact(raw, { meter });
    await client.chatCompletion({ provider: 'together', model: llama, messages });
    const sent = sim.stats().requests;
    await expect(client.chatCompletion({ provider: 'together', model: llama, messages })).rejects.toBeInstanceOf(BudgetExceededError);
    const stream = client.chatCompletionStream({ provider: 'together', model: llama, messages });
    const refused = await collect(stream).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    // The stream's impact rejects with the same error rather than staying pending.
    await expect(getStreamImpact(stream)).rejects.toBe(refused);
    expect(sim.stats().requests).toBe(sent);
  });
});

describe('privacy', () => {
  it('keeps prompt and completion text out of reports, events and ledger lines', async () => {
    const canary = 'CANARY-51be-PROMPT';
    const answer = 'CANARY-51be-COMPLETION';
    const directory = await mkdtemp(join(tmpdir(), 'wattlens-hf-'));
    try {
      const meter = new Meter();
      const events: ImpactRecordedEvent[] = [];
      meter.on('impact-recorded', (event) => events.push(event));
      const ledger = new Ledger(join(directory, 'impact.jsonl'));
      ledger.attach(meter);
      const client = withImpact(raw, { meter, onImpact: (report, context) => records.push({ report, context }) });
      const secret = [{ role: 'user', content: `Repeat ${canary}` }];
      const response_format = { type: 'json_schema' as const, json_schema: { name: 'secret', schema: { type: 'object', properties: { secret: { const: answer } }, required: ['secret'] } } };
      const reply = await client.chatCompletion({ provider: 'together', model: llama, messages: secret, response_format });
      expect(reply.choices[0]?.message.content).toContain(answer);
      const stream = client.chatCompletionStream({ provider: 'together', model: llama, messages: secret, response_format, stream_options: { include_usage: false } });
      await collect(stream);
      await getStreamImpact(stream);
      await client.textGeneration({ endpointUrl: endpoint(), inputs: canary });
      await client.featureExtraction({ provider: 'hf-inference', model: 'sentence-transformers/all-MiniLM-L6-v2', inputs: canary });
      await client.summarization({ provider: 'hf-inference', model: 'facebook/bart-large-cnn', inputs: canary });
      await client.chatCompletion({ endpointUrl: endpoint('x-sim-fault=status:400/endpoints/tgi'), model: 'tgi', messages: secret }).catch(() => undefined);
      await ledger.close();
      expect(records).toHaveLength(6);
      const everything = JSON.stringify({ records, events }) + (await readFile(join(directory, 'impact.jsonl'), 'utf8'));
      expect(everything).toContain(llama);
      expect(everything).not.toContain('CANARY');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
