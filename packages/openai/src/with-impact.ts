import type { ImpactCallOptions, ImpactOptions } from '@wattlens/core';
import { loadTokenizer } from '@wattlens/core';
import { chatOperation, completionsOperation } from './internal/chat-operations';
import { embeddingsOperation, imageEditOperation, imageGenerationOperation, speechOperation, transcriptionOperation } from './internal/media-operations';
import { define, mergeCallOptions, meteredMethod, type ClientSettings } from './internal/metered-request';
import type { Operation } from './internal/operation';
import { providerForBaseURL } from './internal/provider-host';
import { responsesOperation } from './internal/responses-operation';
import type { SdkClient } from './internal/sdk-shapes';

/** Options of {@link withImpact}: every option of `ImpactOptions`, plus the host and stream usage. */
export interface OpenAIImpactOptions extends ImpactOptions {
  /**
   * The host that serves the requests, for its defaults (datacenter zone, PUE, WUE, models):
   * `openai`, or an OpenAI-compatible host such as `azure`, `groq`, `together`, `fireworks-ai`,
   * `deepinfra`, `openrouter`, `ollama`, `lmstudio`, `vllm` (see `wattlens models` and the
   * catalog's providers).
   * @default `'azure'` for an `AzureOpenAI` client, else inferred from the client's `baseURL` (a known host, or Ollama / LM Studio on their default local ports), else `'openai'`
   */
  readonly provider?: string;
  /**
   * Whether to ask chat and completion streams for their usage (`stream_options.include_usage`)
   * when the caller did not: exact token counts, with the extra usage chunk hidden from the
   * caller. Turn it off for a host that rejects `stream_options`; token counts then come from
   * gpt-tokenizer (`tokenSource: 'counted'`).
   * @default true
   */
  readonly includeStreamUsage?: boolean;
}

/** What `withImpact` needs of a client: the `openai` SDK's `OpenAI` or `AzureOpenAI` (6.x or 7.x). */
export interface OpenAIClientLike {
  readonly baseURL: string;
  withOptions(options: never): unknown;
}

/** The SDK methods that are metered: resource path, method, and how. */
const METERED: readonly (readonly [path: readonly string[], method: string, operation: Operation])[] = [
  [['chat', 'completions'], 'create', chatOperation],
  [['completions'], 'create', completionsOperation],
  [['responses'], 'create', responsesOperation],
  [['embeddings'], 'create', embeddingsOperation],
  [['images'], 'generate', imageGenerationOperation],
  [['images'], 'edit', imageEditOperation],
  [['audio', 'transcriptions'], 'create', transcriptionOperation],
  [['audio', 'speech'], 'create', speechOperation],
];

interface Wrapping {
  readonly options: OpenAIImpactOptions;
  /** Call options of every request (`withCallOptions`). */
  readonly call: ImpactCallOptions | undefined;
  /** The SDK's own `withOptions`, which clones a client without WattLens. */
  readonly withOptions: (this: unknown, options: object) => SdkClient;
}

const wrappings = new WeakMap<object, Wrapping>();

function resource(client: SdkClient, path: readonly string[]): Record<string, unknown> | undefined {
  let current: unknown = client;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : undefined;
}

/** An `AzureOpenAI` client (whatever its `baseURL`): it has the Azure API version and deployment fields. */
function isAzureClient(client: SdkClient): boolean {
  return typeof client.apiVersion === 'string' && 'deploymentName' in client;
}

/**
 * Options for the SDK's `withOptions` that clone `client`: `next`, plus, for an `AzureOpenAI`,
 * its API version and deployment, which openai 6's `withOptions` does not carry over (its clone
 * would throw for a missing API version); openai 7 carries them itself, to the same values.
 */
function cloneOptions(client: SdkClient, next: object = {}): object {
  if (!isAzureClient(client)) return next;
  const deployment = client.deploymentName;
  return { apiVersion: client.apiVersion, ...(typeof deployment === 'string' ? { deployment } : {}), ...next };
}

