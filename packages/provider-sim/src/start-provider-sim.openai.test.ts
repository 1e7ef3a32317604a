import OpenAI, { toFile } from 'openai';
import OpenAIv6 from 'openai-v6';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countSimTokens } from './count-sim-tokens';
import { startProviderSim, type ProviderSim } from './start-provider-sim';
import { makeWav } from './internal/media';

let sim: ProviderSim;
let client: OpenAI;

beforeEach(async () => {
  sim = await startProviderSim({ latency: 'none', seed: 7 });
  client = new OpenAI({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 });
});

afterEach(async () => {
  await sim.close();
});

const hello = [{ role: 'user' as const, content: 'Hello there, how much energy does this use?' }];
// 3 tokens of priming + 3 per message + the content under the simulator's rule.
const helloPromptTokens = 3 + 3 + countSimTokens(hello[0]!.content);

describe('OpenAI chat completions', () => {
  it('answers JSON whose usage matches the reply and the prompt rule', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello });
    const content = completion.choices[0]?.message.content ?? '';
    expect(content.length).toBeGreaterThan(0);
    expect(completion.object).toBe('chat.completion');
    expect(completion.usage?.completion_tokens).toBe(countSimTokens(content));
    expect(completion.usage?.prompt_tokens).toBe(helloPromptTokens);
    expect(completion.usage?.total_tokens).toBe(helloPromptTokens + countSimTokens(content));
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('works the same with openai 6', async () => {
    const v6 = new OpenAIv6({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 });
    const completion = await v6.chat.completions.create({ model: 'gpt-4o-mini', messages: hello });
    const content = completion.choices[0]?.message.content ?? '';
    expect(completion.usage?.completion_tokens).toBe(countSimTokens(content));
    const stream = await v6.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(content);
    expect(usage).toMatchObject({ completion_tokens: countSimTokens(content) });
  });

  it('streams one token per chunk and, with include_usage, a final usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    let contentChunks = 0;
    let text = '';
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      const piece = chunk.choices[0]?.delta.content;
      if (piece) {
        contentChunks += 1;
        text += piece;
      }
    }
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(contentChunks);
    expect(last?.usage?.prompt_tokens).toBe(helloPromptTokens);
    expect(countSimTokens(text)).toBe(contentChunks);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('sends no usage key without include_usage', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('ends every chunk with OpenAI\'s obfuscation padding, after usage, unless include_obfuscation is false', async () => {
    const keys = async (streamOptions: { include_usage?: boolean; include_obfuscation?: boolean }): Promise<string[][]> => {
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, stream: true, stream_options: streamOptions });
      const chunkKeys: string[][] = [];
      for await (const chunk of stream) {
        chunkKeys.push(Object.keys(chunk));
        const padding = (chunk as { obfuscation?: unknown }).obfuscation;
        if (padding !== undefined) expect(padding).toMatch(/^[A-Za-z0-9]{1,15}$/);
      }
      return chunkKeys;
    };
    const withUsage = await keys({ include_usage: true });
    expect(withUsage.every((chunkKeys) => chunkKeys.slice(-2).join() === 'usage,obfuscation')).toBe(true);
    expect((await keys({})).every((chunkKeys) => chunkKeys.at(-1) === 'obfuscation')).toBe(true);
    expect((await keys({ include_usage: true, include_obfuscation: false })).every((chunkKeys) => chunkKeys.at(-1) === 'usage')).toBe(true);
  });

  it('gives the same text and tokens to stream and non-stream requests, and for the same seed', async () => {
    const first = await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    const second = await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: hello, stream: true });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(second.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
    expect(streamed).toBe(first.choices[0]?.message.content);

    const other = await startProviderSim({ seed: 8 });
    try {
      const otherClient = new OpenAI({ baseURL: other.urls.openai, apiKey: 'sim', maxRetries: 0 });
      const differentSeed = await otherClient.chat.completions.create({ model: 'gpt-4o', messages: hello });
      expect(differentSeed.choices[0]?.message.content).not.toBe(first.choices[0]?.message.content);
    } finally {
      await other.close();
    }
  });

  it('forces the reply length with x-sim-output-tokens: a 2,000-token reply is a 2,000-chunk stream', async () => {
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: hello, stream: true, stream_options: { include_usage: true } },
      { headers: { 'x-sim-output-tokens': '2000' } },
    );
    let contentChunks = 0;
    let completionTokens: number | undefined;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) contentChunks += 1;
      if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
    }
    expect(contentChunks).toBe(2000);
    expect(completionTokens).toBe(2000);
  });

  it('respects max_tokens and max_completion_tokens', async () => {
    const capped = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, max_tokens: 5 }, { headers: { 'x-sim-output-tokens': '50' } });
    expect(capped.usage?.completion_tokens).toBe(5);
    expect(countSimTokens(capped.choices[0]?.message.content ?? '')).toBe(5);
    expect(capped.choices[0]?.finish_reason).toBe('length');
    const cappedNew = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, max_completion_tokens: 7 }, { headers: { 'x-sim-output-tokens': '50' } });
    expect(cappedNew.usage?.completion_tokens).toBe(7);
  });

  it('honours n', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, n: 3 });
    expect(completion.choices).toHaveLength(3);
    const total = completion.choices.reduce((sum, choice) => sum + countSimTokens(choice.message.content ?? ''), 0);
    expect(completion.usage?.completion_tokens).toBe(total);
    expect(new Set(completion.choices.map((choice) => choice.message.content)).size).toBe(3);
  });

  it('reports reasoning tokens for reasoning models, inside completion tokens', async () => {
    const completion = await client.chat.completions.create({ model: 'o4-mini', messages: hello });
    const visible = countSimTokens(completion.choices[0]?.message.content ?? '');
    const reasoning = completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBe(visible + reasoning);
    const gpt5 = await client.chat.completions.create({ model: 'gpt-5', messages: hello, reasoning_effort: 'high' });
    expect(gpt5.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  const weatherTool = {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'Weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['city', 'days'], additionalProperties: false },
      strict: true,
    },
  };

  it('calls a tool when tool_choice requires it, with arguments that match the schema', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: hello, tools: [weatherTool], tool_choice: 'required' });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    const parsedArguments = JSON.parse(call.function.arguments) as { city: unknown; days: unknown };
    expect(typeof parsedArguments.city).toBe('string');
    expect(Number.isInteger(parsedArguments.days)).toBe(true);
    expect(completion.usage?.completion_tokens).toBe(1 + countSimTokens(call.function.arguments));
  });

  it('calls a tool on auto when the prompt asks for it, answers in text otherwise and after a tool result', async () => {
    const asked = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Use get_weather for Paris' }],
      tools: [weatherTool],
    });
    expect(asked.choices[0]?.message.tool_calls).toHaveLength(1);
    const notAsked = await client.chat.completions.create({ model: 'gpt-4o', messages: hello, tools: [weatherTool] });
    expect(notAsked.choices[0]?.message.tool_calls).toBeUndefined();
    expect(notAsked.choices[0]?.message.content).toBeTruthy();
    const call = asked.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    const followUp = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Use get_weather for Paris' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"celsius":21}' },
      ],
      tools: [weatherTool],
    });
    expect(followUp.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams a tool call through chat.completions.stream() and finalChatCompletion()', async () => {
    const runner = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: hello,
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      stream_options: { include_usage: true },
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(JSON.parse(call.function.arguments)).toHaveProperty('city');
    expect(final.usage?.completion_tokens).toBe(1 + countSimTokens(call.function.arguments));
  });

  it('produces JSON that chat.completions.parse accepts for json_schema, and valid JSON for json_object', async () => {
    const parsed = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: hello,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'estimate',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              kilowattHours: { type: 'number' },
              verdict: { type: 'string', enum: ['low', 'high'] },
              sources: { type: 'array', items: { type: 'string' } },
              detail: { anyOf: [{ $ref: '#/$defs/detail' }, { type: 'null' }] },
            },
            required: ['kilowattHours', 'verdict', 'sources', 'detail'],
            additionalProperties: false,
            $defs: { detail: { type: 'object', properties: { note: { type: 'string' } }, required: ['note'], additionalProperties: false } },
          },
        },
      },
    });
    const value = parsed.choices[0]?.message.parsed as { kilowattHours: number; verdict: string; sources: string[]; detail: { note: string } };
    expect(typeof value.kilowattHours).toBe('number');
    expect(['low', 'high']).toContain(value.verdict);
    expect(Array.isArray(value.sources)).toBe(true);
    expect(typeof value.detail.note).toBe('string');
    expect(parsed.usage?.completion_tokens).toBe(countSimTokens(parsed.choices[0]?.message.content ?? ''));

    const object = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, response_format: { type: 'json_object' } });
    expect(JSON.parse(object.choices[0]?.message.content ?? '')).toBeTypeOf('object');
  });

  it('adds usage.energy_joules when x-sim-report-energy is set', async () => {
    const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello });
    expect(plain.usage).not.toHaveProperty('energy_joules');
    const reported = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello }, { headers: { 'x-sim-report-energy': '1' } });
    const usage = reported.usage as unknown as { energy_joules: number; completion_tokens: number };
    // ML.ENERGY v3, Llama 3.1 8B on H100 at batch 64: 0.1186 J per output token.
    expect(usage.energy_joules).toBeCloseTo(usage.completion_tokens * 0.1186, 3);
  });
});

