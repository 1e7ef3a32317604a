import type { InferenceClient } from '@huggingface/inference';
import {
  attachImpact,
  ChatStreamUsage,
  chatUsageToRequest,
  defaultCatalog,
  loadTokenizer,
  meterCall,
  observeAsyncIterable,
  refusedBeforeInference,
  streamOutcome,
  trackRequest,
  WattLensError,
  withoutAddedUsage,
  type AbortSignalLike,
  type ChatChunk,
  type ChatUsage,
  type ImpactCallOptions,
  type ImpactOperation,
  type ImpactOptions,
  type ImpactReport,
  type RequestTracker,
  type RequestUsage,
  type TokenCount,
} from '@wattlens/core';
import { audioDurationSeconds } from './internal/audio-duration';
import { fields, inputTexts, nonEmptyString, outputTexts, positiveInteger, type Fields } from './internal/read';
import { tokenCounter, type TokenCounter } from './internal/token-counter';

/** Options of {@link withImpact}: every WattLens adapter's options, plus Hugging Face's own. */
export interface HuggingFaceImpactOptions extends ImpactOptions {
  /**
   * Provider profile (zone, PUE, WUE, hardware) for every request, whatever routes it.
   * @default the call's inference provider when WattLens knows it (`hf-inference`, `together`, `groq`, `fireworks-ai`, `novita`, `nscale`, …), `huggingface` (the router) for `auto` and unknown providers, `vllm` (a self-hosted server: world-average grid unless `zone` is given) for an `endpointUrl`
   */
  readonly provider?: string;
  /**
   * Whether chat streams ask for usage (`stream_options.include_usage`) when the caller did not,
   * the extra usage-only chunk then being hidden from the caller. Turn it off for an endpoint
   * that rejects the option; counts are then made with gpt-tokenizer.
   * @default true
   */
  readonly includeStreamUsage?: boolean;
  /**
   * Counts tokens with the model's own tokenizer, for tasks and streams that return no usage:
   * a function from text to its number of tokens, e.g. one built on `@huggingface/transformers`'
   * `AutoTokenizer` or a `@lenml/tokenizer-*` package. Text is passed to it in this process only.
   * @default gpt-tokenizer (o200k_base), loaded lazily
   */
  readonly tokenizer?: (text: string) => number;
}

/**
 * Speaking rate used to estimate a recording's length from its transcript when the audio is not
 * a WAV file: about 150 words per minute, the average conversational rate of English speakers
 * (National Center for Voice and Speech, "Voice Qualities",
 * https://ncvs.org/archive/ncvs/tutorials/voiceprod/tutorial/quality.html, read 2026-11).
 */
const SPEAKING_WORDS_PER_SECOND = 150 / 60;

interface Instrumented {
  readonly original: InferenceClient;
  readonly options: HuggingFaceImpactOptions;
}

const instrumented = new WeakMap<object, Instrumented>();

type Task = (args: unknown, options?: unknown) => unknown;

interface Context {
  readonly client: InferenceClient;
  readonly options: HuggingFaceImpactOptions;
  readonly call: ImpactCallOptions;
  readonly counter: TokenCounter;
}

function defaultOptionsOf(client: InferenceClient): Fields {
  return fields((client as unknown as { defaultOptions?: unknown }).defaultOptions);
}

function signalOf(context: Context, taskOptions: unknown): AbortSignalLike | undefined {
  const signal = fields(taskOptions).signal ?? defaultOptionsOf(context.client).signal;
  return typeof signal === 'object' && signal !== null && 'aborted' in signal ? (signal as AbortSignalLike) : undefined;
}

/** The WattLens provider profile of a call: see {@link HuggingFaceImpactOptions.provider}. */
function providerOf(context: Context, args: Fields): string {
  if (context.options.provider !== undefined) return context.options.provider;
  if (nonEmptyString(args.endpointUrl) ?? nonEmptyString(defaultOptionsOf(context.client).endpointUrl)) return 'vllm';
  const provider = nonEmptyString(args.provider);
  if (provider === undefined || provider === 'auto') return 'huggingface';
  const catalog = context.options.catalog ?? defaultCatalog;
  return catalog.findProvider(provider)?.id ?? 'huggingface';
}

function modelOf(args: Fields): string {
  return nonEmptyString(args.model) ?? 'unknown';
}

/**
 * What is recorded of an error: Hugging Face's `InferenceClientProviderApiError` keeps its HTTP
 * status in `httpResponse.status`, which WattLens' failure description does not read.
 */
