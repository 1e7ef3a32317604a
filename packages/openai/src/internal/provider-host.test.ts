import { describe, expect, it } from 'vitest';
import { providerForBaseURL } from './provider-host';

describe('providerForBaseURL', () => {
  it.each([
    ['https://api.openai.com/v1', 'openai'],
    ['https://my-resource.openai.azure.com/openai', 'azure'],
    ['https://my-resource.cognitiveservices.azure.com/openai/v1', 'azure'],
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.together.xyz/v1', 'together'],
    ['https://api.fireworks.ai/inference/v1', 'fireworks-ai'],
    ['https://api.deepinfra.com/v1/openai', 'deepinfra'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://router.huggingface.co/v1', 'huggingface'],
    ['http://localhost:11434/v1', 'ollama'],
    ['http://127.0.0.1:1234/v1', 'lmstudio'],
    ['http://127.0.0.1:51234/openai/v1', 'openai'],
    ['https://llm.internal.example/v1', 'openai'],
  ])('%s → %s', (baseURL, provider) => {
    expect(providerForBaseURL(baseURL)).toBe(provider);
  });

  it('does not match a host that only ends like a known one', () => {
    expect(providerForBaseURL('https://notgroq.com/v1')).toBe('openai');
    expect(providerForBaseURL('https://groq.com.attacker.example/v1')).toBe('openai');
  });

  it('falls back to openai for anything that is not a URL', () => {
    expect(providerForBaseURL('not a url')).toBe('openai');
    expect(providerForBaseURL(undefined)).toBe('openai');
  });
});