describe('OpenAI Responses API', () => {
  it('answers JSON with output_text and usage', async () => {
    const response = await client.responses.create({ model: 'gpt-4o', input: 'Hello there', instructions: 'Be brief.' });
    expect(response.status).toBe('completed');
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.usage?.output_tokens).toBe(countSimTokens(response.output_text));
    expect(response.usage?.input_tokens).toBe(3 + (3 + countSimTokens('Be brief.')) + (3 + countSimTokens('Hello there')));
  });

  it('streams named events without [DONE]; finalResponse() carries usage equal to the deltas', async () => {
    const stream = client.responses.stream({ model: 'gpt-4o', input: 'Hello there' });
    let deltas = 0;
    stream.on('response.output_text.delta', () => {
      deltas += 1;
    });
    const final = await stream.finalResponse();
    expect(final.usage?.output_tokens).toBe(deltas);
    expect(countSimTokens(final.output_text)).toBe(deltas);

    const raw = await client.responses.create({ model: 'gpt-4o', input: 'Hello there', stream: true });
    const types: string[] = [];
    for await (const event of raw) types.push(event.type);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
  });

  it('ends the Responses delta events with obfuscation padding, unless include_obfuscation is false', async () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }];
    const lastKeys = async (request: { model: string; tools?: typeof tools; tool_choice?: 'required' }, includeObfuscation?: boolean): Promise<Map<string, Set<string>>> => {
      const stream = await client.responses.create({
        ...request,
        input: 'Hello there',
        stream: true,
        ...(includeObfuscation === undefined ? {} : { stream_options: { include_obfuscation: includeObfuscation } }),
      });
      const byType = new Map<string, Set<string>>();
      for await (const event of stream) {
        const keys = Object.keys(event);
        const padding = (event as { obfuscation?: unknown }).obfuscation;
        if (padding !== undefined) expect(padding).toMatch(/^[A-Za-z0-9]{1,15}$/);
        byType.set(event.type, (byType.get(event.type) ?? new Set()).add(keys.at(-1) ?? ''));
      }
      return byType;
    };
    const text = await lastKeys({ model: 'gpt-4o' });
    expect(text.get('response.output_text.delta')).toEqual(new Set(['obfuscation']));
    expect(text.get('response.output_text.done')).toEqual(new Set(['logprobs']));
    const call = await lastKeys({ model: 'gpt-4o', tools, tool_choice: 'required' });
    expect(call.get('response.function_call_arguments.delta')).toEqual(new Set(['obfuscation']));
    const plain = await lastKeys({ model: 'gpt-4o' }, false);
    expect(plain.get('response.output_text.delta')).toEqual(new Set(['logprobs']));
  });

  it('reports reasoning and function calls', async () => {
    const final = await client.responses
      .stream({
        model: 'o4-mini',
        input: 'What is the weather?',
        tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }],
        tool_choice: 'required',
      })
      .finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(final.output[0]?.type).toBe('reasoning');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    expect(JSON.parse(call.arguments)).toHaveProperty('city');
    const reasoning = final.usage?.output_tokens_details.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(final.usage?.output_tokens).toBe(reasoning + 1 + countSimTokens(call.arguments));
  });

  it('parses structured output with responses.parse', async () => {
    const parsed = await client.responses.parse({
      model: 'gpt-4o-mini',
      input: 'Give me a number',
      text: { format: { type: 'json_schema', name: 'n', strict: true, schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false } } },
    });
    expect(Number.isInteger((parsed.output_parsed as { n: number }).n)).toBe(true);
  });

  it('stops at max_output_tokens with status incomplete', async () => {
    const response = await client.responses.create({ model: 'gpt-4o', input: 'Hello', max_output_tokens: 16 }, { headers: { 'x-sim-output-tokens': '40' } });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details?.reason).toBe('max_output_tokens');
    expect(response.usage?.output_tokens).toBe(16);
  });
});

