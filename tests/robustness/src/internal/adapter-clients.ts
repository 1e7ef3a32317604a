// The three SDKs, raw and wrapped, on one simulator, with what the wrapped ones recorded: the
// fixture of the fault and privacy suites.
import { InferenceClient } from '@huggingface/inference';
import { Mistral } from '@mistralai/mistralai';
import { Meter, type ImpactContext, type ImpactOptions, type ImpactReport, type ListenerErrorEvent } from '@wattlens/core';
import { withImpact as withHuggingFaceImpact } from '@wattlens/huggingface';
import { withImpact as withMistralImpact } from '@wattlens/mistral';
import { withImpact as withOpenAIImpact } from '@wattlens/openai';
import type { ProviderSim } from '@wattlens/provider-sim';
import OpenAI from 'openai';

/** One `onImpact` call. */
export interface Recorded {
  readonly report: ImpactReport;
  readonly context: ImpactContext;
}

/** Raw and wrapped clients of the three SDKs, one meter, and every report recorded. */
export interface AdapterClients {
  readonly raw: { readonly openai: OpenAI; readonly mistral: Mistral; readonly huggingface: InferenceClient };
  readonly wrapped: { readonly openai: OpenAI; readonly mistral: Mistral; readonly huggingface: InferenceClient };
  readonly meter: Meter;
  /** Every `onImpact` call of the wrapped clients, in order. */
  readonly recorded: Recorded[];
  /** Every `listener-error` event of the meter. */
  readonly listenerErrors: ListenerErrorEvent[];
}

/**
 * Builds raw and wrapped clients of the three SDKs against a simulator. OpenAI retries are off
 * (the simulator's faults must reach the caller as they are); Mistral and Hugging Face do not
 * retry by default.
 *
 * @param sim - The simulator.
 * @param options - More impact options for the wrapped clients (their `onImpact` runs after the recording one).
 * @returns The clients, their meter and what they record.
 * @example
 * ```ts
 * const clients = adapterClients(sim);
 * await clients.wrapped.openai.chat.completions.create(body);
 * ```
 */
export function adapterClients(sim: ProviderSim, options: ImpactOptions = {}): AdapterClients {
  const meter = options.meter ?? new Meter();
  const recorded: Recorded[] = [];
  const listenerErrors: ListenerErrorEvent[] = [];
  meter.on('listener-error', (event) => listenerErrors.push(event));
  const impactOptions: ImpactOptions = {
    ...options,
    meter,
    onImpact: (report, context) => {
      recorded.push({ report, context });
      return options.onImpact?.(report, context);
    },
  };
  const raw = {
    openai: new OpenAI({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 }),
    mistral: new Mistral({ apiKey: 'sim', serverURL: sim.urls.mistral }),
    huggingface: new InferenceClient('hf_sim', { fetch: sim.huggingfaceFetch }),
  };
  return {
    raw,
    wrapped: {
      openai: withOpenAIImpact(raw.openai, impactOptions),
      mistral: withMistralImpact(raw.mistral, impactOptions),
      huggingface: withHuggingFaceImpact(raw.huggingface, impactOptions),
    },
    meter,
    recorded,
    listenerErrors,
  };
}

/**
 * What a caller can observe of an outcome: the value (JSON, with the ids and timestamps that
 * differ between two identical requests replaced), or the error's class, name, message and status.
 */
export type Observation =
  | { readonly outcome: 'resolved'; readonly value: unknown }
  | { readonly outcome: 'rejected'; readonly errorClass: string; readonly name: string; readonly message: string; readonly status: unknown };

/** Replaces what differs between two identical requests (ids, timestamps) so that their JSON compares. */
export function normalized(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(
    JSON.stringify(value, (key, field: unknown) => {
      if (key === 'created' || key === 'created_at' || key === 'createdAt') return 0;
      if ((key === 'id' || key === 'item_id' || key === 'response_id' || key === '_request_id') && typeof field === 'string') return field.replace(/[0-9a-zA-Z]{8,}$/, 'x');
      return field;
    }),
  ) as unknown;
}

/**
 * What the caller of `run` observes: its resolved value or its error.
 *
 * @param run - The call.
 * @returns The observation.
 * @example
 * ```ts
 * expect(await observe(() => wrapped())).toEqual(await observe(() => raw()));
 * ```
 */
export async function observe(run: () => Promise<unknown>): Promise<Observation> {
  try {
    return { outcome: 'resolved', value: normalized(await run()) };
  } catch (error) {
    return describeCaught(error);
  }
}

/**
 * An error as a caller sees it: its class, name, message and HTTP status.
 *
 * @param error - What was thrown.
 * @returns The observation of a rejection.
 * @example
 * ```ts
 * describeCaught(new TypeError('x')); // { outcome: 'rejected', errorClass: 'TypeError', … }
 * ```
 */
export function describeCaught(error: unknown): Observation {
  if (!(error instanceof Error)) return { outcome: 'rejected', errorClass: typeof error, name: String(error), message: String(error), status: undefined };
  const fields = error as Error & { status?: unknown; statusCode?: unknown; httpResponse?: { status?: unknown } };
  return {
    outcome: 'rejected',
    errorClass: error.constructor.name,
    name: error.name,
    message: error.message.replace(/req_[0-9a-f]{8,}/g, 'req_x'),
    status: fields.status ?? fields.statusCode ?? fields.httpResponse?.status,
  };
}
