// One chat call per adapter, non-stream and stream, with the simulator's controls (fault, reply
// length) and an abort signal: the same call made through a raw and a wrapped client.
import type { AdapterClients, Observation } from './adapter-clients';
import { describeCaught, normalized } from './adapter-clients';

/** Which client of {@link AdapterClients} to call. */
export type Side = 'raw' | 'wrapped';

/** The simulator's controls and the caller's signal. */
export interface CallControls {
  /** `x-sim-fault`, e.g. `status:429` or `cut-after:4`. */
  readonly fault?: string;
  /** `x-sim-output-tokens`. @default 40 */
  readonly outputTokens?: number;
  readonly signal?: AbortSignal;
  /** Messages of the request. @default one user message */
  readonly messages?: readonly ChatMessage[];
}

/** A chat message as the three SDKs take it (Mistral's `toolCalls` spelled per SDK by {@link ChatMessage}). */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
}

/** A chat call of one adapter. */
export interface AdapterCalls {
  readonly name: 'openai' | 'mistral' | 'huggingface';
  readonly model: string;
  /** A non-stream chat completion. */
  complete(clients: AdapterClients, side: Side, controls?: CallControls): Promise<unknown>;
  /** Opens a chat stream (the request is sent for OpenAI and Mistral; on the first read for Hugging Face). */
  stream(clients: AdapterClients, side: Side, controls?: CallControls): Promise<AsyncIterable<unknown>>;
  /** The text a stream chunk carries. */
  text(chunk: unknown): string;
  /** Gives up on a stream that was never read, the way the SDK offers (abort its controller, cancel it, return its iterator). */
  cancel(stream: AsyncIterable<unknown>): Promise<void>;
}

/** The default request: no text anyone would mind seeing. */
export const defaultMessages: readonly ChatMessage[] = [{ role: 'user', content: 'How much water does a data center use per kilowatt-hour?' }];

function headersOf(controls: CallControls): Record<string, string> {
  return {
    'x-sim-output-tokens': String(controls.outputTokens ?? 40),
    ...(controls.fault === undefined ? {} : { 'x-sim-fault': controls.fault }),
  };
}

function contentOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('');
  return '';
}

/** The three adapters' chat calls. */
export const ADAPTER_CALLS: readonly AdapterCalls[] = [
  {
    name: 'openai',
    model: 'gpt-4o-mini',
    complete: (clients, side, controls = {}) =>
      clients[side].openai.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [...(controls.messages ?? defaultMessages)] as never },
        { headers: headersOf(controls), ...(controls.signal === undefined ? {} : { signal: controls.signal }) },
      ),
    stream: async (clients, side, controls = {}) =>
      clients[side].openai.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [...(controls.messages ?? defaultMessages)] as never, stream: true },
        { headers: headersOf(controls), ...(controls.signal === undefined ? {} : { signal: controls.signal }) },
      ),
    text: (chunk) => contentOf((chunk as { choices?: { delta?: { content?: unknown } }[] }).choices?.[0]?.delta?.content),
    cancel: async (stream) => {
      (stream as unknown as { controller: AbortController }).controller.abort();
    },
  },
  {
    name: 'mistral',
    model: 'mistral-small-latest',
    complete: (clients, side, controls = {}) =>
      clients[side].mistral.chat.complete(
        { model: 'mistral-small-latest', messages: [...(controls.messages ?? defaultMessages)] as never },
        { headers: headersOf(controls), ...(controls.signal === undefined ? {} : { signal: controls.signal }) },
      ),
    stream: (clients, side, controls = {}) =>
      clients[side].mistral.chat.stream(
        { model: 'mistral-small-latest', messages: [...(controls.messages ?? defaultMessages)] as never },
        { headers: headersOf(controls), ...(controls.signal === undefined ? {} : { signal: controls.signal }) },
      ),
    text: (chunk) => contentOf((chunk as { data?: { choices?: { delta?: { content?: unknown } }[] } }).data?.choices?.[0]?.delta?.content),
    cancel: (stream) => (stream as unknown as ReadableStream).cancel(),
  },
  {
    name: 'huggingface',
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    complete: (clients, side, controls = {}) =>
      clients[side].huggingface.chatCompletion(
        { endpointUrl: endpointOf(clients, controls), model: 'meta-llama/Llama-3.1-8B-Instruct', messages: [...(controls.messages ?? defaultMessages)] as never },
        controls.signal === undefined ? {} : { signal: controls.signal },
      ),
    stream: async (clients, side, controls = {}) =>
      clients[side].huggingface.chatCompletionStream(
        { endpointUrl: endpointOf(clients, controls), model: 'meta-llama/Llama-3.1-8B-Instruct', messages: [...(controls.messages ?? defaultMessages)] as never },
        controls.signal === undefined ? {} : { signal: controls.signal },
      ),
    text: (chunk) => contentOf((chunk as { choices?: { delta?: { content?: unknown } }[] }).choices?.[0]?.delta?.content),
    cancel: async (stream) => {
      await (stream as AsyncGenerator<unknown>).return(undefined);
    },
  },
];

