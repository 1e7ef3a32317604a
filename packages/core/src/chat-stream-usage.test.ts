import { describe, expect, it } from 'vitest';
import { ChatStreamUsage, chatUsageToRequest, isUsageOnlyChunk, withoutAddedUsage, type ChatChunk } from './chat-stream-usage';
import { countTokens, loadTokenizer } from './count-tokens';

// Chunks as OpenAI sends them with stream_options.include_usage (wire format of the Chat Completions API).
const header = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1767225600, model: 'gpt-4o-mini-2024-07-18' };
/** A chunk exactly as the wire has it (with fields the accumulator does not read). */
const wire = (chunk: object): ChatChunk => chunk as ChatChunk;
const chunks: ChatChunk[] = [
  wire({ ...header, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], usage: null }),
  wire({ ...header, choices: [{ index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null }], usage: null }),
  wire({ ...header, choices: [{ index: 0, delta: { content: ' world' }, logprobs: null, finish_reason: null }], usage: null }),
  wire({ ...header, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null }),
  {
    ...header,
    choices: [],
    usage: {
      prompt_tokens: 12,
      completion_tokens: 2,
      total_tokens: 14,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  },
];

describe('chatUsageToRequest', () => {
  it('maps prompt, completion, cached and reasoning tokens and reported energy', () => {
    expect(
      chatUsageToRequest({
        prompt_tokens: 100,
        completion_tokens: 50,
        prompt_tokens_details: { cached_tokens: 64 },
        completion_tokens_details: { reasoning_tokens: 32 },
        energy_joules: 39.86,
      }),
    ).toEqual({ inputTokens: 100, outputTokens: 50, cachedInputTokens: 64, reasoningTokens: 32, reportedEnergyJoules: 39.86, tokenSource: 'reported' });
  });

  it('leaves out what the host did not send (TGI sends counts only)', () => {
    expect(chatUsageToRequest({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 })).toEqual({ inputTokens: 7, outputTokens: 3, tokenSource: 'reported' });
    expect(chatUsageToRequest({ prompt_tokens_details: null, completion_tokens_details: null })).toEqual({ tokenSource: 'reported' });
  });
});

describe('isUsageOnlyChunk', () => {
  it('recognises the extra include_usage chunk and nothing else', () => {
    expect(isUsageOnlyChunk(chunks[4] as ChatChunk)).toBe(true);
    expect(chunks.slice(0, 4).some((chunk) => isUsageOnlyChunk(chunk))).toBe(false);
    // Azure OpenAI's first chunk has no choices either, but no usage: it is the caller's.
    expect(isUsageOnlyChunk({ choices: [], usage: null })).toBe(false);
    expect(isUsageOnlyChunk({ usage: { prompt_tokens: 1 } })).toBe(false);
  });
});

describe('withoutAddedUsage', () => {
  it('gives each chunk as it would have come without include_usage: the same keys in the same order, no usage chunk', () => {
    const parsed = chunks.map((chunk) => JSON.parse(JSON.stringify(chunk)) as ChatChunk);
    const restored = parsed.map((chunk) => withoutAddedUsage(chunk));
    expect(restored[4]).toBeUndefined();
    const { usage: _usage, ...withoutUsage } = chunks[1] as ChatChunk & { usage: null };
    expect(Object.keys(restored[1] as object)).toEqual(Object.keys(withoutUsage));
    expect(JSON.stringify(restored[1])).toBe(JSON.stringify(withoutUsage));
    expect(restored.slice(0, 4).every((chunk) => chunk !== undefined && !('usage' in chunk) && Object.getPrototypeOf(chunk) === Object.prototype)).toBe(true);
    // A copy that shares the parsed chunk's nested objects; the parsed chunk itself is left alone.
    expect(restored[1]?.choices).toBe(parsed[1]?.choices);
    expect(parsed[1]?.usage).toBeNull();
  });

  it('returns chunks without the added key as they are, and deletes the key of a class instance', () => {
    const plain = { ...header, choices: [] };
    expect(withoutAddedUsage(plain)).toBe(plain);
    // Azure OpenAI's first chunk: no choices, no usage; it is the caller's.
    const azureFirst = { choices: [], usage: null, prompt_filter_results: [] };
    expect(withoutAddedUsage(azureFirst)).toEqual({ choices: [], prompt_filter_results: [] });
    class Chunk {
      choices = [];
      usage: null | undefined = null;
    }
    const instance = new Chunk();
    expect(withoutAddedUsage(instance)).toBe(instance);
    expect(instance).toBeInstanceOf(Chunk);
    expect('usage' in instance).toBe(false);
    expect(withoutAddedUsage(null)).toBeNull();
    expect(withoutAddedUsage('text')).toBe('text');
  });
});

