import type { ImpactContext, ImpactReport } from '@wattlens/core';
import { Meter } from '@wattlens/core';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import OpenAI, { AzureOpenAI } from 'openai';
import OpenAIv6, { AzureOpenAI as AzureOpenAIv6 } from 'openai-v6';
import { withImpact, type OpenAIImpactOptions } from '../src/index';

/** Both supported majors of the SDK. Tests are typed against 7; 6 has the same surface for what they use. */
export const majors = [
  { major: 'openai 7', OpenAI, AzureOpenAI },
  { major: 'openai 6', OpenAI: OpenAIv6 as unknown as typeof OpenAI, AzureOpenAI: AzureOpenAIv6 as unknown as typeof AzureOpenAI },
] as const;

export type Major = (typeof majors)[number];

export interface Recorded {
  readonly report: ImpactReport;
  readonly context: ImpactContext;
}

/** A simulator, a raw client and a wrapped one, with every report the wrapped one produced. */
export interface SimClients {
  readonly sim: ProviderSim;
  /** The SDK client the way the caller made it. */
  readonly raw: OpenAI;
  /** `withImpact(raw, …)`. */
  readonly client: OpenAI;
  readonly meter: Meter;
  /** Every `onImpact` call, in order. */
  readonly recorded: Recorded[];
}

export async function startClients(major: Major, options: OpenAIImpactOptions = {}, clientOptions: ConstructorParameters<typeof OpenAI>[0] = {}): Promise<SimClients> {
  const sim = await startProviderSim({ latency: 'none', seed: 11 });
  const raw = new major.OpenAI({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0, ...clientOptions });
  const meter = new Meter();
  const recorded: Recorded[] = [];
  const client = withImpact(raw, {
    meter,
    ...options,
    onImpact: (report, context) => {
      recorded.push({ report, context });
      options.onImpact?.(report, context);
    },
  });
  return { sim, raw, client, meter, recorded };
}

/** Replaces what differs between two identical requests (ids, timestamps) so their JSON can be compared. */
export function normalized(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, field: unknown) => {
      if (key === 'created' || key === 'created_at') return 0;
      if ((key === 'id' || key === 'item_id' || key === 'response_id') && typeof field === 'string') return field.replace(/[0-9a-f]{8,}$/, 'x');
      return field;
    }),
  ) as unknown;
}

/** A WAV file of `seconds` of silence (16-bit PCM, mono, 16 kHz), for transcription requests. */
export function silentWav(seconds: number): Uint8Array {
  const sampleRate = 16_000;
  const dataBytes = Math.round(seconds * sampleRate) * 2;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string): void => {
    for (let index = 0; index < text.length; index += 1) view.setUint8(offset + index, text.charCodeAt(index));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return new Uint8Array(buffer);
}

export const messages = [{ role: 'user' as const, content: 'How much energy does one request use?' }];
