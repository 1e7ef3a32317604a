import type { RequestUsage } from './instrumentation';
import { countTokens, type TokenCount } from './count-tokens';

/**
 * Token usage as OpenAI-format chat APIs report it: OpenAI, Azure OpenAI, the Hugging Face router
 * and TGI, vLLM, Groq, Together… (`usage` of a completion, or of the final chunk of a stream).
 * Every field is optional: hosts send more or fewer details.
 */
export interface ChatUsage {
  readonly prompt_tokens?: number | null;
  readonly completion_tokens?: number | null;
  readonly total_tokens?: number | null;
  readonly prompt_tokens_details?: { readonly cached_tokens?: number | null } | null;
  readonly completion_tokens_details?: { readonly reasoning_tokens?: number | null } | null;
  /** Energy the host measured for the request, in joules (some OpenAI-compatible hosts send it). */
  readonly energy_joules?: number | null;
}

/** One delta of an OpenAI-format chat chunk: only the fields that carry generated text are read. */
export interface ChatChunkDelta {
  readonly content?: unknown;
  readonly refusal?: unknown;
  /** Reasoning text, as DeepSeek and vLLM (`reasoning_content`) or OpenRouter and Groq (`reasoning`) stream it. */
  readonly reasoning_content?: unknown;
  readonly reasoning?: unknown;
  readonly tool_calls?: readonly { readonly function?: { readonly name?: unknown; readonly arguments?: unknown } | null }[] | null;
  readonly function_call?: { readonly name?: unknown; readonly arguments?: unknown } | null;
}

/** A chunk of an OpenAI-format chat (or legacy text completion) stream. */
export interface ChatChunk {
  readonly model?: unknown;
  readonly choices?: readonly { readonly delta?: ChatChunkDelta | null; readonly text?: unknown; readonly finish_reason?: unknown }[] | null;
  readonly usage?: ChatUsage | null;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * Converts OpenAI-format usage into what `RequestTracker.finish()` takes: prompt and completion
 * tokens, cached prompt tokens, reasoning tokens, and the host's measured energy when it sends
 * `energy_joules`. Counts are passed on as the provider sent them (a malformed one gives the
 * report an `estimate-failed` warning rather than an exception).
 *
 * @param usage - The `usage` of a completion or of a stream's final chunk.
 * @returns Token counts with `tokenSource: 'reported'`.
 * @example
 * ```ts
 * const completion = await send(body);
 * tracker.finish({ ...chatUsageToRequest(completion.usage), model: completion.model });
 * ```
 */
export function chatUsageToRequest(usage: ChatUsage): RequestUsage {
  // Built field by field: this runs once per request, on the request path.
  const request: { -readonly [Key in keyof RequestUsage]: RequestUsage[Key] } = { tokenSource: 'reported' };
  const inputTokens = count(usage.prompt_tokens);
  if (inputTokens !== undefined) request.inputTokens = inputTokens;
  const outputTokens = count(usage.completion_tokens);
  if (outputTokens !== undefined) request.outputTokens = outputTokens;
  const cachedInputTokens = count(usage.prompt_tokens_details?.cached_tokens);
  if (cachedInputTokens !== undefined && cachedInputTokens !== 0) request.cachedInputTokens = cachedInputTokens;
  const reasoningTokens = count(usage.completion_tokens_details?.reasoning_tokens);
  if (reasoningTokens !== undefined && reasoningTokens !== 0) request.reasoningTokens = reasoningTokens;
  const energy = count(usage.energy_joules);
  if (energy !== undefined) request.reportedEnergyJoules = energy;
  return request;
}

/**
 * Whether a chunk is the extra one that `stream_options.include_usage` adds at the end of an
 * OpenAI-format stream: no choices, only `usage`. Adapters that ask for usage on the caller's
 * behalf hide it, so that code reading `chunk.choices[0].delta` keeps working.
 *
 * @param chunk - A stream chunk.
 * @returns `true` for the usage-only chunk.
 * @example
 * ```ts
 * if (injectedUsage && isUsageOnlyChunk(chunk)) continue; // the caller never asked for it
 * ```
 */
export function isUsageOnlyChunk(chunk: ChatChunk): boolean {
  const choices = chunk?.choices;
  return Array.isArray(choices) && choices.length === 0 && typeof chunk.usage === 'object' && chunk.usage !== null;
}

/**
 * A chunk of an OpenAI-format stream as its caller would have had it without the
 * `stream_options.include_usage` that an adapter asked for on the caller's behalf: `undefined`
 * for the extra usage-only chunk (hide it), a copy without the `usage: null` key that the option
 * adds to every other chunk, else the chunk itself.
 *
 * A copy rather than `delete`, which costs far more, by how much depending on where V8 meets it:
 * with OpenAI's chunks, where `usage` is followed by the `obfuscation` padding, the adapters'
 * `delete` cost 8–10 µs per chunk (16–20 ms more per 2,000-chunk stream, two thirds of the SDK's
 * own CPU for it), against about 1.5 µs per chunk for all the watching with the copy; deleting in
 * a consumer's loop turns each chunk into a slow dictionary object (`node bench/chunk-restore.mjs`:
 * +1.3 µs per chunk, the copy +0.6 µs, keeping the chunks' fast properties). The copy has the
 * same keys in the same order and shares the chunk's nested objects; a chunk whose prototype is
 * not `Object.prototype` (not a parsed JSON object) has its key deleted instead, so that it keeps
 * its class.
 *
 * @param chunk - A chunk, as the SDK parsed it.
 * @returns What to show the caller in its place, or `undefined` to hide it.
 * @example
 * ```ts
 * for await (const chunk of stream) {
 *   usage.add(chunk);
 *   const shown = injectedUsage ? withoutAddedUsage(chunk) : chunk;
 *   if (shown !== undefined) yield shown;
 * }
 * ```
 */
export function withoutAddedUsage<Chunk>(chunk: Chunk): Chunk | undefined {
  if (typeof chunk !== 'object' || chunk === null) return chunk;
  const parsed = chunk as ChatChunk;
  if (parsed.usage !== null) return isUsageOnlyChunk(parsed) ? undefined : chunk;
  if (Object.getPrototypeOf(chunk) !== Object.prototype) {
    delete (chunk as { usage?: unknown }).usage;
    return chunk;
  }
  const { usage: _added, ...restored } = parsed;
  return restored as Chunk;
}

function pushText(texts: string[], value: unknown): void {
  if (typeof value === 'string' && value.length > 0) texts.push(value);
}

/**
 * Accumulates what an OpenAI-format chat stream tells about its usage, chunk by chunk: the
 * `usage` of the final chunk when the host sends one (with `stream_options.include_usage`), the
 * model that served it, whether a choice finished, and the generated text of the deltas
 * (content, refusals, reasoning, tool-call names and arguments), kept in memory only to count
 * its tokens when no usage arrives (a stream cut short, a host that sends none). Also reads
 * legacy text-completion chunks (`choices[].text`) and Hugging Face chat streams, which share
 * the format.
 *
 * @example
 * ```ts
 * const usage = new ChatStreamUsage();
 * for await (const chunk of stream) usage.add(chunk);
 * await loadTokenizer();                     // exact counts for the fallback
 * tracker.finish(usage.toRequestUsage(() => countChatTokens(body.messages)));
 * ```
 */
export class ChatStreamUsage {
  #usage: ChatUsage | undefined;
  #model: string | undefined;
  #finished = false;
  readonly #texts: string[] = [];

