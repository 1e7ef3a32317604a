import { countTokens, getStreamImpact, loadTokenizer } from '@wattlens/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { majors, messages, normalized, startClients, type SimClients } from '../test/sim-clients';

let clients: SimClients | undefined;

afterEach(async () => {
  await clients?.sim.close();
  clients = undefined;
});

async function collect<Item>(stream: AsyncIterable<Item>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

function contentOf(chunks: readonly { choices: readonly { delta?: { content?: string | null } }[] }[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
}

describe.each(majors)('chat completion streams with $major', (major) => {
  it('stays the SDK’s Stream and yields exactly the chunks of an unwrapped client', async () => {
    clients = await startClients(major);
    const body = { model: 'gpt-4o-mini', messages, stream: true as const };
    const plain = await collect(await clients.raw.chat.completions.create(body));
    const stream = await clients.client.chat.completions.create(body);
    expect(stream.constructor).toBe((await clients.raw.chat.completions.create(body)).constructor);
    expect(stream.controller).toBeInstanceOf(AbortController);
    const chunks = await collect(stream);
    // Usage was asked for on the caller's behalf, and hidden: no extra chunk, no `usage` key.
    expect(normalized(chunks)).toEqual(normalized(plain));
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);

    const report = await stream.impact;
    expect(report).toBe(await getStreamImpact(stream));
    expect(Object.getOwnPropertyDescriptor(stream, 'impact')?.enumerable).toBe(false);
    expect(report?.request).toMatchObject({ inputTokens: expect.any(Number), tokenSource: 'reported', modality: 'text' });
    // One chunk per token in the simulator: the reported count is the content chunks'.
    expect(report?.request.outputTokens).toBe(chunks.filter((chunk) => (chunk.choices[0]?.delta?.content ?? '') !== '').length);
    expect(clients.recorded).toHaveLength(1);
    expect(clients.recorded[0]?.context).toMatchObject({ operation: 'chat', status: 'completed', streamed: true, requestId: expect.stringMatching(/^req_/) });
  });

  it('shows the usage chunk to a caller who asked for it', async () => {
    clients = await startClients(major);
    const body = { model: 'gpt-4o-mini', messages, stream: true as const, stream_options: { include_usage: true } };
    const plain = await collect(await clients.raw.chat.completions.create(body));
    const chunks = await collect(await clients.client.chat.completions.create(body));
    expect(normalized(chunks)).toEqual(normalized(plain));
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(clients.recorded[0]?.report.request.outputTokens).toBe(chunks.at(-1)?.usage?.completion_tokens);
  });

  it('passes a host’s reported energy from the final usage chunk', async () => {
    clients = await startClients(major);
    const stream = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-sim-report-energy': '1' } });
    await collect(stream);
    expect((await stream.impact)?.request.energySource).toBe('reported');
  });

  it('feeds both branches of tee(), which carry the report too', async () => {
    clients = await startClients(major);
    const stream = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const [left, right] = stream.tee();
    expect(left).toBeInstanceOf(stream.constructor);
    const [leftChunks, rightChunks] = await Promise.all([collect(left), collect(right)]);
    expect(leftChunks.length).toBeGreaterThan(2);
    expect(rightChunks).toEqual(leftChunks);
    expect(leftChunks.some((chunk) => chunk.choices.length === 0)).toBe(false);
    const report = await stream.impact;
    expect(await left.impact).toBe(report);
    expect(report?.request.tokenSource).toBe('reported');
    expect(clients.recorded).toHaveLength(1);
  });

  it('works through toReadableStream()', async () => {
    clients = await startClients(major);
    const stream = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const text = await new Response(stream.toReadableStream()).text();
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { choices: unknown[] });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((line) => line.choices.length === 1)).toBe(true);
    expect((await stream.impact)?.request.tokenSource).toBe('reported');
  });

  it('aborts the request on break and reports what was generated until then, counted', async () => {
    await loadTokenizer();
    clients = await startClients(major);
    const stream = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-sim-output-tokens': '400' } });
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta?.content ?? '');
      if (seen.length === 6) break;
    }
    expect(stream.controller.signal.aborted).toBe(true);
    const report = await stream.impact;
    expect(clients.recorded[0]?.context.status).toBe('aborted');
    expect(report?.request.tokenSource).toBe('counted');
    expect(report?.request.outputTokens).toBe(countTokens(seen.join('')).tokens);
    expect(report?.request.inputTokens).toBeGreaterThan(0);
    await vi.waitFor(() => expect(clients?.sim.stats().inFlight).toBe(0));
  });

  it('settles the report when the caller aborts through the controller', async () => {
    clients = await startClients(major);
    const stream = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-sim-output-tokens': '400' } });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    stream.controller.abort();
    const report = await stream.impact;
    expect(report?.request.outputTokens).toBeGreaterThanOrEqual(0);
    expect(clients.recorded[0]?.context).toMatchObject({ status: 'aborted', error: { name: 'AbortError' } });
  });

  it('reports a stream cut by the network as failed, and re-throws the very same error', async () => {
    const cut = new Error('connection reset by test');
    clients = await startClients(major, {}, {
      // A transport whose body fails after a few events: the SDK reads it as it would a network cut.
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        let reads = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            reads += 1;
            if (reads > 3) {
              await reader.cancel();
              controller.error(cut);
              return;
            }
            const { done, value } = await reader.read();
            if (done) controller.close();
            else controller.enqueue(value);
          },
        });
        return new Response(body, { status: response.status, headers: response.headers });
      },
    });
    const stream = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-sim-output-tokens': '200' } });
    const error = await collect(stream).catch((caught: unknown) => caught);
    expect(error).toBe(cut);
    const report = await stream.impact;
    expect(clients.recorded[0]?.context).toMatchObject({ status: 'failed', error: { name: 'Error' } });
    expect(report?.request.tokenSource).not.toBe('reported');
  });

  it('reports a stream the simulator cuts as failed', async () => {
    clients = await startClients(major);
    const stream = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-sim-fault': 'cut-after:5' } });
    await expect(collect(stream)).rejects.toBeInstanceOf(Error);
    await stream.impact;
    expect(clients.recorded[0]?.context.status).toBe('failed');
  });

  it('counts with gpt-tokenizer when stream usage is turned off for the client', async () => {
    clients = await startClients(major, { includeStreamUsage: false });
    const body = { model: 'gpt-4o-mini', messages, stream: true as const };
    const stream = await clients.client.chat.completions.create(body);
    const chunks = await collect(stream);
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    const report = await stream.impact;
    expect(report?.request.tokenSource).toBe('counted');
    expect(report?.request.outputTokens).toBe(countTokens(contentOf(chunks)).tokens);
    // 3 tokens per message, 3 to prime the reply, and the content (OpenAI's rule).
    expect(report?.request.inputTokens).toBe(6 + countTokens(messages[0]?.content ?? '').tokens);
  });

  it('respects a caller who set include_usage to false', async () => {
    clients = await startClients(major);
    const stream = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: false } });
    await collect(stream);
    expect((await stream.impact)?.request.tokenSource).toBe('counted');
  });

  it('records a request whose stream is read raw through asResponse(): its prompt', async () => {
    clients = await startClients(major);
    const response = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }).asResponse();
    expect(await response.text()).toContain('data: [DONE]');
    await vi.waitFor(() => expect(clients?.recorded).toHaveLength(1));
    expect(clients.recorded[0]?.report.request.inputTokens).toBeGreaterThan(0);
    expect(clients.recorded[0]?.report.request.outputTokens).toBe(0);
  });
});

