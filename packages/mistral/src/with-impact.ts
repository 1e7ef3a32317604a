import type { Mistral } from '@mistralai/mistralai';
import {
  attachImpact,
  loadTokenizer,
  meterCall,
  observeReadableStream,
  refusedBeforeInference,
  streamOutcome,
  trackRequest,
  type AbortSignalLike,
  type ImpactCallOptions,
  type ImpactOperation,
  type ImpactOptions,
  type ImpactReport,
  type RequestUsage,
  type TokenCount,
} from '@wattlens/core';
import { mistralProvider } from './internal/provider';
import { count, fields, nonEmptyString } from './internal/read';
import {
  chatPrompt,
  CompletionStreamUsage,
  conversationInputs,
  conversationModel,
  ConversationStreamUsage,
  countedUsage,
  embeddingInputs,
  fimPrompt,
  usageOf,
} from './internal/usage';

/** Options of {@link withImpact}: every WattLens adapter's options, plus Mistral's own. */
export interface MistralImpactOptions extends ImpactOptions {
  /**
   * Provider profile for datacenter defaults (zone, PUE, WUE, hardware).
   * @default 'mistral-us' when the client or the request targets the United States endpoint (`server: 'us'`, or a `serverURL` on api.us.mistral.ai), else 'mistral' (Mistral's EU datacenters)
   */
  readonly provider?: string;
}

/** What a wrapped client keeps to make per-call variants of itself. */
interface Instrumented {
  readonly original: Mistral;
  readonly options: MistralImpactOptions;
  /** Models of the conversations started through the client, shared with its per-call variants. */
  readonly conversations: Map<string, string>;
}

const instrumented = new WeakMap<object, Instrumented>();

/** How many conversation ids a client remembers the model of, for `append` and `restart`. */
const REMEMBERED_CONVERSATIONS = 1000;

type Method = (this: unknown, request: unknown, requestOptions?: unknown) => Promise<unknown>;

interface Context {
  readonly client: Mistral;
  readonly options: MistralImpactOptions;
  readonly call: ImpactCallOptions;
  readonly conversations: Map<string, string>;
}

function signalOf(requestOptions: unknown): AbortSignalLike | undefined {
  const { signal, fetchOptions } = fields(requestOptions);
  const candidate = signal ?? fields(fetchOptions).signal;
  return typeof candidate === 'object' && candidate !== null && 'aborted' in candidate ? (candidate as AbortSignalLike) : undefined;
}

function providerOf(context: Context, requestOptions: unknown): string {
  return context.options.provider ?? mistralProvider((context.client as unknown as { _options?: unknown })._options, requestOptions);
}

/** Replaces `name` on this sub-SDK instance (never on its class) by a metered version. */
function replace(target: object, name: string, wrap: (original: Method) => Method): void {
  const original = (target as Record<string, unknown>)[name];
  if (typeof original !== 'function') return;
  // The original runs with its own instance as `this`: the SDK reads private fields from it.
  const bound = (original as Method).bind(target);
  Object.defineProperty(target, name, { value: wrap(bound), writable: true, configurable: true, enumerable: false });
}

interface CallSpec {
  readonly operation: ImpactOperation;
  readonly model: (request: unknown) => string;
  readonly usage: (result: unknown, request: unknown) => RequestUsage;
  readonly failed: (request: unknown) => RequestUsage;
  readonly requestId?: (result: unknown) => string | undefined;
  readonly after?: (result: unknown, request: unknown) => void;
}

function meteredCall(context: Context, spec: CallSpec): (original: Method) => Method {
  const after = spec.after;
  const finish = after === undefined ? undefined : (result: unknown, request: unknown): unknown => {
    try {
      after(result, request);
    } catch {
      // Bookkeeping must never fail a request.
    }
    return result;
  };
  return (original) =>
    function metered(request, requestOptions) {
      // meterCall's own promise is the call's result (one promise hop less than an async wrapper);
      // whatever throws before it is a rejection, as from the SDK's async methods.
      try {
        const metering = meterCall(
          context.options,
          { provider: providerOf(context, requestOptions), model: spec.model(request), operation: spec.operation, streamed: false },
          context.call,
          () => original(request, requestOptions),
          {
            usage: (value) => spec.usage(value, request),
            failed: () => spec.failed(request),
            signal: signalOf(requestOptions),
            requestId: spec.requestId,
          },
        );
        return finish === undefined ? metering : metering.then((result) => finish(result, request));
      } catch (error) {
        return Promise.reject(error);
      }
    };
}

