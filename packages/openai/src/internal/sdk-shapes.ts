/**
 * The parts of the `openai` SDK (6.x and 7.x) that the adapter touches, typed structurally so that
 * nothing here imports the SDK at run time (the caller's copy is the one that runs, ESM or CJS).
 * Checked against openai 6.49.0 and 7.59.0: `src/core/api-promise.ts`, `src/core/streaming.ts`,
 * `src/client.ts`.
 */

/** What `_thenUnwrap` transforms receive besides the data (`APIResponseProps`). */
export interface ResponseProps {
  readonly response: { readonly headers: { get(name: string): string | null } };
}

/** The SDK's `APIPromise`: a `Promise` whose body is parsed lazily, on the first `then`. */
export interface ApiPromise<Data = unknown> extends Promise<Data> {
  _thenUnwrap<Next>(transform: (data: Data, props: ResponseProps) => Next): ApiPromise<Next>;
  asResponse(): Promise<RawResponse>;
  withResponse(): Promise<unknown>;
  /** TS-private in the SDK; every consumer (`then`, `catch`, `finally`, `withResponse`) goes through it. */
  parse?: () => Promise<Data>;
  /** The fetch and its response props, as the SDK's `parse()` reads them (a public field of openai 6 and 7). */
  readonly responsePromise?: unknown;
  /** What `parse()` turns the response into the data with (a public field of openai 6 and 7, set per promise). */
  parseResponse?: (client: unknown, props: ResponseProps) => unknown;
}

/** The fetch `Response` that `asResponse()` gives. */
export interface RawResponse {
  readonly headers: { get(name: string): string | null };
  clone(): { json(): Promise<unknown>; text(): Promise<string> };
}

/** The SDK's `Stream`: `controller`, `tee()`, and the TS-private `iterator` field every read goes through. */
export interface SdkStream {
  readonly controller: AbortController;
  tee(): unknown[];
  iterator?: () => AsyncIterator<unknown>;
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

/** The client: what `withImpact` clones and patches. */
export interface SdkClient {
  readonly baseURL: string;
  withOptions(options: object): SdkClient;
  request(options: Promise<never>): ApiPromise;
  readonly [resource: string]: unknown;
}

/**
 * Whether a parsed result is a stream: duck-typed, never `instanceof`, so that an ESM and a CJS
 * copy of the SDK in one process are both recognised.
 */
export function isSdkStream(value: unknown): value is SdkStream {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { tee?: unknown }).tee === 'function' &&
    typeof (value as { controller?: unknown }).controller === 'object' &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
