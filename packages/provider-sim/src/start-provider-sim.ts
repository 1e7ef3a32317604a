import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { deliver } from './internal/deliver';
import { errorReply, faultReply, isRecord, type ErrorStyle, type ProviderName, type RouteMatch, type SimControls, type SimReply, type SimRequest } from './internal/exchange';
import { FaultSyntaxError, parseFaults, type Faults } from './internal/faults';
import { huggingfaceRoute } from './internal/huggingface-routes';
import { mistralRoute, type MistralState } from './internal/mistral-routes';
import { openaiRoute } from './internal/openai-routes';
import { canonicalJson, hashBytes, hashString, hexId } from './internal/random';

/** What the `faults` option sees of a request when deciding whether to inject a fault. */
export interface ProviderSimRequest {
  /** Which API the request is for. */
  readonly provider: 'openai' | 'mistral' | 'huggingface';
  /** The route's stats name, e.g. `openai.chat.completions` or `huggingface.feature-extraction`. */
  readonly route: string;
  readonly method: string;
  /** Path after the provider prefix, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** The `model` of the JSON body, when there is one. */
  readonly model: string | undefined;
  /** 0-based number of the request among all the simulator received. */
  readonly index: number;
}

/** Options of {@link startProviderSim}. */
export interface ProviderSimOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Interface to bind. Only loopback is allowed: the simulator is for local tests and demos.
   * @default '127.0.0.1'
   */
  readonly host?: '127.0.0.1';
  /**
   * `'realistic'` delays the first token and paces tokens per model class ({@link LATENCY_PROFILES});
   * `'none'` answers at once.
   * @default 'none'
   */
  readonly latency?: 'realistic' | 'none';
  /**
   * Seed of every generated reply: the same seed and request give the same text and token counts.
   * @default 0
   */
  readonly seed?: number;
  /**
   * Faults for clients that cannot set the `x-sim-fault` header: a fault specification applied to
   * every request (e.g. `'status:429'`), or a function choosing one per request (return
   * `undefined` for none). A request's own `x-sim-fault` header takes precedence.
   * @default undefined
   */
  readonly faults?: string | ((request: ProviderSimRequest) => string | undefined);
}

/** Request counts by route and status, for benchmarks and load tests. */
export interface ProviderSimStats {
  /** Requests received since start. */
  readonly requests: number;
  /** Requests not finished yet (a finished request has a status below). */
  readonly inFlight: number;
  /** TCP connections open now. */
  readonly openConnections: number;
  /** Finished requests by HTTP status (`"200"`, `"429"`…) or `"aborted"` when the client left before any status was sent. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** The same by route (`openai.chat.completions`, `mistral.ocr`, `huggingface.hub.model`, `unknown`…). */
  readonly byRoute: Readonly<Record<string, { readonly requests: number; readonly byStatus: Readonly<Record<string, number>> }>>;
}

/** A running simulator. */
export interface ProviderSim {
  /** Base URLs: OpenAI `baseURL` (ends `/v1`), Mistral `serverURL` (no `/v1`), Hugging Face base for `endpointUrl`s, router and Hub routes. */
  readonly urls: { readonly openai: string; readonly mistral: string; readonly huggingface: string };
  /** The port it listens on. */
  readonly port: number;
  /**
   * A `fetch` for `new InferenceClient(token, { fetch })` that sends the SDK's Hugging Face router
   * and Hub requests (`https://router.huggingface.co`, `https://huggingface.co`) to the simulator,
   * so that `provider: 'together' | 'groq' | 'hf-inference' | …` work offline.
   */
  readonly huggingfaceFetch: typeof fetch;
  /** Counts of requests by route and status so far. */
  stats(): ProviderSimStats;
  /** Stops listening and closes every connection, streams in flight included. */
  close(): Promise<void>;
}

/** Longest reply `x-sim-output-tokens` may ask for: a simulator limit that keeps one reply's memory bounded. */
const MAX_OUTPUT_TOKENS = 1_000_000;

/** Largest request body read: 64 MiB, above OpenAI's 25 MB audio upload limit. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Form fields that change how a transcript is delivered, not what it says. */
const FORM_FIELDS_NOT_SEEDED = new Set(['response_format', 'stream', 'timestamp_granularities[]', 'include[]']);

const PREFIXES: Readonly<Record<string, ProviderName>> = { '/openai': 'openai', '/mistral': 'mistral', '/huggingface': 'huggingface' };