function instrument(client: SdkClient, options: OpenAIImpactOptions, withOptions: Wrapping['withOptions'], call: ImpactCallOptions | undefined): void {
  const settings: ClientSettings = {
    options,
    call,
    provider: options.provider ?? (isAzureClient(client) ? 'azure' : providerForBaseURL(client.baseURL)),
    includeStreamUsage: options.includeStreamUsage !== false,
    // The SDK's own request with options that reject: an APIPromise, and nothing sent.
    rejected: (error) => client.request(Promise.reject(error)),
  };
  for (const [path, name, operation] of METERED) {
    const target = resource(client, path);
    const method = target?.[name];
    if (target === undefined || typeof method !== 'function') continue;
    define(target, name, meteredMethod(method as (...args: unknown[]) => unknown, operation, settings));
  }
  // Clients derived from this one (`client.withOptions({ timeout })`) are metered the same way.
  define(client, 'withOptions', function withOptionsMetered(this: SdkClient, next: object): SdkClient {
    const derived = withOptions.call(this, cloneOptions(this, next));
    instrument(derived, options, withOptions, call);
    return derived;
  });
  wrappings.set(client, { options, withOptions, call });
  // Without stream usage, streams are counted: have the tokenizer ready.
  if (!settings.includeStreamUsage) void loadTokenizer();
}

/**
 * Wraps an OpenAI client so that every call reports its environmental impact, without changing
 * how the client is used: it returns a clone of the same class (`instanceof OpenAI` holds, your
 * instance is untouched) whose chat completions, Responses API, embeddings, image generation,
 * transcription, speech and legacy completions are metered, helpers (`parse`, `stream`,
 * `runTools`) included, each request once. Results carry a non-enumerable `impact` report (a
 * `Promise` of one on streams, settled when the stream ends, breaks, aborts or fails);
 * `APIPromise`, `withResponse()`, `asResponse()`, `Stream`, `tee()`, `toReadableStream()` and
 * abort on `break` work as before; provider errors reach you as the same objects. With a meter
 * whose budget blocks, a refused call rejects with `BudgetExceededError` before anything is sent.
 *
 * Wrapping a wrapped client returns a new client with the options merged (later ones win, tags
 * are merged); it is never metered twice.
 *
 * @param client - An `OpenAI` or `AzureOpenAI` client of the `openai` SDK, 6.x or 7.x.
 * @param options - Meter, hooks, tags, zone, PUE, methodology, budgets, host, stream usage.
 * @returns A client of the same type, metered.
 * @throws {TypeError} when `client` is not an OpenAI SDK client.
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { Meter } from '@wattlens/core';
 * import { withImpact } from '@wattlens/openai';
 *
 * const meter = new Meter();
 * const client = withImpact(new OpenAI(), { meter, tags: { feature: 'search' } });
 * const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
 * console.log(completion.impact?.gwp.value, 'kgCO2eq');
 * ```
 */
export function withImpact<Client extends OpenAIClientLike>(client: Client, options: OpenAIImpactOptions = {}): Client {
  const candidate = client as unknown as SdkClient;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.withOptions !== 'function' || typeof candidate.request !== 'function') {
    throw new TypeError('withImpact expects a client of the openai SDK (new OpenAI() or new AzureOpenAI(), openai 6 or 7). For another SDK, use its WattLens adapter.');
  }
  const previous = wrappings.get(candidate);
  const withOptions = previous?.withOptions ?? (candidate.withOptions as Wrapping['withOptions']);
  const merged: OpenAIImpactOptions =
    previous === undefined ? options : { ...previous.options, ...options, tags: { ...previous.options.tags, ...options.tags } };
  const clone = withOptions.call(candidate, cloneOptions(candidate));
  instrument(clone, merged, withOptions, previous?.call);
  return clone as unknown as Client;
}

/**
 * A client whose every request uses these per-call options — tags for a user or a feature, a
 * hook, a zone — derived from a client returned by {@link withImpact} (same meter, budgets and
 * options; the original client is unchanged). Options given to one request with
 * `withCallImpact()` go over these: their tags are merged and both hooks run. The same contract
 * as `withCallOptions` of `@wattlens/mistral` and `@wattlens/huggingface`.
 *
 * @param client - A client returned by `withImpact()`.
 * @param call - Per-call options for every request of the new client.
 * @returns A client of the same type.
 * @throws {TypeError} when `client` was not returned by `withImpact()`.
 * @example
 * ```ts
 * const forAda = withCallOptions(client, { tags: { user: 'ada' } });
 * await forAda.chat.completions.create({ model: 'gpt-4o-mini', messages }); // tagged user=ada
 * ```
 */
export function withCallOptions<Client extends OpenAIClientLike>(client: Client, call: ImpactCallOptions): Client {
  const wrapping = wrappings.get(client as unknown as object);
  if (wrapping === undefined) {
    throw new TypeError('withCallOptions needs a client returned by withImpact(): wrap your OpenAI client first, withCallOptions(withImpact(new OpenAI()), { tags }).');
  }
  const clone = wrapping.withOptions.call(client, cloneOptions(client as unknown as SdkClient));
  instrument(clone, wrapping.options, wrapping.withOptions, mergeCallOptions(wrapping.call, call));
  return clone as unknown as Client;
}
