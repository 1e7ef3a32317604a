import type { ImpactReport } from './impact-report';

/**
 * Free key/values that describe who or what a request was for: `user`, `feature`, `session`,
 * `team`… Values are short identifiers, never prompt or completion text.
 */
export type ImpactTags = Readonly<Record<string, string>>;

/**
 * The kind of call an adapter made. The listed names are the ones WattLens adapters use; any
 * other kebab-case name is accepted for a custom integration.
 */
export type ImpactOperation =
  | 'chat'
  | 'responses'
  | 'completions'
  | 'embeddings'
  | 'images'
  | 'audio-transcription'
  | 'audio-translation'
  | 'audio-speech'
  | 'fim'
  | 'ocr'
  | 'conversations'
  | 'moderations'
  | 'text-generation'
  | 'feature-extraction'
  | (string & {});

/** How a request ended: it completed, the provider or the network failed it, or the caller aborted it. */
export type ImpactStatus = 'completed' | 'failed' | 'aborted';

/**
 * What is kept of a failure: the error's class name and its HTTP status. Never its message,
 * which can echo prompt text.
 */
export interface ImpactFailure {
  /** The error's `name`, e.g. `RateLimitError`, `APIConnectionError`, `AbortError`. */
  readonly name: string;
  /** The HTTP status of the failed response, when there was one. */
  readonly status?: number;
}

/**
 * Everything an adapter knows about one request besides its impact report: where it went, what
 * kind of call it was, how it ended, and its tags. Passed to every `onImpact` hook and recorded by
 * meters and ledgers. Holds no prompt or completion text.
 */
export interface ImpactContext {
  /** Provider id as the adapter names it (`openai`, `mistral`, `huggingface`, or a host). */
  readonly provider: string;
  /** Model id as sent to the provider. */
  readonly model: string;
  readonly operation: ImpactOperation;
  readonly status: ImpactStatus;
  /** Whether the response was streamed. */
  readonly streamed: boolean;
  /** When the request started, in milliseconds since the epoch. */
  readonly startedAt: number;
  /** The provider's request id (e.g. OpenAI's `x-request-id`), when known. */
  readonly requestId?: string;
  /** For failed requests: the error's name and HTTP status. */
  readonly error?: ImpactFailure;
  /**
   * Tags of the request: the meter's scope, the client's and the call's, merged. Frozen when a
   * hook gets them: they are what the meter recorded (and may add later, with other requests).
   */
  readonly tags: ImpactTags;
}

/**
 * Called once per request with its impact report and context. May be async (a returned promise
 * is watched for rejection); a hook that throws or rejects never breaks the request (the error is reported as a meter `listener-error`).
 *
 * @example
 * ```ts
 * const onImpact: OnImpact = (report, context) => {
 *   console.log(`${context.model}: ${report.gwp.value * 1000} gCO2e`);
 * };
 * ```
 */
export type OnImpact = (report: ImpactReport, context: ImpactContext) => void;
