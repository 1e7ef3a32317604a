import { BudgetExceededError, estimate, getImpact, Meter, type ImpactContext } from '@wattlens/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { majors, messages, normalized, startClients, type SimClients } from '../test/sim-clients';
import { withCallImpact } from './with-call-impact';
import { withCallOptions, withImpact } from './with-impact';

let clients: SimClients | undefined;

afterEach(async () => {
  await clients?.sim.close();
  clients = undefined;
});

describe.each(majors)('withImpact with $major', (major) => {
  describe('drop-in', () => {
    it('returns a client of the same class and leaves the caller’s instance untouched', async () => {
      clients = await startClients(major);
      const { raw, client, recorded } = clients;
      expect(client).toBeInstanceOf(major.OpenAI);
      expect(client).not.toBe(raw);
      expect(client.baseURL).toBe(raw.baseURL);
      expect(Object.getOwnPropertyNames(raw.chat.completions)).not.toContain('create');
      expect(raw.withOptions).toBe(major.OpenAI.prototype.withOptions);
      // Metered methods are non-enumerable: the resources' keys are the SDK's.
      expect(Object.keys(client.chat.completions)).toEqual(Object.keys(raw.chat.completions));

      await raw.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(recorded).toHaveLength(0);
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(recorded).toHaveLength(1);
    });

    it('meters clients derived with withOptions(), re-reading their host', async () => {
      clients = await startClients(major);
      const derived = clients.client.withOptions({ timeout: 5000 });
      expect(derived).toBeInstanceOf(major.OpenAI);
      await derived.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(clients.recorded).toHaveLength(1);
      // The simulator is no known host: the OpenAI API is assumed.
      expect(clients.recorded[0]?.report.request.provider).toBe('openai');
    });

    it('never meters a request twice when a wrapped client is wrapped again, and merges the options', async () => {
      clients = await startClients(major, { tags: { app: 'docs' } });
      const perUser = withImpact(clients.client, { tags: { user: 'ada' } });
      await perUser.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(clients.recorded).toHaveLength(1);
      expect(clients.recorded[0]?.context.tags).toEqual({ app: 'docs', user: 'ada' });
      expect(clients.meter.snapshot().totals.requests).toBe(1);
    });

    it('keeps the APIPromise: withResponse(), asResponse(), _thenUnwrap and the request id', async () => {
      clients = await startClients(major);
      const promise = clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(promise).toBeInstanceOf(Promise);
      expect(promise.constructor.name).toBe('APIPromise');
      const { data, response, request_id: requestId } = await promise.withResponse();
      expect(requestId).toMatch(/^req_/);
      expect(response.headers.get('x-request-id')).toBe(requestId);
      expect((data as { _request_id?: string | null })._request_id).toBe(requestId);
      expect(data.impact?.request.outputTokens).toBe(data.usage?.completion_tokens);
      expect(clients.recorded[0]?.context.requestId).toBe(requestId);

      const transformed = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages })._thenUnwrap((completion) => ({ id: completion.id }));
      expect(transformed.id).toMatch(/^chatcmpl-/);
      expect(clients.recorded).toHaveLength(2);
    });

    it('keeps the APIPromise’s keys, and works for one whose methods are its own properties', async () => {
      clients = await startClients(major);
      const rawPromise = clients.raw.chat.completions.create({ model: 'gpt-4o-mini', messages });
      const promise = clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(Object.keys(promise)).toEqual(Object.keys(rawPromise));
      expect(Object.getOwnPropertySymbols(promise)).toEqual(Object.getOwnPropertySymbols(rawPromise));
      expect(promise).toBeInstanceOf(Object.getPrototypeOf(rawPromise).constructor);
      await Promise.all([rawPromise, promise]);

      // An SDK build whose APIPromise sets its methods on each instance (class fields): they are
      // replaced there, with their attributes, and behave the same.
      const prototype = Object.getPrototypeOf(clients.raw.chat.completions) as { create: (...args: unknown[]) => unknown };
      const create = prototype.create;
      prototype.create = function createWithOwnMethods(this: unknown, ...args: unknown[]): unknown {
        const sent = create.apply(this, args) as Record<string, unknown>;
        for (const name of ['_thenUnwrap', 'asResponse', 'withResponse', 'parse']) sent[name] = sent[name];
        return sent;
      };
      try {
        const contexts: ImpactContext[] = [];
        const client = withImpact(clients.raw, { onImpact: (_report, context) => void contexts.push(context) });
        const own = client.chat.completions.create({ model: 'gpt-4o-mini', messages });
        expect(Object.keys(own)).toEqual(expect.arrayContaining(['_thenUnwrap', 'asResponse', 'withResponse', 'parse']));
        expect(Object.getOwnPropertyDescriptor(own, 'asResponse')?.enumerable).toBe(true);
        const { data, request_id: requestId } = await own.withResponse();
        expect(data.impact?.request.outputTokens).toBe(data.usage?.completion_tokens);
        const transformed = await client.chat.completions.create({ model: 'gpt-4o-mini', messages })._thenUnwrap((completion) => ({ id: completion.id }));
        expect(transformed.id).toMatch(/^chatcmpl-/);
        expect(getImpact(transformed)?.request.model).toMatch(/^gpt-4o-mini/);
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).asResponse();
        await vi.waitFor(() => expect(contexts).toHaveLength(3));
        expect(contexts[0]?.requestId).toBe(requestId);
      } finally {
        prototype.create = create;
      }
    });

    it('records a request read only through asResponse(), without consuming its body', async () => {
      clients = await startClients(major);
      const response = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages }).asResponse();
      const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
      await vi.waitFor(() => expect(clients?.recorded).toHaveLength(1));
      expect(clients.recorded[0]?.report.request).toMatchObject({ inputTokens: body.usage.prompt_tokens, outputTokens: body.usage.completion_tokens, tokenSource: 'reported' });
    });

    it('records once a request read both raw and parsed, and the result carries that report', async () => {
      clients = await startClients(major);
      const promise = clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      const response = await promise.asResponse();
      expect(response.status).toBe(200);
      await vi.waitFor(() => expect(clients?.recorded).toHaveLength(1));
      const completion = await promise;
      expect(completion.impact).toBe(clients.recorded[0]?.report);
      expect(clients.recorded).toHaveLength(1);
    });
  });

  describe('impact on the result', () => {
    it('attaches a non-enumerable report: JSON, keys and spreads are the SDK’s', async () => {
      clients = await startClients(major);
      const plain = await clients.raw.chat.completions.create({ model: 'gpt-4o-mini', messages });
      const completion = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(normalized(completion)).toEqual(normalized(plain));
      expect(Object.keys(completion)).toEqual(Object.keys(plain));
      expect(Object.getOwnPropertyDescriptor(completion, 'impact')?.enumerable).toBe(false);
      expect({ ...completion }).not.toHaveProperty('impact');
      expect(getImpact(completion)).toBe(completion.impact);
      expect(completion.impact?.request).toMatchObject({
        provider: 'openai',
        model: completion.model,
        modality: 'text',
        inputTokens: completion.usage?.prompt_tokens,
        outputTokens: completion.usage?.completion_tokens,
        tokenSource: 'reported',
      });
    });

    it('calls onImpact once per request and records every request in the meter', async () => {
      clients = await startClients(major);
      for (let index = 0; index < 3; index += 1) await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(clients.recorded).toHaveLength(3);
      expect(clients.recorded.map(({ context }) => [context.operation, context.status, context.streamed])).toEqual(Array(3).fill(['chat', 'completed', false]));
      const totals = clients.meter.snapshot().totals;
      expect(totals.requests).toBe(3);
      expect(totals.energy.value).toBeCloseTo(clients.recorded.reduce((sum, { report }) => sum + report.energy.value, 0), 15);
    });

    it('passes zone, PUE, methodology and deployment on to the estimate', async () => {
      clients = await startClients(major, { zone: 'FRA', pue: 1.1, deployment: { hardware: 'h200' } });
      const completion = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(completion.impact?.assumptions).toMatchObject({ zone: 'FRA', pue: { value: 1.1 }, hardware: 'h200', methodology: 'wattlens' });
      const ecologits = withImpact(clients.client, { methodology: 'ecologits' });
      const other = await ecologits.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(other.impact?.assumptions.methodology).toBe('ecologits');
    });

    it('passes the energy a host reports on as reported energy', async () => {
      clients = await startClients(major);
      const completion = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-report-energy': '1' } });
      const joules = (completion.usage as { energy_joules?: number } | undefined)?.energy_joules;
      expect(joules).toBeGreaterThan(0);
      expect(completion.impact?.request.energySource).toBe('reported');
      expect(completion.impact?.warnings.map((warning) => warning.code)).toContain('energy-reported');
    });
  });

  describe('OpenAI-compatible hosts', () => {
    it('uses the provider option for the host’s defaults', async () => {
      clients = await startClients(major, { provider: 'groq' });
      const completion = await clients.client.chat.completions.create({ model: 'llama-3.1-8b-instant', messages });
      const expected = estimate({ provider: 'groq', model: 'llama-3.1-8b-instant', inputTokens: 10, outputTokens: 10 });
      expect(completion.impact?.request.provider).toBe('groq');
      expect(completion.impact?.assumptions.zone).toBe(expected.assumptions.zone);
      expect(completion.impact?.assumptions.pue).toEqual(expected.assumptions.pue);
      expect(clients.recorded[0]?.context.provider).toBe('groq');
    });
  });

  describe('Azure OpenAI', () => {
    it('keeps an AzureOpenAI client one, with the azure host’s defaults', async () => {
      clients = await startClients(major);
      const azure = withImpact(new major.AzureOpenAI({ baseURL: clients.sim.urls.openai, apiKey: 'sim', apiVersion: '2024-10-21', maxRetries: 0 }), { onImpact: (report, context) => clients?.recorded.push({ report, context }) });
      expect(azure).toBeInstanceOf(major.AzureOpenAI);
      expect(azure.apiVersion).toBe('2024-10-21');
      // openai 6's AzureOpenAI.withOptions() forgets the API version (its clone throws): derived clients keep it.
      expect(azure.withOptions({ timeout: 5000 }).apiVersion).toBe('2024-10-21');
      // The simulator serves no Azure deployment route: the refused request is recorded, for azure.
      await expect(azure.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toBeInstanceOf(major.OpenAI.NotFoundError);
      expect(clients.recorded[0]?.context).toMatchObject({ provider: 'azure', status: 'failed', error: { status: 404 } });
      expect(clients.recorded[0]?.report.assumptions.zone).toBe(estimate({ provider: 'azure', model: 'gpt-4o-mini' }).assumptions.zone);
    });
  });

  describe('per-call options', () => {
    it('takes tags and a hook through withCallImpact(), without the SDK seeing them', async () => {
      clients = await startClients(major, { tags: { app: 'docs' } });
      const callHook = vi.fn();
      const controller = new AbortController();
      const completion = await clients.client.chat.completions.create(
        { model: 'gpt-4o-mini', messages },
        withCallImpact({ tags: { user: 'ada' }, onImpact: callHook, zone: 'SWE' }, { signal: controller.signal, headers: { 'x-sim-output-tokens': '4' } }),
      );
      expect(completion.usage?.completion_tokens).toBe(4);
      expect(completion.impact?.assumptions.zone).toBe('SWE');
      expect(callHook).toHaveBeenCalledTimes(1);
      expect(callHook.mock.calls[0]?.[0]).toBe(completion.impact);
      expect(clients.recorded[0]?.context.tags).toEqual({ app: 'docs', user: 'ada' });
      // An unwrapped client ignores them.
      await expect(clients.raw.chat.completions.create({ model: 'gpt-4o-mini', messages }, withCallImpact({ tags: { user: 'ada' } }))).resolves.toHaveProperty('choices');
    });

    it('scopes call options to a derived client with withCallOptions(), under each request’s own', async () => {
      clients = await startClients(major, { tags: { app: 'docs' } });
      const order: string[] = [];
      const forAda = withCallOptions(clients.client, { tags: { user: 'ada', feature: 'search' }, onImpact: () => order.push('scope') });
      expect(forAda).toBeInstanceOf(major.OpenAI);
      await forAda.chat.completions.create({ model: 'gpt-4o-mini', messages }, withCallImpact({ tags: { feature: 'summary' }, onImpact: () => order.push('request') }));
      expect(clients.recorded[0]?.context.tags).toEqual({ app: 'docs', user: 'ada', feature: 'summary' });
      expect(order).toEqual(['scope', 'request']);
      // Derived clients keep the scope; the client it came from does not have it.
      await forAda.withOptions({ timeout: 5000 }).chat.completions.create({ model: 'gpt-4o-mini', messages });
      await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(clients.recorded.map(({ context }) => context.tags.user)).toEqual(['ada', 'ada', undefined]);
      expect(() => withCallOptions(clients?.raw as never, {})).toThrow(TypeError);
    });
  });

  describe('budgets', () => {
    it('rejects with BudgetExceededError and sends nothing once a blocking budget is spent', async () => {
      const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'energy', limit: 1e-12, window: 'total', policy: 'block' }] });
      clients = await startClients(major, { meter });
      await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(clients.sim.stats().requests).toBe(1);

      const refused = clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(typeof refused.withResponse).toBe('function');
      const error = await refused.catch((caught: unknown) => caught);
      expect(BudgetExceededError.isInstance(error)).toBe(true);
      expect((error as BudgetExceededError).budget).toBe('tiny');
      await expect(clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }).withResponse()).rejects.toSatisfy(BudgetExceededError.isInstance);
      expect(clients.sim.stats().requests).toBe(1);
      expect(clients.recorded).toHaveLength(1);

      const unenforced = withImpact(clients.client, { enforceBudgets: false });
      await unenforced.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(clients.sim.stats().requests).toBe(2);
    });
  });

  describe('failures', () => {
    it('rejects with the SDK’s own error and records what a refused request consumed: nothing', async () => {
      clients = await startClients(major);
      const error = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-fault': 'status:429' } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(major.OpenAI.RateLimitError);
      expect((error as InstanceType<typeof major.OpenAI.RateLimitError>).status).toBe(429);
      expect(clients.recorded).toHaveLength(1);
      expect(clients.recorded[0]?.context).toMatchObject({ status: 'failed', error: { name: 'RateLimitError', status: 429 } });
      expect(clients.recorded[0]?.report.request.inputTokens).toBe(0);
      expect(clients.recorded[0]?.report.energy.value).toBe(0);
    });

    it('counts the prompt of a request the server failed', async () => {
      clients = await startClients(major);
      await expect(clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-fault': 'status:500' } })).rejects.toBeInstanceOf(major.OpenAI.InternalServerError);
      expect(clients.recorded[0]?.context.error).toEqual({ name: 'InternalServerError', status: 500 });
      expect(clients.recorded[0]?.report.request.inputTokens).toBeGreaterThan(0);
    });

    it('records a body that breaks while it is parsed', async () => {
      clients = await startClients(major);
      const error = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-sim-fault': 'malformed:1' } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      await vi.waitFor(() => expect(clients?.recorded).toHaveLength(1));
      expect(clients.recorded[0]?.context.status).toBe('failed');
    });

    it('records an aborted request as aborted, with the SDK’s abort error', async () => {
      clients = await startClients(major);
      const controller = new AbortController();
      const promise = clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { signal: controller.signal, headers: { 'x-sim-fault': 'hang' } });
      await vi.waitFor(() => expect(clients?.sim.stats().inFlight).toBe(1));
      controller.abort();
      await expect(promise).rejects.toBeInstanceOf(major.OpenAI.APIUserAbortError);
      await vi.waitFor(() => expect(clients?.recorded).toHaveLength(1));
      expect(clients.recorded[0]?.context).toMatchObject({ status: 'aborted', error: { name: 'APIUserAbortError' } });
    });

    it('keeps the transport’s error object as the SDK passes it on', async () => {
      const cause = new Error('socket reset by test');
      clients = await startClients(major, {}, { fetch: () => Promise.reject(cause) });
      const error = await clients.client.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(major.OpenAI.APIConnectionError);
      expect((error as Error).cause).toBe(cause);
      expect(clients.recorded[0]?.context.error).toEqual({ name: 'APIConnectionError' });
    });
  });
});
