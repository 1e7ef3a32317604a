import { request } from 'node:http';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LATENCY_PROFILES } from './latency-profiles';
import { startProviderSim, type ProviderSim } from './start-provider-sim';

const started: ProviderSim[] = [];

async function start(options?: Parameters<typeof startProviderSim>[0]): Promise<ProviderSim> {
  const sim = await startProviderSim(options);
  started.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const messages = [{ role: 'user' as const, content: 'Hi' }];

function openai(sim: ProviderSim): OpenAI {
  return new OpenAI({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 });
}

function serverHandles(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'TCPServerWrap').length;
}

describe('startProviderSim', () => {
  it('listens on 127.0.0.1 and gives each SDK its base URL', async () => {
    const sim = await start();
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.urls.openai).toBe(`http://127.0.0.1:${sim.port}/openai/v1`);
    expect(sim.urls.mistral).toBe(`http://127.0.0.1:${sim.port}/mistral`);
    expect(sim.urls.huggingface).toBe(`http://127.0.0.1:${sim.port}/huggingface`);
  });

  it('refuses to bind anything but loopback, and bad options', async () => {
    await expect(startProviderSim({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1/);
    await expect(startProviderSim({ latency: 'slow' as 'none' })).rejects.toThrow(/realistic/);
    await expect(startProviderSim({ faults: 'status:418' })).rejects.toThrow(/status/);
  });

  it('counts requests by route and status', async () => {
    const sim = await start();
    const client = openai(sim);
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-fault': 'status:429' } }).catch(() => undefined);
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    await fetch(`http://127.0.0.1:${sim.port}/nowhere`);
    const stats = sim.stats();
    expect(stats.requests).toBe(4);
    expect(stats.byRoute['openai.chat.completions']).toEqual({ requests: 2, byStatus: { '200': 1, '429': 1 } });
    expect(stats.byRoute['openai.embeddings']).toEqual({ requests: 1, byStatus: { '200': 1 } });
    expect(stats.byRoute.unknown).toEqual({ requests: 1, byStatus: { '404': 1 } });
    expect(stats.byStatus).toEqual({ '200': 2, '429': 1, '404': 1 });
    expect(stats.inFlight).toBe(0);
  });

  it('answers unknown paths with a 404 that lists the prefixes', async () => {
    const sim = await start();
    const response = await fetch(`http://127.0.0.1:${sim.port}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/\/openai\/v1, \/mistral and \/huggingface/);
  });

  it('is deterministic across simulators with the same seed', async () => {
    const first = await start({ seed: 42 });
    const second = await start({ seed: 42 });
    const [a, b] = await Promise.all([first, second].map((sim) => openai(sim).chat.completions.create({ model: 'gpt-4o', messages, n: 2 })));
    expect(a?.choices.map((choice) => choice.message.content)).toEqual(b?.choices.map((choice) => choice.message.content));
    expect(a?.usage).toEqual(b?.usage);
  });

  it('applies the faults option to every request, and a header overrides it', async () => {
    const sim = await start({ faults: 'status:500' });
    const client = openai(sim);
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-fault': 'status:401' } })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('rejects an x-sim-output-tokens that is not a usable integer', async () => {
    const sim = await start();
    for (const value of ['many', '-3', '5000000']) {
      await expect(openai(sim).chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-output-tokens': value } })).rejects.toThrow(/x-sim-output-tokens/);
    }
  });

  it('passes the request to a faults function', async () => {
    const seen: unknown[] = [];
    const sim = await start({
      faults: (request) => {
        seen.push(request);
        return request.index === 0 ? 'status:429' : undefined;
      },
    });
    const client = openai(sim);
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages })).resolves.toBeDefined();
    expect(seen[0]).toEqual({ provider: 'openai', route: 'openai.chat.completions', method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o-mini', index: 0 });
  });

  it('hangs until the client aborts, then frees the connection', async () => {
    const sim = await start();
    const controller = new AbortController();
    const pending = openai(sim).chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-fault': 'hang' }, signal: controller.signal });
    await vi.waitFor(() => expect(sim.stats().inFlight).toBe(1), { timeout: 5000 });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    await vi.waitFor(() => expect(sim.stats()).toMatchObject({ inFlight: 0, byStatus: { aborted: 1 } }), { timeout: 5000 });
  });

  it('stalls a stream after N events until the client aborts, then frees the connection', async () => {
    const sim = await start();
    const controller = new AbortController();
    const stream = await openai(sim).chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers: { 'x-sim-fault': 'stall-after:3', 'x-sim-output-tokens': '50' }, signal: controller.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    for (let index = 0; index < 3; index += 1) expect((await iterator.next()).done).toBe(false);
    // Nothing more comes until the abort: the fourth read is still pending after the others.
    const fourth = iterator.next();
    const raced = await Promise.race([fourth.then(() => 'read'), new Promise((resolve) => setTimeout(resolve, 100, 'pending'))]);
    expect(raced).toBe('pending');
    expect(sim.stats().inFlight).toBe(1);
    controller.abort();
    // OpenAI's stream ends quietly on an abort; Mistral's and Hugging Face's throw it.
    expect(await fourth).toMatchObject({ done: true });
    await vi.waitFor(() => expect(sim.stats()).toMatchObject({ inFlight: 0, byStatus: { '200': 1 } }), { timeout: 5000 });
  });

  it('stalls a JSON reply after N bytes', async () => {
    const sim = await start();
    const controller = new AbortController();
    const response = await fetch(`${sim.urls.openai}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sim-fault': 'stall-after:10' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value?.length).toBe(10);
    const next = reader.read();
    expect(await Promise.race([next.then(() => 'read'), new Promise((resolve) => setTimeout(resolve, 100, 'pending'))])).toBe('pending');
    controller.abort();
    await expect(next).rejects.toThrow();
  });

  it('closes the connection of a request its client aborted', async () => {
    // fetch may reopen a pooled connection after an abort, so this uses a client that does not pool.
    const sim = await start();
    const raw = request(`${sim.urls.openai}/chat/completions`, { method: 'POST', agent: false, headers: { 'x-sim-fault': 'hang' } });
    raw.on('error', () => undefined);
    raw.end('{}');
    await vi.waitFor(() => expect(sim.stats()).toMatchObject({ inFlight: 1, openConnections: 1 }), { timeout: 5000 });
    raw.destroy();
    await vi.waitFor(() => expect(sim.stats()).toMatchObject({ inFlight: 0, openConnections: 0, byStatus: { aborted: 1 } }), { timeout: 5000 });
  });

  it('frees the connection when a consumer breaks out of a stream', async () => {
    const sim = await start({ latency: 'realistic' });
    const stream = await openai(sim).chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-sim-output-tokens': '5000' } });
    for await (const _chunk of stream) break;
    await vi.waitFor(() => expect(sim.stats()).toMatchObject({ inFlight: 0, byStatus: { '200': 1 } }), { timeout: 5000 });
  });

  it('closes with a stream in flight, and leaves no server handle behind', async () => {
    const before = serverHandles();
    const sim = await startProviderSim({ latency: 'realistic' });
    expect(serverHandles()).toBe(before + 1);
    const stream = await openai(sim).chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-sim-output-tokens': '5000' } });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await sim.close();
    const drain = async (): Promise<void> => {
      for (;;) if ((await iterator.next()).done) return;
    };
    await expect(drain()).rejects.toThrow();
    expect(sim.stats().inFlight).toBe(0);
    expect(serverHandles()).toBe(before);
    await sim.close();
  });

  it('delays the first byte by at least the table time to first token under realistic latency', async () => {
    const sim = await start({ latency: 'realistic' });
    const floor = LATENCY_PROFILES.small.timeToFirstTokenMs;
    const startedAt = performance.now();
    const response = await fetch(`${sim.urls.openai}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sim-output-tokens': '1' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages, stream: true }),
    });
    const firstByte = performance.now() - startedAt;
    await response.text();
    expect(firstByte).toBeGreaterThanOrEqual(floor);
  });

  it('waits before the first byte with slow-first-byte', async () => {
    const sim = await start();
    const startedAt = performance.now();
    await openai(sim).chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-fault': 'slow-first-byte:150' } });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(150);
  });

  it('rewrites Hugging Face router and Hub URLs in huggingfaceFetch', async () => {
    const sim = await start();
    const response = await sim.huggingfaceFetch('https://huggingface.co/api/models/BAAI/bge-small-en-v1.5?expand[]=inferenceProviderMapping');
    expect(((await response.json()) as { id: string }).id).toBe('BAAI/bge-small-en-v1.5');
    expect(sim.stats().byRoute['huggingface.hub.model']?.requests).toBe(1);
  });
});