const ERROR_STYLES: Readonly<Record<ProviderName, ErrorStyle>> = { openai: 'openai', mistral: 'mistral', huggingface: 'plain' };

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RangeError(`Request body over ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
    request.on('aborted', () => reject(new Error('Request aborted by the client')));
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Splits a Hugging Face path into its route path and the `x-sim-*=value` segments it carries. */
function extractPathControls(path: string): { path: string; controls: Map<string, string> } {
  const controls = new Map<string, string>();
  const kept = path.split('/').filter((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return true;
    }
    const match = /^(x-sim-[a-z-]+)=(.*)$/.exec(decoded);
    if (match?.[1] === undefined) return true;
    controls.set(match[1], match[2] ?? '');
    return false;
  });
  return { path: kept.join('/') || '/', controls };
}

/** The body as JSON or as a multipart form, whichever it is (`undefined` when it is neither). */
async function parseBody(body: Buffer, contentType: string): Promise<{ json: unknown; form: FormData | undefined }> {
  if (contentType.includes('multipart/form-data')) {
    try {
      return { json: undefined, form: await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData() };
    } catch {
      return { json: undefined, form: undefined };
    }
  }
  if (body.length > 0 && (contentType.includes('json') || body[0] === 0x7b || body[0] === 0x5b)) {
    try {
      return { json: JSON.parse(body.toString('utf8')) as unknown, form: undefined };
    } catch {
      return { json: undefined, form: undefined };
    }
  }
  return { json: undefined, form: undefined };
}

/**
 * What a request's replies depend on: its JSON without `stream` and `stream_options` (so a stream
 * carries the JSON reply's text), its form fields and files without delivery options, or its bytes.
 */
async function seedSource(json: unknown, form: FormData | undefined, body: Buffer): Promise<string> {
  if (isRecord(json)) {
    const { stream: _stream, stream_options: _streamOptions, ...content } = json;
    return canonicalJson(content);
  }
  if (form !== undefined) {
    const fields: string[] = [];
    for (const [key, value] of form) {
      if (FORM_FIELDS_NOT_SEEDED.has(key)) continue;
      fields.push(`${key}=${typeof value === 'string' ? value : hashBytes(new Uint8Array(await value.arrayBuffer()))}`);
    }
    return fields.sort().join('&');
  }
  return String(hashBytes(body));
}

function checkOptions(options: ProviderSimOptions): void {
  if (options.host !== undefined && options.host !== '127.0.0.1') {
    throw new RangeError(`startProviderSim: host must be '127.0.0.1' (the simulator only listens on loopback), got ${JSON.stringify(options.host)}.`);
  }
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535)) {
    throw new RangeError(`startProviderSim: port must be an integer from 0 to 65535 (0 picks a free port), got ${options.port}.`);
  }
  if (options.latency !== undefined && options.latency !== 'none' && options.latency !== 'realistic') {
    throw new RangeError(`startProviderSim: latency must be 'none' or 'realistic', got ${JSON.stringify(options.latency)}.`);
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    throw new RangeError(`startProviderSim: seed must be a finite number, got ${options.seed}.`);
  }
  if (typeof options.faults === 'string') parseFaults(options.faults);
}

/**
 * Starts a local simulator of the OpenAI, Mistral and Hugging Face HTTP APIs on 127.0.0.1: the
 * official SDKs accept every reply (JSON and SSE, usage fields, errors), replies are deterministic
 * for a seed, latency can be realistic per model class, and faults can be injected per request.
 * See `docs/provider-sim.md` for routes, faults and the latency table.
 *
 * @param options - Port, latency, seed and faults; all optional.
 * @returns The running simulator, its URLs, `stats()` and `close()`.
 * @example
 * ```ts
 * const sim = await startProviderSim();
 * const openai = new OpenAI({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 });
 * const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(reply.usage?.completion_tokens);
 * await sim.close();
 * ```
 */
export async function startProviderSim(options: ProviderSimOptions = {}): Promise<ProviderSim> {
  checkOptions(options);
  const host = '127.0.0.1';
  const simulatorSeed = Math.trunc(options.seed ?? 0) >>> 0;
  const realistic = options.latency === 'realistic';
  const startedAt = Date.now();
  const mistralState: MistralState = { conversations: new Map() };
  const sockets = new Set<Socket>();
  const exchanges = new Set<AbortController>();
  let requests = 0;
  const byStatus: Record<string, number> = {};
  const byRoute: Record<string, { requests: number; byStatus: Record<string, number> }> = {};
  let origin = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const index = requests;
    requests += 1;
    const controller = new AbortController();
    exchanges.add(controller);
    let route = 'unknown';
    const routeStats = (): { requests: number; byStatus: Record<string, number> } => (byRoute[route] ??= { requests: 0, byStatus: {} });
    response.on('close', () => {
      exchanges.delete(controller);
      controller.abort();
      const status = response.headersSent ? String(response.statusCode) : 'aborted';
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      const stats = routeStats();
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    });

    const url = new URL(request.url ?? '/', origin);
    const prefix = Object.keys(PREFIXES).find((candidate) => url.pathname === candidate || url.pathname.startsWith(`${candidate}/`));
    const provider = prefix === undefined ? undefined : PREFIXES[prefix];
    const method = request.method ?? 'GET';
    let path = prefix === undefined ? url.pathname : url.pathname.slice(prefix.length) || '/';
    let pathControls = new Map<string, string>();
    if (provider === 'huggingface') ({ path, controls: pathControls } = extractPathControls(path));
    const control = (name: string): string | undefined =>
      header(request, name) ?? (provider === 'huggingface' ? (url.searchParams.get(name) ?? pathControls.get(name)) : undefined);
    const outputTokensText = control('x-sim-output-tokens');
    const outputTokens = outputTokensText === undefined ? undefined : Number(outputTokensText.trim());
    const badOutputTokens =
      outputTokensText !== undefined && (!/^\d+$/.test(outputTokensText.trim()) || (outputTokens ?? 0) > MAX_OUTPUT_TOKENS);
    const controls: SimControls = {
      outputTokens,
      reportEnergy: ['1', 'true', 'yes'].includes((control('x-sim-report-energy') ?? '').trim().toLowerCase()),
      task: control('x-sim-task'),
    };

    let match: RouteMatch | undefined;
    if (provider === 'openai') match = openaiRoute(method, path, startedAt);
    else if (provider === 'mistral') match = mistralRoute(method, path, mistralState);
    else if (provider === 'huggingface') match = huggingfaceRoute(method, path, { headers: request.headers, controls });
    const errorStyle: ErrorStyle = match?.errorStyle ?? (provider === undefined ? 'openai' : ERROR_STYLES[provider]);
    if (match !== undefined) route = match.route;
    routeStats().requests += 1;

    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      response.destroy();
      return;
    }
    const { json: parsed, form } = await parseBody(body, header(request, 'content-type') ?? '');
    const model = isRecord(parsed) && typeof parsed.model === 'string' ? parsed.model : undefined;
    const seed = hashString(`${route}\u0000${path}\u0000${await seedSource(parsed, form, body)}`, simulatorSeed);
    const requestId = `req_${hexId(seed, index, 24)}`;

    let faults: Faults = { hang: false };
    let reply: SimReply | undefined;
    try {
      const specification =
        control('x-sim-fault') ??
        (typeof options.faults === 'function'
          ? options.faults({ provider: provider ?? 'openai', route, method, path, model, index })
          : options.faults);
      faults = parseFaults(specification);
    } catch (error) {
      reply =
        error instanceof FaultSyntaxError
          ? errorReply(errorStyle, 400, error.message)
          : errorReply(errorStyle, 500, `The simulator's faults option threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (reply === undefined && badOutputTokens) {
      reply = errorReply(errorStyle, 400, `x-sim-output-tokens must be an integer from 0 to ${MAX_OUTPUT_TOKENS}, got "${outputTokensText}".`);
    }
    if (reply === undefined && faults.status !== undefined) reply = faultReply(errorStyle, faults.status);
    if (reply === undefined && match === undefined) {
      reply =
        provider === undefined
          ? errorReply('openai', 404, `Unknown path ${url.pathname}. The simulator serves /openai/v1, /mistral and /huggingface.`)
          : errorReply(errorStyle, 404, `The simulator has no route ${method} ${path} for ${provider}. See docs/provider-sim.md for the routes it serves.`);
    }
    if (reply === undefined && match !== undefined) {
      const simRequest: SimRequest = {
        provider: provider ?? 'openai',
        method,
        path,
        query: url.searchParams,
        headers: request.headers,
        body,
        json: parsed,
        form,
        controls,
        seed,
        simulatorSeed,
        requestNumber: index,
        origin,
      };
      try {
        reply = await match.handler(simRequest);
      } catch (error) {
        reply = errorReply(errorStyle, 500, `The simulator failed on this request: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await deliver({ response, signal: controller.signal, faults, realistic, seed, requestId }, reply as SimReply);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  origin = `http://${host}:${port}`;
  const urls = { openai: `${origin}/openai/v1`, mistral: `${origin}/mistral`, huggingface: `${origin}/huggingface` };

  let closing: Promise<void> | undefined;
  const huggingfaceFetch: typeof fetch = (input, init) => {
    const original = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const rewritten = original.replace(/^https:\/\/(router\.)?huggingface\.co(?=\/|$)/, urls.huggingface);
    if (typeof input === 'object' && !(input instanceof URL)) return fetch(new Request(rewritten, input), init);
    return fetch(rewritten, init);
  };

  return {
    urls,
    port,
    huggingfaceFetch,
    stats: () => ({
      requests,
      inFlight: exchanges.size,
      openConnections: sockets.size,
      byStatus: { ...byStatus },
      byRoute: Object.fromEntries(Object.entries(byRoute).map(([name, stats]) => [name, { requests: stats.requests, byStatus: { ...stats.byStatus } }])),
    }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const controller of exchanges) controller.abort();
        // 'close' comes before libuv has released the listening handle (its close callbacks run at
        // the end of the loop turn); resolving on the next turn's timers means no handle is left.
        server.close(() => setTimeout(resolve, 0));
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