describe.each(majors)('Responses API streams with $major', (major) => {
  it('yields the events of an unwrapped client and reports the usage of response.completed', async () => {
    clients = await startClients(major);
    const body = { model: 'gpt-4o-mini', input: 'How much water does a request use?', stream: true as const };
    const plain = await collect(await clients.raw.responses.create(body));
    const stream = await clients.client.responses.create(body);
    const events = await collect(stream);
    expect(normalized(events)).toEqual(normalized(plain));
    const completed = events.find((event) => event.type === 'response.completed');
    const report = await stream.impact;
    expect(completed?.type === 'response.completed' && report?.request.outputTokens === completed.response.usage?.output_tokens).toBe(true);
    expect(report?.request.tokenSource).toBe('reported');
    expect(clients.recorded[0]?.context).toMatchObject({ operation: 'responses', streamed: true, status: 'completed' });
  });

  it('counts the deltas of a response stream stopped early', async () => {
    await loadTokenizer();
    clients = await startClients(major);
    const stream = await clients.client.responses.create({ model: 'gpt-4o-mini', input: 'Hello', stream: true }, { headers: { 'x-sim-output-tokens': '300' } });
    const deltas: string[] = [];
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') deltas.push(event.delta);
      if (deltas.length === 5) break;
    }
    const report = await stream.impact;
    expect(clients.recorded[0]?.context.status).toBe('aborted');
    expect(report?.request).toMatchObject({ tokenSource: 'counted', outputTokens: countTokens(deltas.join('')).tokens });
  });
});