describe('OpenAI embeddings, images, audio, completions, models', () => {
  it('returns base64 float32 embeddings by default (decoded by the SDK) and floats on request', async () => {
    const embedded = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['kilowatt hour', 'water'] });
    expect(embedded.data).toHaveLength(2);
    expect(embedded.data[0]?.embedding).toHaveLength(1536);
    const norm = Math.hypot(...(embedded.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 4);
    expect(embedded.usage.prompt_tokens).toBe(countSimTokens('kilowatt hour') + countSimTokens('water'));
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'kilowatt hour', encoding_format: 'float', dimensions: 256 });
    expect(floats.data[0]?.embedding).toHaveLength(256);
    const again = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'kilowatt hour', dimensions: 256 });
    expect(again.data[0]?.embedding).toEqual(floats.data[0]?.embedding);
  });

  it('generates PNG images with GPT Image usage, and URLs that serve the image', async () => {
    const image = await client.images.generate({ model: 'gpt-image-1', prompt: 'a wind farm', quality: 'low', size: '1024x1536' });
    const png = Buffer.from(image.data?.[0]?.b64_json ?? '', 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1024);
    expect(png.readUInt32BE(20)).toBe(1536);
    // OpenAI image generation guide: low quality, portrait: 408 output tokens.
    expect(image.usage?.output_tokens).toBe(408);
    expect(image.usage?.input_tokens).toBe(countSimTokens('a wind farm'));

    const dalle = await client.images.generate({ model: 'dall-e-3', prompt: 'a wind farm' });
    const url = dalle.data?.[0]?.url ?? '';
    const fetched = await fetch(url);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await fetched.arrayBuffer()).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('transcribes multipart audio with duration or token usage, in every format', async () => {
    const wav = makeWav(6);
    const json = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(wav, 'speech.wav') });
    expect(json.text.length).toBeGreaterThan(0);
    expect(json.usage).toEqual({ type: 'duration', seconds: 6 });
    const tokens = await client.audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: await toFile(wav, 'speech.wav') });
    expect(tokens.usage).toMatchObject({ type: 'tokens', output_tokens: countSimTokens(tokens.text), input_token_details: { audio_tokens: 100 } });
    const text = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(wav, 'speech.wav'), response_format: 'text' });
    expect(typeof text).toBe('string');
    expect(text.trim()).toBe(json.text);
    const verbose = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(wav, 'speech.wav'), response_format: 'verbose_json' });
    expect(verbose.duration).toBeCloseTo(6, 5);
    expect(verbose.usage).toEqual({ type: 'duration', seconds: 6 });
  });

  it('returns audio bytes for speech', async () => {
    const mp3 = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'One two three four five' });
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    const bytes = Buffer.from(await mp3.arrayBuffer());
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfb]);
    const wav = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'One two three four five', response_format: 'wav' });
    expect(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('RIFF');
  });

  it('serves legacy completions, JSON and stream', async () => {
    const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Once upon a time' });
    // The legacy endpoint's max_tokens defaults to 16.
    expect(completion.usage?.completion_tokens).toBe(Math.min(16, countSimTokens(completion.choices[0]?.text ?? '')));
    expect(completion.usage?.prompt_tokens).toBe(countSimTokens('Once upon a time'));
    const stream = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Once', max_tokens: 30, stream: true, stream_options: { include_usage: true } }, { headers: { 'x-sim-output-tokens': '12' } });
    let pieces = 0;
    let usage;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.text) pieces += 1;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces).toBe(12);
    expect(usage).toMatchObject({ completion_tokens: 12 });
  });

  it('lists models', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
    expect((await client.models.retrieve('gpt-4o')).id).toBe('gpt-4o');
  });
});