describe('ChatStreamUsage', () => {
  it('keeps the final usage and the model of the stream', () => {
    const usage = new ChatStreamUsage();
    for (const chunk of chunks) usage.add(chunk);
    expect(usage.finished).toBe(true);
    expect(usage.model).toBe('gpt-4o-mini-2024-07-18');
    expect(usage.usage?.prompt_tokens).toBe(12);
    expect(usage.toRequestUsage({ tokens: 999, tokenSource: 'counted' })).toEqual({
      inputTokens: 12,
      outputTokens: 2,
      cachedInputTokens: 4,
      tokenSource: 'reported',
      model: 'gpt-4o-mini-2024-07-18',
    });
  });

  it('counts the generated text when the stream stops before its usage', async () => {
    await loadTokenizer();
    const usage = new ChatStreamUsage();
    for (const chunk of chunks.slice(0, 3)) usage.add(chunk);
    expect(usage.finished).toBe(false);
    let promptCounted = 0;
    const request = usage.toRequestUsage(() => {
      promptCounted += 1;
      return { tokens: 12, tokenSource: 'counted' };
    });
    expect(request).toEqual({ inputTokens: 12, outputTokens: countTokens('Hello world').tokens, tokenSource: 'counted', model: 'gpt-4o-mini-2024-07-18' });
    expect(request.outputTokens).toBe(2);
    expect(promptCounted).toBe(1);
  });

  it('counts tool-call names and arguments, refusals, reasoning and legacy completion text', async () => {
    await loadTokenizer();
    const usage = new ChatStreamUsage();
    usage.add({ choices: [{ delta: { tool_calls: [{ function: { name: 'get_weather', arguments: '' } }] } }] });
    usage.add({ choices: [{ delta: { tool_calls: [{ function: { arguments: '{"city":"Paris"}' } }] } }] });
    usage.add({ choices: [{ delta: { refusal: 'No.' } }] });
    usage.add({ choices: [{ delta: { reasoning_content: 'Think.' } }, { delta: { reasoning: 'Again.' } }] });
    usage.add({ choices: [{ text: ' legacy', finish_reason: 'length' }] });
    const expected = countTokens(['get_weather', '{"city":"Paris"}', 'No.', 'Think.', 'Again.', ' legacy']).tokens;
    expect(usage.outputTokens()).toEqual({ tokens: expected, tokenSource: 'counted' });
    expect(usage.finished).toBe(true);
  });

  it('marks the counts estimated when the prompt count was only estimated', async () => {
    await loadTokenizer();
    const usage = new ChatStreamUsage();
    usage.add(chunks[1] as ChatChunk);
    expect(usage.toRequestUsage({ tokens: 3, tokenSource: 'estimated' }).tokenSource).toBe('estimated');
    expect(usage.toRequestUsage().inputTokens).toBeUndefined();
  });

  it('never throws on malformed chunks', () => {
    const usage = new ChatStreamUsage();
    for (const chunk of [null, 3, 'data', { choices: 'x' }, { choices: [null, 1, { delta: 'x' }] }, { choices: [{ delta: { tool_calls: [null] } }] }]) {
      expect(() => usage.add(chunk as unknown as ChatChunk)).not.toThrow();
    }
    expect(usage.usage).toBeUndefined();
    expect(usage.finished).toBe(false);
  });
});