/** The simulator's Hugging Face base, kept by {@link withHuggingFaceBase} for the calls above. */
const huggingfaceBases = new WeakMap<AdapterClients, string>();

/**
 * Tells the Hugging Face calls where the simulator is (an `endpointUrl` carries the controls as path segments).
 *
 * @param clients - The clients.
 * @param base - `sim.urls.huggingface`.
 * @returns The same clients.
 * @example
 * ```ts
 * const clients = withHuggingFaceBase(adapterClients(sim), sim.urls.huggingface);
 * ```
 */
export function withHuggingFaceBase(clients: AdapterClients, base: string): AdapterClients {
  huggingfaceBases.set(clients, base);
  return clients;
}

function endpointOf(clients: AdapterClients, controls: CallControls): string {
  const base = huggingfaceBases.get(clients);
  if (base === undefined) throw new Error('Call withHuggingFaceBase(clients, sim.urls.huggingface) first.');
  const segments = Object.entries(headersOf(controls)).map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return `${base}/${segments.join('/')}/endpoints/tgi`;
}

/** What a stream's consumer observed: the chunks it read and how the stream ended for it. */
export interface StreamObservation {
  /** The chunks read, normalized. */
  readonly chunks: readonly unknown[];
  /** The text of the chunks read. */
  readonly text: string;
  /** `completed`, `broke` (the consumer left), or the error the stream threw (when opening or reading). */
  readonly end: { readonly outcome: 'completed' } | { readonly outcome: 'broke' } | Observation;
}

/**
 * Opens a stream and reads it, optionally leaving after some chunks or calling back on each.
 *
 * @param calls - The adapter.
 * @param open - Opens the stream.
 * @param options - `breakAfter`: leave (`break`) after that many chunks; `onChunk`: called with each chunk's 1-based number.
 * @returns What the consumer observed.
 * @example
 * ```ts
 * const seen = await readStream(calls, () => calls.stream(clients, 'raw'), { breakAfter: 3 });
 * ```
 */
export async function readStream(
  calls: AdapterCalls,
  open: () => Promise<AsyncIterable<unknown>>,
  options: { readonly breakAfter?: number; readonly onChunk?: (count: number) => void } = {},
): Promise<StreamObservation> {
  const chunks: unknown[] = [];
  let text = '';
  try {
    const stream = await open();
    for await (const chunk of stream) {
      chunks.push(normalized(chunk));
      text += calls.text(chunk);
      options.onChunk?.(chunks.length);
      if (options.breakAfter !== undefined && chunks.length >= options.breakAfter) return { chunks, text, end: { outcome: 'broke' } };
    }
    return { chunks, text, end: { outcome: 'completed' } };
  } catch (error) {
    return { chunks, text, end: describeCaught(error) };
  }
}