  /**
   * Reads one chunk. Never throws, whatever the chunk holds.
   *
   * @param chunk - A chunk of the stream, as the SDK yields it.
   * @example
   * ```ts
   * for await (const chunk of stream) usage.add(chunk);
   * ```
   */
  add(chunk: ChatChunk): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    const usage = chunk.usage;
    if (typeof usage === 'object' && usage !== null) this.#usage = usage;
    if (this.#model === undefined && typeof chunk.model === 'string' && chunk.model !== '') this.#model = chunk.model;
    const choices = chunk.choices;
    if (!Array.isArray(choices)) return;
    const texts = this.#texts;
    for (const choice of choices as NonNullable<ChatChunk['choices']>) {
      if (typeof choice !== 'object' || choice === null) continue;
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) this.#finished = true;
      pushText(texts, choice.text);
      const delta = choice.delta;
      if (typeof delta !== 'object' || delta === null) continue;
      pushText(texts, delta.content);
      pushText(texts, delta.refusal);
      pushText(texts, delta.reasoning_content);
      pushText(texts, delta.reasoning);
      if (Array.isArray(delta.tool_calls)) {
        for (const call of delta.tool_calls as NonNullable<ChatChunkDelta['tool_calls']>) {
          pushText(texts, call?.function?.name);
          pushText(texts, call?.function?.arguments);
        }
      }
      pushText(texts, delta.function_call?.name);
      pushText(texts, delta.function_call?.arguments);
    }
  }

  /** The last `usage` the stream sent, if any. */
  get usage(): ChatUsage | undefined {
    return this.#usage;
  }

  /** The model the chunks name (a dated snapshot, say), if any. */
  get model(): string | undefined {
    return this.#model;
  }

  /** Whether a choice has finished (`finish_reason` seen): the generation is complete. */
  get finished(): boolean {
    return this.#finished;
  }

  /**
   * Counts the tokens generated so far from the deltas' text, with gpt-tokenizer when it has
   * loaded (`counted`), else from the text's length (`estimated`).
   *
   * @returns The count and its source.
   * @example
   * ```ts
   * usage.outputTokens(); // { tokens: 42, tokenSource: 'counted' }
   * ```
   */
  outputTokens(): TokenCount {
    return countTokens(this.#texts);
  }

  /**
   * What `RequestTracker.finish()` takes: the stream's reported usage when it sent one;
   * otherwise the prompt's count (from `prompt`) and the generated text's count, marked
   * `counted` once gpt-tokenizer has loaded (await `loadTokenizer()` first) or `estimated`.
   *
   * @param prompt - The prompt's token count, or a function computing it (called only when the
   *   stream sent no usage).
   * @returns Token counts, the model and their source; never any text.
   * @example
   * ```ts
   * tracker.finish(usage.toRequestUsage(() => countChatTokens(body.messages)), { error });
   * ```
   */
  toRequestUsage(prompt?: TokenCount | (() => TokenCount)): RequestUsage {
    const model = this.#model === undefined ? {} : { model: this.#model };
    if (this.#usage !== undefined) return { ...chatUsageToRequest(this.#usage), ...model };
    const output = this.outputTokens();
    const input = typeof prompt === 'function' ? prompt() : prompt;
    const estimated = output.tokenSource === 'estimated' || input?.tokenSource === 'estimated';
    return {
      ...(input === undefined ? {} : { inputTokens: input.tokens }),
      outputTokens: output.tokens,
      tokenSource: estimated ? 'estimated' : 'counted',
      ...model,
    };
  }
}
