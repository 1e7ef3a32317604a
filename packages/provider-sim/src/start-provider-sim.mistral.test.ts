import { Mistral } from '@mistralai/mistralai';
import { MistralError } from '@mistralai/mistralai/models/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { countSimTokens } from './count-sim-tokens';
import { startProviderSim, type ProviderSim } from './start-provider-sim';

let sim: ProviderSim;
let mistral: Mistral;

beforeEach(async () => {
  sim = await startProviderSim({ seed: 3 });
  mistral = new Mistral({ apiKey: 'sim', serverURL: sim.urls.mistral });
});

afterEach(async () => {
  await sim.close();
});

const messages = [{ role: 'user' as const, content: 'How much water does a data center use?' }];
const promptTokens = 3 + 3 + countSimTokens(messages[0]!.content);

function text(content: unknown): string {
  return typeof content === 'string' ? content : '';
}

describe('Mistral chat', () => {
  it('answers chat.complete with usage that matches the reply', async () => {
    const response = await mistral.chat.complete({ model: 'mistral-small-latest', messages });
    const content = text(response.choices[0]?.message?.content);
    expect(content.length).toBeGreaterThan(0);
    expect(response.usage).toMatchObject({ promptTokens, completionTokens: countSimTokens(content), totalTokens: promptTokens + countSimTokens(content) });
    expect(response.choices[0]?.finishReason).toBe('stop');
  });

  it('streams one token per chunk, usage on the final chunk, ending [DONE]', async () => {
    const stream = await mistral.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-output-tokens': '300' } });
    let tokens = 0;
    let usage;
    let finishReason;
    for await (const event of stream) {
      const choice = event.data.choices[0];
      if (text(choice?.delta.content) !== '') tokens += 1;
      if (event.data.usage) usage = event.data.usage;
      if (choice?.finishReason) finishReason = choice.finishReason;
    }
    expect(tokens).toBe(300);
    expect(usage).toMatchObject({ promptTokens, completionTokens: 300, totalTokens: promptTokens + 300 });
    expect(finishReason).toBe('stop');
  });

  it('gives the same reply to the same request', async () => {
    const first = await mistral.chat.complete({ model: 'mistral-large-latest', messages });
    const second = await mistral.chat.complete({ model: 'mistral-large-latest', messages });
    expect(second.choices[0]?.message?.content).toBe(first.choices[0]?.message?.content);
  });

  it('respects maxTokens', async () => {
    const response = await mistral.chat.complete({ model: 'mistral-small-latest', messages, maxTokens: 4 }, { headers: { 'x-sim-output-tokens': '40' } });
    expect(response.usage.completionTokens).toBe(4);
    expect(response.choices[0]?.finishReason).toBe('length');
  });

  it('returns JSON that chat.parse turns back into the zod object', async () => {
    const Estimate = z.object({ wattHours: z.number(), source: z.string(), tags: z.array(z.string()) });
    const response = await mistral.chat.parse({ model: 'mistral-small-latest', messages, responseFormat: Estimate });
    const parsed = response.choices?.[0]?.message?.parsed;
    expect(Estimate.safeParse(parsed).success).toBe(true);

    const stream = await mistral.chat.parseStream({ model: 'mistral-small-latest', messages, responseFormat: Estimate });
    let json = '';
    for await (const event of stream) json += text(event.data.choices[0]?.delta.content);
    expect(Estimate.safeParse(JSON.parse(json)).success).toBe(true);
  });

  it('calls a tool when toolChoice is any, in one chunk when streaming', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'grid_intensity', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } } }];
    const response = await mistral.chat.complete({ model: 'mistral-large-latest', messages, tools, toolChoice: 'any' });
    const call = response.choices[0]?.message?.toolCalls?.[0];
    expect(response.choices[0]?.finishReason).toBe('tool_calls');
    expect(call?.function.name).toBe('grid_intensity');
    expect(call?.id).toMatch(/^[0-9a-f]{9}$/);
    const parsedArguments = JSON.parse(String(call?.function.arguments)) as { zone: unknown };
    expect(typeof parsedArguments.zone).toBe('string');
    expect(response.usage.completionTokens).toBe(1 + countSimTokens(String(call?.function.arguments)));

    const stream = await mistral.chat.stream({ model: 'mistral-large-latest', messages, tools, toolChoice: 'any' });
    const calls = [];
    for await (const event of stream) calls.push(...(event.data.choices[0]?.delta.toolCalls ?? []));
    expect(calls).toHaveLength(1);
  });
});

