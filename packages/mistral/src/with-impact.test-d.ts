import { Mistral } from '@mistralai/mistralai';
import type { EventStream } from '@mistralai/mistralai/lib/event-streams.js';
import type { ChatCompletionResponse, CompletionEvent } from '@mistralai/mistralai/models/components';
import { getImpact, getStreamImpact, type ImpactReport } from '@wattlens/core';
import { describe, expectTypeOf, it } from 'vitest';
import { withCallOptions, withImpact, type MistralImpactOptions } from './index';

describe('withImpact types', () => {
  it('returns the client type unchanged', () => {
    const client = withImpact(new Mistral({ apiKey: 'key' }));
    expectTypeOf(client).toEqualTypeOf<Mistral>();
    expectTypeOf(withCallOptions(client, { tags: { user: 'ada' } })).toEqualTypeOf<Mistral>();
    expectTypeOf(client.chat.complete).toEqualTypeOf<Mistral['chat']['complete']>();
    expectTypeOf(client.chat.stream).returns.resolves.toEqualTypeOf<EventStream<CompletionEvent>>();
    expectTypeOf(client.chat.complete).returns.resolves.toEqualTypeOf<ChatCompletionResponse>();
  });

  it('keeps a subclass', () => {
    class MyMistral extends Mistral {
      readonly team = 'search';
    }
    expectTypeOf(withImpact(new MyMistral())).toEqualTypeOf<MyMistral>();
  });

  it('reads reports with core’s accessors', () => {
    expectTypeOf(getImpact).returns.toEqualTypeOf<ImpactReport | undefined>();
    expectTypeOf(getStreamImpact).returns.toEqualTypeOf<Promise<ImpactReport> | undefined>();
  });

  it('takes every ImpactOptions field and a provider', () => {
    expectTypeOf<MistralImpactOptions>().toHaveProperty('provider');
    expectTypeOf<MistralImpactOptions>().toHaveProperty('meter');
    expectTypeOf<MistralImpactOptions>().toHaveProperty('deployment');
    // @ts-expect-error not a client
    withImpact({ chat: {} });
  });
});