describe('OpenAI errors and faults', () => {
  it.each([
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [403, OpenAI.PermissionDeniedError],
    [404, OpenAI.NotFoundError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
  ])('status:%i surfaces as the SDK error class', async (status, ErrorClass) => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: hello }, { headers: { 'x-sim-fault': `status:${status}` } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ message: expect.stringContaining('x-sim-fault') });
    if (status === 429) expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('1');
  });

  it('maps faults to openai 6 error classes too', async () => {
    const v6 = new OpenAIv6({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 });
    await expect(v6.chat.completions.create({ model: 'gpt-4o-mini', messages: hello }, { headers: { 'x-sim-fault': 'status:429' } })).rejects.toBeInstanceOf(OpenAIv6.RateLimitError);
  });

  it('answers a real validation error for a missing model', async () => {
    await expect(client.chat.completions.create({ messages: hello } as never)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('raises in the consumer when a stream is cut', async () => {
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: hello, stream: true },
      { headers: { 'x-sim-fault': 'cut-after:3', 'x-sim-output-tokens': '50' } },
    );
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(seen).toHaveLength(3);
  });

  it('raises in the consumer when a chunk is malformed', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, stream: true }, { headers: { 'x-sim-fault': 'malformed:2' } });
    let seen = 0;
    await expect(
      (async () => {
        for await (const _chunk of stream) seen += 1;
      })(),
    ).rejects.toThrow(/malformed|JSON/i);
    expect(seen).toBe(1);
  });

  it('raises when a Responses stream is cut (it has no [DONE] to miss)', async () => {
    await expect(
      client.responses.stream({ model: 'gpt-4o', input: 'Hello' }, { headers: { 'x-sim-fault': 'cut-after:4' } }).finalResponse(),
    ).rejects.toThrow();
  });

  it('rejects an unknown fault with a 400 that says how to write one', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello }, { headers: { 'x-sim-fault': 'explode' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(String((error as Error).message)).toMatch(/status:400\|401/);
  });
});
