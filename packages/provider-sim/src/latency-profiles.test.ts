import { describe, expect, it } from 'vitest';
import { LATENCY_PROFILES, latencyProfileFor } from './latency-profiles';

describe('latency profiles', () => {
  it.each([
    ['gpt-4o-mini', 'small'],
    ['mistral-small-latest', 'small'],
    ['meta-llama/Llama-3.1-8B-Instruct', 'small'],
    ['gpt-4o', 'large'],
    ['mistral-large-latest', 'large'],
    ['meta-llama/Llama-3.1-70B-Instruct', 'large'],
    ['o3-mini', 'reasoning'],
    ['gpt-5', 'reasoning'],
    ['gpt-5-chat-latest', 'large'],
  ])('puts %s in the %s class', (model, modelClass) => {
    expect(latencyProfileFor(model).modelClass).toBe(modelClass);
  });

  it('cites a source for every row and orders classes sensibly', () => {
    for (const profile of Object.values(LATENCY_PROFILES)) expect(profile.source).toMatch(/artificialanalysis\.ai/);
    expect(LATENCY_PROFILES.reasoning.timeToFirstTokenMs).toBeGreaterThan(LATENCY_PROFILES.large.timeToFirstTokenMs);
    expect(LATENCY_PROFILES.small.tokensPerSecond).toBeGreaterThan(LATENCY_PROFILES.large.tokensPerSecond);
  });
});
