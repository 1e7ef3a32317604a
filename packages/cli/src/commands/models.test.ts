import { describe, expect, it } from 'vitest';
import { main } from '../main';
import { captureIO } from '../../test/capture-io';

const capture = () => captureIO();

describe('wattlens models', () => {
  it('lists a provider\'s models with their sizes', async () => {
    const { io, out } = capture();
    expect(await main(['models', '--provider', 'mistralai', '--search', 'ministral-8b'], io)).toBe(0);
    expect(out()).toMatch(/mistral\s+ministral-8b/);
    expect(out()).toMatch(/8\.0B/);
    expect(out()).not.toMatch(/openai/);
  });

  it('prints entries with their sources as JSON', async () => {
    const { io, out } = capture();
    expect(await main(['models', '--search', 'Llama-3.1-8B-Instruct', '--json'], io)).toBe(0);
    const entries = JSON.parse(out()) as { id: string; layers?: number; sources: unknown[] }[];
    const llama = entries.find((entry) => entry.id === 'meta-llama/Llama-3.1-8B-Instruct');
    expect(llama?.layers).toBe(32);
    expect(llama?.sources.length).toBeGreaterThan(0);
  });

  it('lists zones and providers', async () => {
    const zones = capture();
    expect(await main(['models', '--zones'], zones.io)).toBe(0);
    expect(zones.out()).toMatch(/^FRA\s+France/m);
    expect(zones.out().trim().split('\n').length).toBeGreaterThan(100);
    const providers = capture();
    expect(await main(['models', '--providers'], providers.io)).toBe(0);
    expect(providers.out()).toMatch(/^groq/m);
  });

  it('exits 2 on an unknown flag', async () => {
    const { io, err } = capture();
    expect(await main(['models', '--colour'], io)).toBe(2);
    expect(err()).toMatch(/colour/);
  });
});