interface StreamAccumulator {
  add(event: unknown): void;
  readonly finished: boolean;
  readonly requestId?: string | undefined;
  toRequestUsage(prompt: () => TokenCount): RequestUsage;
}

interface StreamSpec {
  readonly operation: ImpactOperation;
  readonly model: (request: unknown) => string;
  readonly prompt: (request: unknown) => TokenCount;
  readonly accumulator: () => StreamAccumulator;
  readonly after?: (accumulator: StreamAccumulator, request: unknown) => void;
}

function meteredStream(context: Context, spec: StreamSpec): (original: Method) => Method {
  return (original) =>
    async function metered(request, requestOptions) {
      const tracker = trackRequest(
        context.options,
        { provider: providerOf(context, requestOptions), model: spec.model(request), operation: spec.operation, streamed: true },
        context.call,
      );
      const accumulator = spec.accumulator();
      const prompt = (): TokenCount => spec.prompt(request);
      const signal = signalOf(requestOptions);
      let stream: unknown;
      try {
        stream = await original(request, requestOptions);
      } catch (error) {
        // A 4xx answer: Mistral refused the request before running the model, nothing was consumed.
        tracker.finish(refusedBeforeInference(error) ? { inputTokens: 0, outputTokens: 0 } : countedUsage(prompt(), undefined), { error, ...streamOutcome({ reason: 'errored', error }, false, signal) });
        throw error;
      }
      if (typeof stream !== 'object' || stream === null || typeof (stream as { getReader?: unknown }).getReader !== 'function') {
        // Not a stream after all (an SDK change): record what is known and hand it back as it is.
        return attachImpact(stream, Promise.resolve(tracker.finish(countedUsage(prompt(), undefined), { streamed: true })));
      }
      let resolve: (report: ImpactReport) => void = () => undefined;
      const impact = new Promise<ImpactReport>((settle) => {
        resolve = settle;
      });
      const observed = observeReadableStream(stream as ReadableStream<unknown>, {
        // The stream honours the caller's abort itself: Node.js 20's fetch loses it once the
        // Response is garbage-collected, and the SDK's EventStream keeps only the body.
        signal,
        onChunk: (event) => accumulator.add(event),
        onEnd: (end) => {
          const requestId = accumulator.requestId;
          const report = tracker.finish(accumulator.toRequestUsage(prompt), {
            ...streamOutcome(end, accumulator.finished, signal),
            ...(requestId === undefined ? {} : { requestId }),
          });
          try {
            spec.after?.(accumulator, request);
          } catch {
            // Bookkeeping must never fail a request.
          }
          resolve(report);
        },
      });
      return attachImpact(observed, impact);
    };
}

function completionUsage(result: unknown): RequestUsage {
  const { usage, model } = fields(result);
  return usageOf(usage, model);
}

function completionId(result: unknown): string | undefined {
  return nonEmptyString(fields(result).id);
}

function modelOf(request: unknown): string {
  return nonEmptyString(fields(request).model) ?? 'unknown';
}

function agentModel(request: unknown): string {
  const { model, agentId } = fields(request);
  const agent = nonEmptyString(agentId);
  return nonEmptyString(model) ?? (agent === undefined ? 'unknown' : `agent:${agent}`);
}

function remember(context: Context, conversationId: unknown, model: string | undefined): void {
  if (typeof conversationId !== 'string' || model === undefined) return;
  const conversations = context.conversations;
  conversations.delete(conversationId);
  conversations.set(conversationId, model);
  if (conversations.size > REMEMBERED_CONVERSATIONS) {
    const oldest = conversations.keys().next().value;
    if (oldest !== undefined) conversations.delete(oldest);
  }
}

