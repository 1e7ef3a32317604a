import { InferenceClient } from '@huggingface/inference';
import { describe, expectTypeOf, it } from 'vitest';
import { withCallOptions, withImpact, type HuggingFaceImpactOptions } from './index';

describe('withImpact types', () => {
  it('returns the client type unchanged', () => {
    const client = withImpact(new InferenceClient('hf_token'));
    expectTypeOf(client).toEqualTypeOf<InferenceClient>();
    expectTypeOf(withCallOptions(client, { tags: { user: 'ada' } })).toEqualTypeOf<InferenceClient>();
    expectTypeOf(client.chatCompletion).toEqualTypeOf<InferenceClient['chatCompletion']>();
    expectTypeOf(client.chatCompletionStream).toEqualTypeOf<InferenceClient['chatCompletionStream']>();
    expectTypeOf(client.textToImage).toEqualTypeOf<InferenceClient['textToImage']>();
    const stream = client.chatCompletionStream({ model: 'm', messages: [] });
    expectTypeOf(stream).toEqualTypeOf<ReturnType<InferenceClient['chatCompletionStream']>>();
    expectTypeOf(client.endpoint('http://127.0.0.1')).toEqualTypeOf<InferenceClient>();
  });

  it('takes every ImpactOptions field, a provider and includeStreamUsage', () => {
    expectTypeOf<HuggingFaceImpactOptions>().toHaveProperty('provider');
    expectTypeOf<HuggingFaceImpactOptions>().toHaveProperty('includeStreamUsage');
    expectTypeOf<HuggingFaceImpactOptions>().toHaveProperty('meter');
    // @ts-expect-error not a client
    withImpact({ chatCompletion: () => undefined });
  });
});
