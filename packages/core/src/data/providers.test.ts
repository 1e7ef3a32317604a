import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../catalog';
import { estimate } from '../estimate';
import { PROVIDER_PROFILES } from './providers';
import { ZONES } from './zones';

const REQUIRED = ['openai', 'mistral', 'mistral-us', 'huggingface', 'anthropic', 'google', 'cohere', 'azure', 'groq', 'together',
  'fireworks-ai', 'deepinfra', 'cerebras', 'sambanova', 'novita', 'nscale', 'ovhcloud', 'scaleway', 'nebius', 'hf-inference',
  'openrouter', 'ollama', 'lmstudio', 'vllm'];

const HARDWARE = new Set(['h100', 'h200', 'b200', 'a100']);

describe('provider profiles', () => {
  it('has every provider and host of the brief, with unique ids and aliases', () => {
    const ids = PROVIDER_PROFILES.map((profile) => profile.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of REQUIRED) expect(ids, id).toContain(id);
    const names = PROVIDER_PROFILES.flatMap((profile) => [profile.id, ...(profile.aliases ?? [])].map((name) => name.toLowerCase()));
    expect(new Set(names).size).toBe(names.length);
  });

  it('resolves aliases to their canonical id', () => {
    expect(defaultCatalog.findProvider('azure-openai')?.id).toBe('azure');
    expect(defaultCatalog.findProvider('fireworks')?.id).toBe('fireworks-ai');
    expect(defaultCatalog.findProvider('mistralai')?.id).toBe('mistral');
    expect(defaultCatalog.findProvider('huggingface_hub')?.id).toBe('huggingface');
    expect(defaultCatalog.findProvider('google_genai')?.id).toBe('google');
  });

  it('uses a known zone, a WattLens hardware profile, PUE 1–2 and WUE 0–2 L/kWh, each with sources', () => {
    const zones = new Set(ZONES.map((zone) => zone.code));
    for (const profile of PROVIDER_PROFILES) {
      expect(zones.has(profile.zone), `${profile.id} zone ${profile.zone}`).toBe(true);
      expect(HARDWARE.has(profile.hardware), `${profile.id} hardware`).toBe(true);
      expect(defaultCatalog.findHardware(profile.hardware), `${profile.id} hardware profile`).toBeDefined();
      for (const [range, low, high] of [[profile.pue, 1, 2], [profile.wue, 0, 2]] as const) {
        expect(range.min, profile.id).toBeGreaterThanOrEqual(low);
        expect(range.max, profile.id).toBeLessThanOrEqual(high);
        expect(range.min, profile.id).toBeLessThanOrEqual(range.value);
        expect(range.value, profile.id).toBeLessThanOrEqual(range.max);
      }
      expect(profile.sources.length, profile.id).toBeGreaterThan(0);
      for (const source of profile.sources) {
        expect(source.title.length, profile.id).toBeGreaterThan(10);
        expect(source.date, profile.id).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
        expect(source.url, profile.id).toMatch(/^https:\/\//);
      }
    }
  });

  it('keeps EcoLogits 0.9.1 provider defaults unchanged in the ecologits field', () => {
    const ecologits = (id: string) => defaultCatalog.findProvider(id)?.ecologits;
    expect(ecologits('openai')).toEqual({ zone: 'USA', pue: { value: 1.2, min: 1.2, max: 1.2 }, wue: { value: 0.569, min: 0.569, max: 0.569 } });
    expect(ecologits('mistral')).toEqual({ zone: 'SWE', pue: { value: 1.16, min: 1.16, max: 1.16 }, wue: { value: 0.09, min: 0.09, max: 0.09 } });
    expect(ecologits('huggingface')?.pue).toMatchObject({ min: 1.09, max: 1.14 });
    expect(ecologits('huggingface')?.wue).toMatchObject({ min: 0.13, max: 0.99 });
    expect(ecologits('anthropic')?.wue).toMatchObject({ min: 0.13, max: 0.999 });
    expect(ecologits('google')).toEqual({ zone: 'USA', pue: { value: 1.09, min: 1.09, max: 1.09 }, wue: { value: 0.999, min: 0.999, max: 0.999 } });
    expect(ecologits('cohere')).toEqual(ecologits('google'));
    expect(PROVIDER_PROFILES.filter((profile) => profile.ecologits !== undefined).map((profile) => profile.id).sort())
      .toEqual(['anthropic', 'cohere', 'google', 'huggingface', 'mistral', 'openai']);
  });

  it('treats local runtimes as the user\'s machine: PUE 1, no datacenter water, zone from the options', () => {
    for (const id of ['ollama', 'lmstudio']) {
      const profile = defaultCatalog.findProvider(id);
      expect(profile?.pue).toEqual({ value: 1, min: 1, max: 1 });
      expect(profile?.wue).toEqual({ value: 0, min: 0, max: 0 });
      expect(profile?.zone).toBe('WOR');
    }
    const request = { provider: 'ollama', model: 'gpt-4o-mini', outputTokens: 200, latencyMs: 5_000 } as const;
    const world = estimate(request, { methodology: 'ecologits' });
    const france = estimate(request, { methodology: 'ecologits', zone: 'FRA' });
    expect(world.assumptions.zone).toBe('WOR');
    expect(france.assumptions.zone).toBe('FRA');
    expect(france.assumptions.pue).toEqual({ value: 1, min: 1, max: 1 });
    expect(france.gwp.value).toBeLessThan(world.gwp.value);
  });
});
