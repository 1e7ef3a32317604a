import type { IncomingHttpHeaders } from 'node:http';

/** The three APIs the simulator speaks. */
export type ProviderName = 'openai' | 'mistral' | 'huggingface';

/** How a route writes its errors: OpenAI `{error:{…}}`, Mistral `{object:'error',…}`, or Hugging Face `{error:"…"}`. */
export type ErrorStyle = 'openai' | 'mistral' | 'plain';

/** Per-request controls read from `x-sim-*` headers (and, for Hugging Face, query parameters or path segments). */
export interface SimControls {
  /** `x-sim-output-tokens`: forces the length of a generated text reply. */
  readonly outputTokens: number | undefined;
  /** `x-sim-report-energy: 1`: OpenAI-compatible chat replies carry `usage.energy_joules`. */
  readonly reportEnergy: boolean;
  /** `x-sim-task`: the Hugging Face task of a model, overriding the simulator's guess. */
  readonly task: string | undefined;
}

/** One request, read and parsed, as route handlers see it. */
export interface SimRequest {
  readonly provider: ProviderName;
  readonly method: string;
  /** Path after the provider prefix (`/v1/chat/completions`), `x-sim-*` segments removed. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The JSON body, or `undefined` when the body is not JSON. */
  readonly json: unknown;
  /** The multipart form, when the body is `multipart/form-data`. */
  readonly form: FormData | undefined;
  readonly controls: SimControls;
  /** Seed for this request's content: the simulator seed mixed with the request (stream flags left out). */
  readonly seed: number;
  /** The simulator's own seed (`startProviderSim({ seed })`), for content that depends on one input only (embeddings). */
  readonly simulatorSeed: number;
  /** How many requests the simulator received before this one. */
  readonly requestNumber: number;
  /** `http://127.0.0.1:PORT`, for URLs that point back at the simulator. */
  readonly origin: string;
}

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` name, for APIs with named events (Responses, Mistral conversations). */
  readonly event?: string;
  /** The `data:` payload (JSON text, or `[DONE]`). */
  readonly data: string;
  /** How many output tokens this event carries, for pacing under realistic latency. */
  readonly tokens: number;
}

/** What realistic latency needs to know about a generated reply. */
export interface ReplyTiming {
  readonly model: string;
  readonly outputTokens: number;
}

/** A route handler's answer, before faults and latency are applied. */
export type SimReply =
  | {
      readonly kind: 'json';
      readonly status: number;
      readonly body: unknown;
      readonly headers?: Readonly<Record<string, string>>;
      readonly timing?: ReplyTiming;
    }
  | {
      readonly kind: 'bytes';
      readonly status: number;
      readonly contentType: string;
      readonly body: Buffer;
      readonly headers?: Readonly<Record<string, string>>;
      readonly timing?: ReplyTiming;
    }
  | {
      readonly kind: 'sse';
      readonly events: readonly SseEvent[];
      /** Whether the last event is a `[DONE]` sentinel (never sent when a stream is cut). */
      readonly sentinel: boolean;
      readonly timing?: ReplyTiming;
    };

/** Handles one route. */
export type RouteHandler = (request: SimRequest) => SimReply | Promise<SimReply>;

/** A route found for a method and path. */
export interface RouteMatch {
  /** Stable name for `stats()`, e.g. `openai.chat.completions`. */
  readonly route: string;
  readonly errorStyle: ErrorStyle;
  readonly handler: RouteHandler;
}

/** A JSON reply. */
export function json(body: unknown, status = 200, timing?: ReplyTiming): SimReply {
  return timing === undefined ? { kind: 'json', status, body } : { kind: 'json', status, body, timing };
}

interface OpenAIErrorKind {
  readonly type: string;
  readonly code: string | null;
}

/** OpenAI's `type` and `code` for each status the simulator answers with. */
const OPENAI_ERRORS: Readonly<Record<number, OpenAIErrorKind>> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  422: { type: 'invalid_request_error', code: null },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: null },
};

const MISTRAL_ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  422: 'invalid_request_error',
  429: 'rate_limited',
  500: 'internal_server_error',
};

/** An error reply in the route's provider format; 429s carry `retry-after`. */
export function errorReply(style: ErrorStyle, status: number, message: string, param: string | null = null): SimReply {
  const headers: Record<string, string> = status === 429 ? { 'retry-after': '1' } : {};
  let body: unknown;
  switch (style) {
    case 'openai': {
      const kind = OPENAI_ERRORS[status] ?? { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null };
      body = { error: { message, type: kind.type, param, code: kind.code } };
      break;
    }
    case 'mistral':
      body = { object: 'error', message, type: MISTRAL_ERROR_TYPES[status] ?? 'invalid_request_error', param, code: String(status) };
      break;
    case 'plain':
      body = { error: message };
      break;
  }
  return { kind: 'json', status, body, headers };
}

/** What each injected status means, for the message of a simulated error. */
const FAULT_MEANINGS: Readonly<Record<number, string>> = {
  400: 'the request is invalid',
  401: 'the API key is invalid',
  403: 'access to this model is forbidden',
  404: 'the model does not exist',
  429: 'rate limit reached, retry after 1 s',
  500: 'the server had an internal error',
};

/** The error reply for an injected `status:N` fault. */
export function faultReply(style: ErrorStyle, status: number): SimReply {
  const meaning = FAULT_MEANINGS[status] ?? 'simulated error';
  return errorReply(style, status, `Simulated fault: ${meaning} (x-sim-fault status:${status}). Remove the fault to get a normal reply.`);
}

/** Mistral's 422 body for a missing or invalid field, the shape its SDK parses as `HTTPValidationError`. */
export function mistralValidationError(field: string, message: string): SimReply {
  return json({ detail: [{ type: 'missing', loc: ['body', field], msg: message, input: null }] }, 422);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field of a JSON body, or `undefined`. */
export function stringField(body: unknown, key: string): string | undefined {
  if (!isRecord(body)) return undefined;
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

/** A non-negative integer field of a JSON body, or `undefined`. */
export function integerField(body: unknown, key: string): number | undefined {
  if (!isRecord(body)) return undefined;
  const value = body[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Seconds since the epoch, as `created` fields carry it. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** `decodeURIComponent` that leaves malformed escapes as they are instead of throwing. */
export function decodePathSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