describe('Mistral FIM, embeddings, agents, OCR', () => {
  it('completes code in the middle, JSON and stream', async () => {
    const response = await mistral.fim.complete({ model: 'codestral-latest', prompt: 'def energy(', suffix: 'return joules' });
    const content = text(response.choices[0]?.message?.content);
    expect(response.usage.completionTokens).toBe(countSimTokens(content));
    expect(response.usage.promptTokens).toBe(countSimTokens('def energy(') + countSimTokens('return joules') + 3);
    const stream = await mistral.fim.stream({ model: 'codestral-latest', prompt: 'def energy(', suffix: 'return joules' });
    let streamed = '';
    for await (const event of stream) streamed += text(event.data.choices[0]?.delta.content);
    expect(streamed).toBe(content);
  });

  it('embeds inputs with mistral-embed dimensions', async () => {
    const response = await mistral.embeddings.create({ model: 'mistral-embed', inputs: ['watt', 'joule'] });
    expect(response.data).toHaveLength(2);
    expect(response.data[0]?.embedding).toHaveLength(1024);
    expect(response.usage.promptTokens).toBe(2);
  });

  it('answers agents with the agent model', async () => {
    const response = await mistral.agents.complete({ agentId: 'ag_123', messages });
    expect(response.model).toBe('mistral-medium-latest');
    expect(response.usage.completionTokens).toBe(countSimTokens(text(response.choices[0]?.message?.content)));
    const stream = await mistral.agents.stream({ agentId: 'ag_123', messages });
    let chunks = 0;
    let usage;
    for await (const event of stream) {
      if (text(event.data.choices[0]?.delta.content) !== '') chunks += 1;
      usage = event.data.usage ?? usage;
    }
    expect(usage?.completionTokens).toBe(chunks);
  });

  it('counts the pages of a PDF for OCR, and honours pages', async () => {
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Pages /Count 3 >> endobj\n2 0 obj << /Type /Page >> endobj\n3 0 obj << /Type /Page >> endobj\n4 0 obj << /Type/Page >> endobj\n%%EOF';
    const documentUrl = `data:application/pdf;base64,${Buffer.from(pdf).toString('base64')}`;
    const response = await mistral.ocr.process({ model: 'mistral-ocr-latest', document: { type: 'document_url', documentUrl } });
    expect(response.usageInfo.pagesProcessed).toBe(3);
    expect(response.usageInfo.docSizeBytes).toBe(pdf.length);
    expect(response.pages).toHaveLength(3);
    expect(response.pages[0]?.markdown).toMatch(/^# Page 1/);
    const some = await mistral.ocr.process({ model: 'mistral-ocr-latest', document: { type: 'document_url', documentUrl }, pages: [0, 2] });
    expect(some.usageInfo.pagesProcessed).toBe(2);
    const image = await mistral.ocr.process({ model: 'mistral-ocr-latest', document: { type: 'image_url', imageUrl: 'https://example.com/receipt.png' } });
    expect(image.usageInfo.pagesProcessed).toBe(1);
  });
});

describe('Mistral conversations', () => {
  it('starts and appends, the history counting in the prompt', async () => {
    const started = await mistral.beta.conversations.start({ model: 'mistral-medium-latest', inputs: 'Hello there' });
    const first = started.outputs[0];
    expect(first?.type).toBe('message.output');
    const firstText = first !== undefined && 'content' in first ? text(first.content) : '';
    expect(started.usage.completionTokens).toBe(countSimTokens(firstText));
    expect(started.usage.promptTokens).toBe(3 + 3 + countSimTokens('Hello there'));
    const appended = await mistral.beta.conversations.append({ conversationId: started.conversationId, conversationAppendRequest: { inputs: 'And then?' } });
    expect(appended.conversationId).toBe(started.conversationId);
    expect(appended.usage.promptTokens).toBe((started.usage.totalTokens ?? 0) + 3 + 3 + countSimTokens('And then?'));
  });

  it('streams message deltas and conversation.response.done with usage', async () => {
    const stream = await mistral.beta.conversations.startStream({ model: 'mistral-medium-latest', inputs: 'Hello there' });
    let deltas = 0;
    let usage;
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.data.type);
      if (event.data.type === 'message.output.delta') deltas += 1;
      if (event.data.type === 'conversation.response.done') usage = event.data.usage;
    }
    expect(types[0]).toBe('conversation.response.started');
    expect(types.at(-1)).toBe('conversation.response.done');
    expect(usage).toMatchObject({ completionTokens: deltas });
  });

  it('streams an append with the history in its usage', async () => {
    const started = await mistral.beta.conversations.start({ model: 'mistral-medium-latest', inputs: 'Hello there' });
    const stream = await mistral.beta.conversations.appendStream({ conversationId: started.conversationId, conversationAppendStreamRequest: { inputs: 'More' } });
    let usage;
    for await (const event of stream) if (event.data.type === 'conversation.response.done') usage = event.data.usage;
    expect(usage).toMatchObject({ promptTokens: (started.usage.totalTokens ?? 0) + 3 + 3 + countSimTokens('More') });
  });

  it('answers 404 for an unknown conversation', async () => {
    const error = await mistral.beta.conversations.append({ conversationId: 'conv_missing', conversationAppendRequest: { inputs: 'Hi' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MistralError);
    expect((error as MistralError).statusCode).toBe(404);
  });
});

describe('Mistral faults', () => {
  it.each([400, 401, 403, 404, 429, 500])('status:%i surfaces as a MistralError with that status', async (status) => {
    const error = await mistral.chat.complete({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': `status:${status}` } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MistralError);
    expect((error as MistralError).statusCode).toBe(status);
    expect((error as MistralError).body).toContain('x-sim-fault');
  });

  it('raises in the consumer on cut and malformed streams', async () => {
    const cut = await mistral.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': 'cut-after:2' } });
    await expect((async () => { for await (const _event of cut); })()).rejects.toThrow();
    const malformed = await mistral.chat.stream({ model: 'mistral-small-latest', messages }, { headers: { 'x-sim-fault': 'malformed:3' } });
    await expect((async () => { for await (const _event of malformed); })()).rejects.toThrow(/malformed json/);
  });
});
