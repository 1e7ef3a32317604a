import type { ImpactOperation, Modality, RequestUsage, TokenCount } from '@wattlens/core';
import { countTokens } from '@wattlens/core';
import type { StreamWatcher } from './instrument-stream';

/** A request body as the caller passed it: read defensively, never changed. */
export type Body = Readonly<Record<string, unknown>>;

/**
 * The texts of a request's prompt, gathered when the request starts (references to the caller's
 * strings, which cannot change afterwards) and counted only if the provider reports no usage;
 * plus the tokens known without counting (message overheads, token arrays, images).
 */
export interface PromptText {
  readonly texts: readonly string[];
  readonly tokens: number;
}

/** A stream watcher that also knows the stream's usage at its end. */
export interface UsageWatcher extends StreamWatcher {
  /** Whether {@link UsageWatcher.usage} will count text (no usage was reported): load the tokenizer first. */
  readonly counts: boolean;
  /**
   * Usage of the stream so far: as reported, or counted from the generated text.
   *
   * @param prompt - The prompt's count, computed only when needed.
   */
  usage(prompt: () => TokenCount): RequestUsage;
}

/** How the adapter meters one SDK method. */
export interface Operation {
  readonly operation: ImpactOperation;
  readonly modality: Modality;
  /** The model the request names, before any response. */
  model(body: Body): string;
  streamed(body: Body): boolean;
  /**
   * The body to send when it must differ from the caller's (a copy asking for stream usage), or
   * `undefined` to send the caller's as it is.
   */
  prepare?(body: Body, includeStreamUsage: boolean): Body | undefined;
  /** The prompt's texts, for counts when the provider reports none. */
  prompt(body: Body): PromptText;
  /** Whether {@link Operation.usage} needs no result (speech: the audio is not read). */
  readonly withoutResult?: boolean;
  /** Usage of a parsed non-stream result, as a new object (the caller may add to it). Never throws. */
  usage(result: unknown, body: Body, prompt: () => TokenCount): RequestUsage;
  /**
   * A watcher for a stream; `injectedUsage` when the adapter asked for usage the caller did not.
   * Operations that never stream have none: an unexpected stream is then metered by its prompt.
   */
  watch?(body: Body, injectedUsage: boolean): UsageWatcher;
  /** What a failed request consumed besides its prompt, e.g. no image at all. */
  readonly nothingGenerated: Partial<RequestUsage>;
}

/** Whether a value is a plain record. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or `undefined`. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A non-negative integer, or `undefined`. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Counts a prompt: its texts with gpt-tokenizer (or their length while it loads), plus the known tokens. */
export function countPrompt(prompt: PromptText): TokenCount {
  const counted = countTokens(prompt.texts);
  return { tokens: counted.tokens + prompt.tokens, tokenSource: counted.tokenSource };
}

/** `counted` unless either count was only `estimated`. */
export function tokenSourceOf(...counts: readonly TokenCount[]): 'counted' | 'estimated' {
  return counts.some((each) => each.tokenSource === 'estimated') ? 'estimated' : 'counted';
}

/** Usage counted from texts, for a result or stream that reported none. */
export function countedUsage(prompt: TokenCount, output: TokenCount, model: string | undefined): RequestUsage {
  return {
    inputTokens: prompt.tokens,
    outputTokens: output.tokens,
    tokenSource: tokenSourceOf(prompt, output),
    ...(model === undefined ? {} : { model }),
  };
}