function instrument(context: Context): void {
  const { client } = context;
  const chatPromptUsage = (request: unknown): RequestUsage => countedUsage(chatPrompt(request), undefined);
  const chatCall = (operation: ImpactOperation, model: (request: unknown) => string): CallSpec => ({
    operation,
    model,
    usage: completionUsage,
    failed: chatPromptUsage,
    requestId: completionId,
  });
  const chatStream = (operation: ImpactOperation, model: (request: unknown) => string, prompt: (request: unknown) => TokenCount): StreamSpec => ({
    operation,
    model,
    prompt,
    accumulator: () => new CompletionStreamUsage(),
  });

  const chat = client.chat;
  replace(chat, 'complete', meteredCall(context, chatCall('chat', modelOf)));
  replace(chat, 'parse', meteredCall(context, chatCall('chat', modelOf)));
  replace(chat, 'stream', meteredStream(context, chatStream('chat', modelOf, chatPrompt)));
  replace(chat, 'parseStream', meteredStream(context, chatStream('chat', modelOf, chatPrompt)));

  const fim = client.fim;
  replace(fim, 'complete', meteredCall(context, { ...chatCall('fim', modelOf), failed: (request) => countedUsage(fimPrompt(request), undefined) }));
  replace(fim, 'stream', meteredStream(context, chatStream('fim', modelOf, fimPrompt)));

  const agents = client.agents;
  replace(agents, 'complete', meteredCall(context, chatCall('chat', agentModel)));
  replace(agents, 'stream', meteredStream(context, chatStream('chat', agentModel, chatPrompt)));

  replace(client.embeddings, 'create', meteredCall(context, {
    operation: 'embeddings',
    model: modelOf,
    usage: (result) => ({ ...completionUsage(result), outputTokens: 0, modality: 'embedding' }),
    failed: (request) => {
      const input = embeddingInputs(request);
      return { inputTokens: input.tokens, tokenSource: input.tokenSource, modality: 'embedding' };
    },
    requestId: completionId,
  }));

  replace(client.ocr, 'process', meteredCall(context, {
    operation: 'ocr',
    model: (request) => nonEmptyString(fields(request).model) ?? 'mistral-ocr-latest',
    usage: (result) => {
      const { usageInfo, model } = fields(result);
      const pages = count(fields(usageInfo).pagesProcessed);
      const served = nonEmptyString(model);
      return { modality: 'ocr', ...(pages === undefined ? {} : { pages }), ...(served === undefined ? {} : { model: served }) };
    },
    // A failed OCR request processed no page that WattLens can know of.
    failed: () => ({ modality: 'ocr', pages: 0 }),
  }));

  const conversations = client.beta.conversations;
  const startModel = agentModel;
  const followModel = (request: unknown): string => context.conversations.get(String(fields(request).conversationId)) ?? 'unknown';
  const conversationUsage = (result: unknown): RequestUsage => usageOf(fields(result).usage, conversationModel(result));
  const afterResult = (result: unknown): void => remember(context, fields(result).conversationId, conversationModel(result));
  const startInputs = (request: unknown): TokenCount => conversationInputs(fields(request).inputs);
  const bodyInputs = (key: string) => (request: unknown): TokenCount => conversationInputs(fields(fields(request)[key]).inputs);
  const conversationCall = (model: (request: unknown) => string, inputs: (request: unknown) => TokenCount): CallSpec => ({
    operation: 'conversations',
    model,
    usage: conversationUsage,
    failed: (request) => countedUsage(inputs(request), undefined),
    after: afterResult,
  });
  const conversationStream = (model: (request: unknown) => string, inputs: (request: unknown) => TokenCount): StreamSpec => ({
    operation: 'conversations',
    model,
    prompt: inputs,
    accumulator: () => new ConversationStreamUsage(),
    after: (accumulator) => {
      if (accumulator instanceof ConversationStreamUsage) remember(context, accumulator.conversationId, accumulator.model);
    },
  });
  replace(conversations, 'start', meteredCall(context, conversationCall(startModel, startInputs)));
  replace(conversations, 'append', meteredCall(context, conversationCall(followModel, bodyInputs('conversationAppendRequest'))));
  replace(conversations, 'restart', meteredCall(context, conversationCall(followModel, bodyInputs('conversationRestartRequest'))));
  replace(conversations, 'startStream', meteredStream(context, conversationStream(startModel, startInputs)));
  replace(conversations, 'appendStream', meteredStream(context, conversationStream(followModel, bodyInputs('conversationAppendStreamRequest'))));
  replace(conversations, 'restartStream', meteredStream(context, conversationStream(followModel, bodyInputs('conversationRestartStreamRequest'))));
}

