import { contentText, countChatTokens, countTokens, type RequestUsage, type TokenCount } from '@wattlens/core';
import { count, fields, nonEmptyString, pushContent, pushToolCalls } from './read';

/** Token counts of a Mistral `UsageInfo` (camelCase, as the SDK returns it). */
export function usageOf(usage: unknown, model: unknown): RequestUsage {
  const { promptTokens, completionTokens } = fields(usage);
  // Built field by field: this runs on every request, and spreads of optional fields cost more.
  const request: { -readonly [Key in keyof RequestUsage]: RequestUsage[Key] } = {};
  const inputTokens = count(promptTokens);
  if (inputTokens !== undefined) request.inputTokens = inputTokens;
  const outputTokens = count(completionTokens);
  if (outputTokens !== undefined) request.outputTokens = outputTokens;
  const served = nonEmptyString(model);
  if (served !== undefined) request.model = served;
  request.tokenSource = 'reported';
  return request;
}

/** Combines a prompt count and an output count into what `finish()` takes, with one source. */
export function countedUsage(input: TokenCount, output: TokenCount | undefined, extra: RequestUsage = {}): RequestUsage {
  const estimated = input.tokenSource === 'estimated' || output?.tokenSource === 'estimated';
  return { ...extra, inputTokens: input.tokens, outputTokens: output?.tokens ?? 0, tokenSource: estimated ? 'estimated' : 'counted' };
}

/** The prompt of a chat or agents request, counted. */
export function chatPrompt(request: unknown): TokenCount {
  return countChatTokens(fields(request).messages);
}

/** The prompt of a FIM request (`prompt` and `suffix`), counted. */
export function fimPrompt(request: unknown): TokenCount {
  const { prompt, suffix } = fields(request);
  return countTokens([typeof prompt === 'string' ? prompt : '', typeof suffix === 'string' ? suffix : '']);
}

/** The texts of an embeddings request (`inputs`: a string or a list), counted. */
export function embeddingInputs(request: unknown): TokenCount {
  const { inputs } = fields(request);
  if (typeof inputs === 'string') return countTokens(inputs);
  return countTokens(Array.isArray(inputs) ? (inputs as unknown[]).filter((input): input is string => typeof input === 'string') : []);
}

/** The new inputs of a conversation request (a string, or entries with `content`), counted. */
export function conversationInputs(inputs: unknown): TokenCount {
  if (typeof inputs === 'string') return countTokens(inputs);
  const texts: string[] = [];
  if (Array.isArray(inputs)) for (const entry of inputs as unknown[]) texts.push(...contentText(fields(entry).content));
  return countTokens(texts);
}

/**
 * Accumulates a Mistral chat, FIM or agents stream: `CompletionEvent`s whose `data` is a
 * `CompletionChunk`, the final one (with `finishReason`) carrying `usage`. The deltas' text is
 * kept only to count it when the stream ends without usage.
 */
export class CompletionStreamUsage {
  #usage: unknown;
  #model: string | undefined;
  #requestId: string | undefined;
  #finished = false;
  #texts: string[] = [];

  add(event: unknown): void {
    const chunk = fields(fields(event).data);
    if (chunk.usage !== undefined && chunk.usage !== null) this.#usage = chunk.usage;
    this.#model ??= nonEmptyString(chunk.model);
    this.#requestId ??= nonEmptyString(chunk.id);
    if (!Array.isArray(chunk.choices)) return;
    for (const choice of chunk.choices as unknown[]) {
      const { delta, finishReason } = fields(choice);
      if (finishReason !== null && finishReason !== undefined) this.#finished = true;
      const { content, toolCalls } = fields(delta);
      pushContent(this.#texts, content);
      pushToolCalls(this.#texts, toolCalls);
    }
  }

  get requestId(): string | undefined {
    return this.#requestId;
  }

  /** Whether the generation finished (a `finishReason` or the usage arrived). */
  get finished(): boolean {
    return this.#finished || this.#usage !== undefined;
  }

  /** The usage the stream reported, else the prompt's and the generated text's counts. */
  toRequestUsage(prompt: () => TokenCount): RequestUsage {
    const usage = this.#usage === undefined ? countedUsage(prompt(), countTokens(this.#texts)) : usageOf(this.#usage, undefined);
    this.#texts = [];
    return this.#model === undefined ? usage : { ...usage, model: this.#model };
  }
}

/**
 * Accumulates a conversation stream (`beta.conversations.*Stream`): `message.output.delta` and
 * `function.call.delta` events carry the generated text, `conversation.response.done` the usage.
 */
export class ConversationStreamUsage {
  #usage: unknown;
  #model: string | undefined;
  #conversationId: string | undefined;
  #texts: string[] = [];

  add(event: unknown): void {
    const data = fields(fields(event).data);
    switch (data.type) {
      case 'conversation.response.started':
        this.#conversationId ??= nonEmptyString(data.conversationId);
        break;
      case 'message.output.delta':
        this.#model ??= nonEmptyString(data.model);
        pushContent(this.#texts, data.content);
        break;
      case 'function.call.delta':
        if (typeof data.name === 'string') this.#texts.push(data.name);
        if (typeof data.arguments === 'string') this.#texts.push(data.arguments);
        break;
      case 'conversation.response.done':
        this.#usage = data.usage;
        break;
      default:
        break;
    }
  }

  get model(): string | undefined {
    return this.#model;
  }

  /** The conversation's id, from `conversation.response.started`. */
  get conversationId(): string | undefined {
    return this.#conversationId;
  }

  get finished(): boolean {
    return this.#usage !== undefined;
  }

  toRequestUsage(prompt: () => TokenCount): RequestUsage {
    const usage = this.#usage === undefined ? countedUsage(prompt(), countTokens(this.#texts)) : usageOf(this.#usage, undefined);
    this.#texts = [];
    return this.#model === undefined ? usage : { ...usage, model: this.#model };
  }
}

/** The model a conversation response names: that of its first message output. */
export function conversationModel(response: unknown): string | undefined {
  const { outputs } = fields(response);
  if (!Array.isArray(outputs)) return undefined;
  for (const entry of outputs as unknown[]) {
    const model = nonEmptyString(fields(entry).model);
    if (model !== undefined) return model;
  }
  return undefined;
}
