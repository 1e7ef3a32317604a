import type { ImpactReport } from '@wattlens/core';
import OpenAI, { AzureOpenAI } from 'openai';
import OpenAIv6 from 'openai-v6';
import type { ChatCompletion } from 'openai/resources/chat/completions/completions';
import { describe, expectTypeOf, it } from 'vitest';
import { getImpact, getStreamImpact, withCallImpact, withImpact, type OpenAIImpactOptions } from './index';

describe('withImpact types', () => {
  it('returns the client type it is given: OpenAI in, OpenAI out', () => {
    expectTypeOf(withImpact(new OpenAI())).toEqualTypeOf<OpenAI>();
    expectTypeOf(withImpact(new OpenAIv6())).toEqualTypeOf<OpenAIv6>();
    expectTypeOf(withImpact(new AzureOpenAI({ apiVersion: '2024-10-21', endpoint: 'https://example.openai.azure.com' }))).toEqualTypeOf<AzureOpenAI>();
  });

  it('accepts the options of every adapter plus the host and stream usage', () => {
    expectTypeOf<OpenAIImpactOptions>().toHaveProperty('provider').toEqualTypeOf<string | undefined>();
    expectTypeOf<OpenAIImpactOptions>().toHaveProperty('includeStreamUsage').toEqualTypeOf<boolean | undefined>();
    expectTypeOf<OpenAIImpactOptions>().toHaveProperty('enforceBudgets').toEqualTypeOf<boolean | undefined>();
    // @ts-expect-error — not an OpenAI client
    withImpact({ chat: {} });
  });

  it('types impact on the SDK’s results: a report, or a promise of one on streams', async () => {
    const client = withImpact(new OpenAI());
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });
    expectTypeOf(completion.impact).toEqualTypeOf<ImpactReport | undefined>();
    expectTypeOf<ChatCompletion['impact']>().toEqualTypeOf<ImpactReport | undefined>();
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [], stream: true });
    expectTypeOf(stream.impact).toEqualTypeOf<Promise<ImpactReport> | undefined>();
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hi' });
    expectTypeOf(response.impact).toEqualTypeOf<ImpactReport | undefined>();
    const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'Hi' });
    expectTypeOf(embedding.impact).toEqualTypeOf<ImpactReport | undefined>();
    expectTypeOf(getImpact(completion)).toEqualTypeOf<ImpactReport | undefined>();
    expectTypeOf(getStreamImpact(stream)).toEqualTypeOf<Promise<ImpactReport> | undefined>();
  });

  it('takes per-call options in the SDK’s own request options slot', () => {
    const client = withImpact(new OpenAI());
    void client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }, withCallImpact({ tags: { user: 'ada' } }));
    void client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }, withCallImpact({ zone: 'FRA' }, { timeout: 5000 }));
    expectTypeOf(withCallImpact({}, { timeout: 5000 })).toEqualTypeOf<{ timeout: number }>();
  });
});