function create<Client extends Mistral>(original: Client, options: MistralImpactOptions, call: ImpactCallOptions, conversations: Map<string, string>): Client {
  const sdkOptions = (original as unknown as { _options?: unknown })._options;
  const Constructor = (Object.getPrototypeOf(original) as { constructor: new (options: unknown) => Client }).constructor;
  // A new client of the same class and options: the caller's instance is never touched.
  const client = new Constructor(sdkOptions);
  instrument({ client, options, call, conversations });
  instrumented.set(client, { original, options, conversations });
  void loadTokenizer();
  return client;
}

/**
 * Wraps a Mistral client so that every inference call reports its environmental impact: chat
 * (`complete`, `stream`, `parse`, `parseStream`), FIM, agents, embeddings, OCR (per page) and
 * `beta.conversations` (`start`, `append`, `restart` and their streams). Returns a new client of
 * the same class (`instanceof Mistral` holds, the type is unchanged); the given instance is not
 * modified. Results carry a non-enumerable `impact` report, streams (still `EventStream`s) a
 * `Promise<ImpactReport>` `impact` that resolves when they end, break, are aborted or fail; read
 * them with `getImpact` and `getStreamImpact` from `@wattlens/core`. Each request is recorded once
 * into the meter and passed to `onImpact`; a blocking budget refuses a request before it is sent.
 * Prompt and completion text never leave the call.
 *
 * @param client - A `Mistral` client from `@mistralai/mistralai` 2.x.
 * @param options - Meter, hooks, tags, zone, PUE, WUE, methodology, deployment, provider profile.
 * @returns A metered client of the same type.
 * @example
 * ```ts
 * import { Mistral } from '@mistralai/mistralai';
 * import { getImpact, Meter } from '@wattlens/core';
 * import { withImpact } from '@wattlens/mistral';
 *
 * const meter = new Meter();
 * const mistral = withImpact(new Mistral({ apiKey: process.env.MISTRAL_API_KEY }), { meter, tags: { feature: 'faq' } });
 * const reply = await mistral.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(getImpact(reply)?.gwp.value, 'kgCO2eq');
 * ```
 */
export function withImpact<Client extends Mistral>(client: Client, options: MistralImpactOptions = {}): Client {
  const known = instrumented.get(client);
  // Wrapping a wrapped client replaces its options rather than metering twice.
  const original = (known?.original ?? client) as Client;
  return create(original, options ?? {}, {}, new Map());
}

/**
 * A variant of a client wrapped by {@link withImpact} whose every request also uses per-call
 * options: its own `onImpact` (after the client's), tags over the client's, or another zone.
 * Cheap enough to make per request; it shares the client's meter and options.
 *
 * @param client - A client returned by {@link withImpact}.
 * @param call - Per-call hook, tags, zone, PUE, WUE or methodology.
 * @returns A metered client of the same type.
 * @throws {TypeError} when `client` was not returned by `withImpact` from this package.
 * @example
 * ```ts
 * const reply = await withCallOptions(mistral, { tags: { user: 'ada' } }).chat.complete(request);
 * ```
 */
export function withCallOptions<Client extends Mistral>(client: Client, call: ImpactCallOptions): Client {
  const known = instrumented.get(client);
  if (known === undefined) {
    throw new TypeError('withCallOptions takes a client returned by withImpact() from @wattlens/mistral: wrap your Mistral client with withImpact(client, options) first.');
  }
  return create(known.original as Client, known.options, call ?? {}, known.conversations);
}