function describeError(error: unknown): unknown {
  const status = fields(fields(error).httpResponse).status;
  if (typeof status !== 'number') return error;
  const name = fields(error).name;
  return { name: typeof name === 'string' ? name : 'Error', status };
}

function counted(input: TokenCount, output: TokenCount | undefined, extra: RequestUsage = {}): RequestUsage {
  const estimated = input.tokenSource === 'estimated' || output?.tokenSource === 'estimated';
  return { ...extra, inputTokens: input.tokens, outputTokens: output?.tokens ?? 0, tokenSource: estimated ? 'estimated' : 'counted' };
}

interface TaskSpec {
  readonly operation: ImpactOperation;
  /** Usage of a result; may be async (reading the audio's header). */
  readonly usage: (result: unknown, args: Fields) => RequestUsage | Promise<RequestUsage>;
  readonly failed: (args: Fields) => RequestUsage;
  readonly requestId?: (result: unknown) => string | undefined;
}

function meteredTask(context: Context, original: Task, spec: TaskSpec): Task {
  return (args, taskOptions) => {
    // meterCall's own promise is the task's result, and usage read synchronously unless it is a
    // promise (an audio header to read): fewer promise hops than async wrappers. Whatever throws
    // before the task is sent is a rejection, as from the SDK's async tasks.
    try {
      const request = fields(args);
      const target = { provider: providerOf(context, request), model: modelOf(request), operation: spec.operation, streamed: false };
      let usage: RequestUsage = {};
      const readUsage = (value: unknown): unknown => {
        let read: RequestUsage | Promise<RequestUsage>;
        try {
          read = spec.usage(value, request);
        } catch {
          usage = {};
          return value;
        }
        if (typeof (read as Partial<PromiseLike<RequestUsage>>).then !== 'function') {
          usage = read as RequestUsage;
          return value;
        }
        return (read as PromiseLike<RequestUsage>).then(
          (resolved) => {
            usage = resolved;
            return value;
          },
          () => {
            usage = {};
            return value;
          },
        );
      };
      return meterCall(
        context.options,
        target,
        context.call,
        () => Promise.resolve(original(args, taskOptions)).then(readUsage),
        {
          usage: () => usage,
          failed: () => spec.failed(request),
          signal: signalOf(context, taskOptions),
          describeError,
          requestId: spec.requestId,
        },
      );
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** Accumulates a `textGenerationStream`: TGI events (`token.text`, `details`) or OpenAI completion chunks. */
class TextStreamUsage {
  readonly #chat = new ChatStreamUsage();
  #texts: string[] = [];
  #generatedTokens: number | undefined;
  #prefillTokens: number | undefined;
  #finished = false;

  constructor(private readonly counter: TokenCounter) {}

  add(chunk: unknown): void {
    const event = fields(chunk);
    this.#chat.add(event as ChatChunk);
    const token = fields(event.token);
    if (token.special !== true && typeof token.text === 'string' && token.text !== '') this.#texts.push(token.text);
    if (Array.isArray(event.choices)) {
      for (const choice of event.choices as unknown[]) {
        const text = fields(choice).text;
        if (typeof text === 'string' && text !== '') this.#texts.push(text);
      }
    }
    if (typeof event.generated_text === 'string') this.#finished = true;
    const details = fields(event.details);
    this.#generatedTokens = positiveInteger(details.generated_tokens) ?? this.#generatedTokens;
    if (Array.isArray(details.prefill) && details.prefill.length > 0) this.#prefillTokens = details.prefill.length;
  }

  get finished(): boolean {
    return this.#finished || this.#chat.finished;
  }

  toRequestUsage(prompt: () => TokenCount): RequestUsage {
    const texts = this.#texts;
    this.#texts = [];
    if (this.#chat.usage !== undefined) return this.#chat.toRequestUsage(prompt);
    const generated = this.#generatedTokens;
    if (generated !== undefined && this.#prefillTokens !== undefined) {
      return { inputTokens: this.#prefillTokens, outputTokens: generated, tokenSource: 'reported' };
    }
    const output: TokenCount = generated === undefined ? this.counter.count(texts) : { tokens: generated, tokenSource: 'counted' };
    const model = this.#chat.model;
    return counted(prompt(), output, model === undefined ? {} : { model });
  }
}

/**
 * Accumulates a chat stream with core's `ChatStreamUsage`; with the caller's own tokenizer, also
 * keeps the deltas' text (until the stream ends) to count it with that tokenizer when no usage
 * arrives.
 */
class ChatStreamAccumulator {
  readonly #chat = new ChatStreamUsage();
  #texts: string[] | undefined;

  constructor(private readonly counter: TokenCounter) {
    if (counter.custom) this.#texts = [];
  }

  add(chunk: unknown): void {
    this.#chat.add(chunk as ChatChunk);
    const texts = this.#texts;
    if (texts === undefined) return;
    const choices = fields(chunk).choices;
    if (!Array.isArray(choices)) return;
    for (const choice of choices as unknown[]) {
      const delta = fields(fields(choice).delta);
      if (typeof delta.content === 'string' && delta.content !== '') texts.push(delta.content);
      if (Array.isArray(delta.tool_calls)) {
        for (const call of delta.tool_calls as unknown[]) {
          const fn = fields(fields(call).function);
          if (typeof fn.name === 'string') texts.push(fn.name);
          if (typeof fn.arguments === 'string') texts.push(fn.arguments);
        }
      }
    }
  }

  get finished(): boolean {
    return this.#chat.finished;
  }

  toRequestUsage(prompt: () => TokenCount): RequestUsage {
    const texts = this.#texts;
    this.#texts = undefined;
    if (texts === undefined || this.#chat.usage !== undefined) return this.#chat.toRequestUsage(prompt);
    const model = this.#chat.model;
    return counted(prompt(), this.counter.count(texts), model === undefined ? {} : { model });
  }
}

/** Why a stream closed before its first read has no report. */
const NOT_STARTED = 'The stream was closed before its first read: no request was sent, and nothing was recorded.';

interface StreamAccumulator {
  add(chunk: unknown): void;
  readonly finished: boolean;
  toRequestUsage(prompt: () => TokenCount): RequestUsage;
}

/**
 * A metered stream task: the request starts on the first `next()` (as the SDK's own generator
 * does), so the budget check and the start time happen then; its report settles `impact`.
 */
function meteredStreamTask(
  context: Context,
  original: Task,
  operation: ImpactOperation,
  prompt: (args: Fields) => TokenCount,
  accumulator: () => StreamAccumulator,
  prepare: (args: unknown) => { args: unknown; restore?: (chunk: unknown) => unknown },
): Task {
  return (args, taskOptions) => {
    const request = fields(args);
    const usage = accumulator();
    const signal = signalOf(context, taskOptions);
    let tracker: RequestTracker | undefined;
    let resolve: (report: ImpactReport) => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const impact = new Promise<ImpactReport>((settle, refuse) => {
      resolve = settle;
      reject = refuse;
    });
    // A stream that sends nothing rejects its `impact`: not an unhandled rejection when unread.
    impact.catch(() => undefined);
    const { args: sent, restore } = prepare(args);
    const observed = observeAsyncIterable<unknown>(
      () => {
        try {
          tracker = trackRequest(context.options, { provider: providerOf(context, request), model: modelOf(request), operation, streamed: true }, context.call);
          return original(sent, taskOptions) as AsyncIterable<unknown>;
        } catch (error) {
          // Refused before sending (a blocking budget): nothing was sent, nothing is recorded.
          reject(error);
          throw error;
        }
      },
      {
        onChunk: (chunk) => usage.add(chunk),
        ...(restore === undefined ? {} : { restore }),
        onClosedBeforeStart: () => reject(new WattLensError({ code: 'stream-not-started', message: NOT_STARTED })),
        onEnd: (end) => {
          if (tracker === undefined) return;
          const outcome = streamOutcome(end, usage.finished, signal);
          if (outcome.error === undefined) {
            resolve(tracker.finish(usage.toRequestUsage(() => prompt(request)), outcome));
            return;
          }
          const error = describeError(outcome.error);
          // A 4xx answer: the provider refused the request before running the model, nothing was consumed.
          resolve(tracker.finish(refusedBeforeInference(error) ? { inputTokens: 0, outputTokens: 0 } : usage.toRequestUsage(() => prompt(request)), { ...outcome, error }));
        },
      },
    );
    return attachImpact(observed, impact);
  };
}

/**
 * The chat stream's arguments, asking for usage when the caller did not; the chunks are then
 * put back as the caller would have had them: the extra usage-only chunk dropped, and the
 * `usage: null` key that the option adds to every other chunk removed.
 */
function askForUsage(context: Context): (args: unknown) => { args: unknown; restore?: (chunk: unknown) => unknown } {
  return (args) => {
    const request = fields(args);
    const streamOptions = fields(request.stream_options);
    if (context.options.includeStreamUsage === false || typeof streamOptions.include_usage === 'boolean') return { args };
    return {
      args: { ...request, stream_options: { ...streamOptions, include_usage: true } },
      restore: withoutAddedUsage,
    };
  };
}

function chatUsage(counter: TokenCounter): (result: unknown, args: Fields) => RequestUsage {
  return (result, args) => {
    const { usage, model } = fields(result);
    const served = nonEmptyString(model);
    if (typeof usage === 'object' && usage !== null) return { ...chatUsageToRequest(usage as ChatUsage), ...(served === undefined ? {} : { model: served }) };
    const texts: string[] = [];
    for (const choice of Array.isArray(fields(result).choices) ? (fields(result).choices as unknown[]) : []) {
      const content = fields(fields(choice).message).content;
      if (typeof content === 'string') texts.push(content);
    }
    return counted(counter.chat(args.messages), counter.count(texts), served === undefined ? {} : { model: served });
  };
}

function promptOnly(count: (args: Fields) => TokenCount, extra: RequestUsage = {}): (args: Fields) => RequestUsage {
  return (args) => {
    const input = count(args);
    return { ...extra, inputTokens: input.tokens, tokenSource: input.tokenSource };
  };
}

/** `width`x`height` of a text-to-image request's parameters, when both are given. */
function imageSize(args: Fields): string | undefined {
  const parameters = fields(args.parameters);
  const width = positiveInteger(parameters.width);
  const height = positiveInteger(parameters.height);
  return width === undefined || height === undefined ? undefined : `${width}x${height}`;
}

function transcriptionUsage(counter: TokenCounter): (result: unknown, args: Fields) => Promise<RequestUsage> {
  return async (result, args) => {
    const transcript = outputTexts(result, 'text');
    const output = counter.count(transcript);
    let seconds = await audioDurationSeconds(args.inputs ?? args.data);
    if (seconds === undefined) {
      const words = transcript.join(' ').split(/\s+/).filter(Boolean).length;
      seconds = words / SPEAKING_WORDS_PER_SECOND;
    }
    return { modality: 'audio-transcription', audioSeconds: seconds, outputTokens: output.tokens, tokenSource: output.tokenSource };
  };
}

function instrument(context: Context, target: object): void {
  const client = context.client as unknown as Record<string, Task>;
  const { counter } = context;
  const chatPrompt = (args: Fields): TokenCount => counter.chat(args.messages);
  const textPrompt = (args: Fields): TokenCount => counter.count(inputTexts(args.inputs));
  const define = (name: string, wrap: (original: Task) => Task): void => {
    const original = client[name];
    if (typeof original !== 'function') return;
    Object.defineProperty(target, name, { value: wrap(original), enumerable: false, writable: false, configurable: false });
  };
  define('chatCompletion', (original) =>
    meteredTask(context, original, {
      operation: 'chat',
      usage: chatUsage(counter),
      failed: promptOnly(chatPrompt),
      requestId: (result) => nonEmptyString(fields(result).id),
    }));
  define('chatCompletionStream', (original) =>
    meteredStreamTask(context, original, 'chat', chatPrompt, () => new ChatStreamAccumulator(counter), askForUsage(context)));
  define('textGeneration', (original) =>
    meteredTask(context, original, {
      operation: 'text-generation',
      usage: (result, args) => counted(textPrompt(args), counter.count(outputTexts(result, 'generated_text'))),
      failed: promptOnly(textPrompt),
    }));
  define('textGenerationStream', (original) =>
    meteredStreamTask(context, original, 'text-generation', textPrompt, () => new TextStreamUsage(counter), (args) => ({ args })));
  define('featureExtraction', (original) =>
    meteredTask(context, original, {
      operation: 'feature-extraction',
      usage: (_result, args) => promptOnly(textPrompt, { modality: 'embedding' })(args),
      failed: promptOnly(textPrompt, { modality: 'embedding' }),
    }));
  define('textToImage', (original) =>
    meteredTask(context, original, {
      operation: 'images',
      usage: (_result, args) => {
        const size = imageSize(args);
        const prompt = textPrompt(args);
        return { modality: 'image', images: 1, inputTokens: prompt.tokens, tokenSource: prompt.tokenSource, ...(size === undefined ? {} : { imageSize: size }) };
      },
      // A failed image request generated no image.
      failed: () => ({ modality: 'image', images: 0 }),
    }));
  define('summarization', (original) =>
    meteredTask(context, original, {
      operation: 'summarization',
      usage: (result, args) => counted(textPrompt(args), counter.count(outputTexts(result, 'summary_text'))),
      failed: promptOnly(textPrompt),
    }));
  define('translation', (original) =>
    meteredTask(context, original, {
      operation: 'translation',
      usage: (result, args) => counted(textPrompt(args), counter.count(outputTexts(result, 'translation_text'))),
      failed: promptOnly(textPrompt),
    }));
  define('automaticSpeechRecognition', (original) =>
    meteredTask(context, original, {
      operation: 'audio-transcription',
      usage: transcriptionUsage(counter),
      // A failed transcription transcribed nothing that WattLens can know of.
      failed: () => ({ modality: 'audio-transcription', audioSeconds: 0 }),
    }));
  // `endpoint(url)` returns a client for another endpoint: metered with the same options.
  Object.defineProperty(target, 'endpoint', {
    value: (endpointUrl: string) => create(context.client.endpoint(endpointUrl), context.options, context.call),
    enumerable: false,
    writable: true,
    configurable: true,
  });
}

function create<Client extends InferenceClient>(original: Client, options: HuggingFaceImpactOptions, call: ImpactCallOptions): Client {
  // Task methods are non-writable own properties of the instance: the metered client is a new
  // object that inherits from it (so `instanceof InferenceClient` holds and every other task
  // works) and shadows the covered tasks with its own properties. The caller's instance is untouched.
  const client = Object.create(original) as Client;
  instrument({ client: original, options, call, counter: tokenCounter(options.tokenizer) }, client);
  instrumented.set(client, { original, options });
  void loadTokenizer();
  return client;
}

/**
 * Wraps a Hugging Face `InferenceClient` so that every covered call reports its environmental
 * impact: `chatCompletion`, `chatCompletionStream`, `textGeneration`, `textGenerationStream`,
 * `featureExtraction`, `textToImage`, `summarization`, `translation` and
 * `automaticSpeechRecognition`, through any inference provider or an `endpointUrl`. Returns a
 * client that is still an `InferenceClient` (same type, `instanceof` holds); the given instance is
 * not modified. Results that are objects carry a non-enumerable `impact` report, streams (still
 * async generators) a `Promise<ImpactReport>` `impact` that resolves when they end, break, are
 * aborted or fail; read them with `getImpact` / `getStreamImpact` from `@wattlens/core`. The
 * inference provider of each call sets the datacenter defaults; tasks that return no usage are
 * counted with gpt-tokenizer (`tokenSource: 'counted'`). Prompt and completion text never leave
 * the call.
 *
 * @param client - An `InferenceClient` from `@huggingface/inference` 4.x.
 * @param options - Meter, hooks, tags, zone, PUE, WUE, methodology, deployment, provider profile.
 * @returns A metered client of the same type.
 * @example
 * ```ts
 * import { InferenceClient } from '@huggingface/inference';
 * import { getImpact } from '@wattlens/core';
 * import { withImpact } from '@wattlens/huggingface';
 *
 * const hf = withImpact(new InferenceClient(process.env.HF_TOKEN), { tags: { feature: 'chat' } });
 * const reply = await hf.chatCompletion({ provider: 'together', model: 'meta-llama/Llama-3.1-8B-Instruct', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(getImpact(reply)?.gwp.value, 'kgCO2eq');
 * ```
 */
export function withImpact<Client extends InferenceClient>(client: Client, options: HuggingFaceImpactOptions = {}): Client {
  const known = instrumented.get(client);
  // Wrapping a wrapped client replaces its options rather than metering twice.
  return create((known?.original ?? client) as Client, options ?? {}, {});
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
 * const reply = await withCallOptions(hf, { tags: { user: 'ada' } }).chatCompletion(args);
 * ```
 */
export function withCallOptions<Client extends InferenceClient>(client: Client, call: ImpactCallOptions): Client {
  const known = instrumented.get(client);
  if (known === undefined) {
    throw new TypeError('withCallOptions takes a client returned by withImpact() from @wattlens/huggingface: wrap your InferenceClient with withImpact(client, options) first.');
  }
  return create(known.original as Client, known.options, call ?? {});
}
