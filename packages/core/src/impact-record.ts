import type { ImpactContext, ImpactFailure, ImpactOperation, ImpactStatus, ImpactTags } from './impact-context';
import type { ImpactReport, Impacts, MethodologyId, Modality, Range, TokenSource } from './impact-report';
import { InvalidRequestError } from './errors/invalid-request-error';
import { isoTime } from './internal/iso-time';
import { mergeTags } from './internal/tags';

/** Version of the {@link ImpactRecord} layout; bumped on any incompatible change. */
export const IMPACT_RECORD_VERSION = 1;

/**
 * One recorded request, ready for JSON: what a meter aggregates, what `impact-recorded` events
 * carry, what a ledger writes as one line. Holds identifiers, counts and figures only: no prompt
 * or completion text, no warning message, no error message.
 */
export interface ImpactRecord extends Impacts {
  /** Layout version ({@link IMPACT_RECORD_VERSION}). */
  readonly v: 1;
  /** When the request was recorded (it ended), ISO 8601 UTC. */
  readonly time: string;
  /** When the request started, ISO 8601 UTC, when known. */
  readonly startedAt?: string;
  /** Canonical provider id, as the report has it. */
  readonly provider: string;
  readonly model: string;
  readonly operation?: ImpactOperation;
  readonly status: ImpactStatus;
  readonly streamed?: boolean;
  readonly requestId?: string;
  readonly error?: ImpactFailure;
  readonly modality: Modality;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens?: number;
  readonly reasoningTokens?: number;
  readonly tokenSource: TokenSource;
  readonly latencyMs?: number;
  readonly images?: number;
  readonly audioSeconds?: number;
  readonly pages?: number;
  /** Image size, e.g. `1024x1024` (image modality). */
  readonly imageSize?: string;
  /** Image quality as the provider names it, e.g. `hd` (image modality). */
  readonly imageQuality?: string;
  readonly tags: ImpactTags;
  readonly methodology: MethodologyId;
  readonly dataVersion: string;
  readonly zone: string;
  /** Codes of the report's warnings (`model-unknown`, `estimate-failed`…), without their messages. */
  readonly warnings: readonly string[];
}

function range(value: Range): Range {
  return { value: value.value, min: value.min, max: value.max };
}

/**
 * Turns a report and its context into an {@link ImpactRecord}.
 *
 * @param report - The impact report of the request.
 * @param context - What the adapter knows of the request; missing fields are left out.
 * @param time - When the request was recorded, in milliseconds since the epoch. @default Date.now()
 * @returns The record, with the context's tags copied (strings only).
 * @example
 * ```ts
 * const record = toImpactRecord(estimate({ provider: 'openai', model: 'gpt-4o', outputTokens: 200 }), { tags: { user: 'ada' } });
 * ```
 */
export function toImpactRecord(report: ImpactReport, context: Partial<ImpactContext> = {}, time: number = Date.now()): ImpactRecord {
  return impactRecord(report, context, time, mergeTags(context.tags));
}

/**
 * {@link toImpactRecord} with the record's tags given: core's instrumentation has just merged
 * them (`mergeTags()` made them a fresh object of strings, nothing else holds) and they are not
 * copied again. Internal to core; not exported from the package.
 *
 * @param report - The impact report of the request.
 * @param context - What the adapter knows of the request; its tags are not read.
 * @param time - When the request was recorded, in milliseconds since the epoch.
 * @param tags - The record's tags, as `mergeTags()` returned them.
 * @returns The record.
 */
export function impactRecord(report: ImpactReport, context: Partial<ImpactContext>, time: number, tags: ImpactTags): ImpactRecord {
  const { request, assumptions } = report;
  const warnings: string[] = [];
  for (const warning of report.warnings) warnings.push(warning.code);
  // Built field by field, in the layout's order: this runs on every request (spreads cost more).
  const record: { -readonly [K in keyof ImpactRecord]: ImpactRecord[K] } = {
    v: IMPACT_RECORD_VERSION,
    time: isoTime(time),
  } as ImpactRecord;
  if (typeof context.startedAt === 'number' && Number.isFinite(context.startedAt)) record.startedAt = isoTime(context.startedAt);
  record.provider = request.provider;
  record.model = request.model;
  if (context.operation !== undefined) record.operation = context.operation;
  record.status = context.status ?? 'completed';
  if (context.streamed !== undefined) record.streamed = context.streamed;
  if (context.requestId !== undefined) record.requestId = String(context.requestId);
  if (context.error !== undefined) {
    record.error = typeof context.error.status === 'number'
      ? { name: String(context.error.name), status: context.error.status }
      : { name: String(context.error.name) };
  }
  record.modality = request.modality;
  record.inputTokens = request.inputTokens;
  record.outputTokens = request.outputTokens;
  if (request.cachedInputTokens !== undefined) record.cachedInputTokens = request.cachedInputTokens;
  if (request.reasoningTokens !== undefined) record.reasoningTokens = request.reasoningTokens;
  record.tokenSource = request.tokenSource;
  if (request.latencyMs !== undefined) record.latencyMs = request.latencyMs;
  if (request.images !== undefined) record.images = request.images;
  if (request.audioSeconds !== undefined) record.audioSeconds = request.audioSeconds;
  if (request.pages !== undefined) record.pages = request.pages;
  if (request.imageSize !== undefined) record.imageSize = String(request.imageSize).slice(0, 40);
  if (request.imageQuality !== undefined) record.imageQuality = String(request.imageQuality).slice(0, 40);
  record.energy = range(report.energy);
  record.gwp = range(report.gwp);
  record.adpe = range(report.adpe);
  record.pe = range(report.pe);
  record.water = range(report.water);
  record.tags = tags;
  record.methodology = assumptions.methodology;
  record.dataVersion = assumptions.dataVersion;
  record.zone = assumptions.zone;
  record.warnings = warnings;
  return record;
}

type Reader = Record<string, unknown>;

function fail(field: string, value: unknown, expected: string): never {
  throw new InvalidRequestError({ field: `record.${field}`, value, expected });
}

function readString(source: Reader, field: string): string {
  const value = source[field];
  if (typeof value !== 'string') fail(field, value, 'a string');
  return value;
}

function readCount(source: Reader, field: string): number {
  const value = source[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(field, value, 'a non-negative number');
  return value;
}

function optional<T>(source: Reader, field: string, read: (source: Reader, field: string) => T): { readonly [key: string]: T } {
  return source[field] === undefined ? {} : { [field]: read(source, field) };
}

function readRange(source: Reader, field: string): Range {
  const value = source[field];
  if (value === null || typeof value !== 'object') fail(field, value, 'a { value, min, max } object');
  const { value: central, min, max } = value as Reader;
  if (typeof central !== 'number' || typeof min !== 'number' || typeof max !== 'number'
    || !Number.isFinite(central) || !Number.isFinite(min) || !Number.isFinite(max)) {
    fail(field, value, 'a { value, min, max } object of finite numbers');
  }
  return { value: central, min, max };
}

const STATUSES: ReadonlySet<string> = new Set<ImpactStatus>(['completed', 'failed', 'aborted']);

/**
 * Checks that a value read back (from a ledger line, a server-sent event) is an
 * {@link ImpactRecord}, and returns a clean copy holding only the record's own fields.
 *
 * @param value - A parsed JSON value.
 * @returns The record.
 * @throws {InvalidRequestError} naming the first field that is missing or malformed.
 * @example
 * ```ts
 * const record = parseImpactRecord(JSON.parse(line));
 * ```
 */
export function parseImpactRecord(value: unknown): ImpactRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('', value, 'an object');
  const source = value as Reader;
  if (source['v'] !== IMPACT_RECORD_VERSION) fail('v', source['v'], `${IMPACT_RECORD_VERSION}`);
  const time = readString(source, 'time');
  if (Number.isNaN(Date.parse(time))) fail('time', time, 'an ISO 8601 date');
  const status = readString(source, 'status');
  if (!STATUSES.has(status)) fail('status', status, "'completed', 'failed' or 'aborted'");
  const tags = source['tags'];
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) fail('tags', tags, 'an object of strings');
  const warnings = source['warnings'];
  if (!Array.isArray(warnings) || !warnings.every((code) => typeof code === 'string')) fail('warnings', warnings, 'an array of codes');
  const error = source['error'];
  if (error !== undefined && (error === null || typeof error !== 'object' || typeof (error as Reader)['name'] !== 'string')) {
    fail('error', error, 'an object { name, status? }');
  }
  const streamed = source['streamed'];
  if (streamed !== undefined && typeof streamed !== 'boolean') fail('streamed', streamed, 'a boolean');
  return {
    v: IMPACT_RECORD_VERSION,
    time,
    ...optional(source, 'startedAt', readString),
    provider: readString(source, 'provider'),
    model: readString(source, 'model'),
    ...optional(source, 'operation', readString),
    status: status as ImpactStatus,
    ...(streamed === undefined ? {} : { streamed }),
    ...optional(source, 'requestId', readString),
    ...(error === undefined ? {} : {
      error: {
        name: (error as Reader)['name'] as string,
        ...(typeof (error as Reader)['status'] === 'number' ? { status: (error as Reader)['status'] as number } : {}),
      },
    }),
    modality: readString(source, 'modality') as Modality,
    inputTokens: readCount(source, 'inputTokens'),
    outputTokens: readCount(source, 'outputTokens'),
    ...optional(source, 'cachedInputTokens', readCount),
    ...optional(source, 'reasoningTokens', readCount),
    tokenSource: readString(source, 'tokenSource') as TokenSource,
    ...optional(source, 'latencyMs', readCount),
    ...optional(source, 'images', readCount),
    ...optional(source, 'audioSeconds', readCount),
    ...optional(source, 'pages', readCount),
    ...optional(source, 'imageSize', readString),
    ...optional(source, 'imageQuality', readString),
    energy: readRange(source, 'energy'),
    gwp: readRange(source, 'gwp'),
    adpe: readRange(source, 'adpe'),
    pe: readRange(source, 'pe'),
    water: readRange(source, 'water'),
    tags: mergeTags(tags as ImpactTags),
    methodology: readString(source, 'methodology') as MethodologyId,
    dataVersion: readString(source, 'dataVersion'),
    zone: readString(source, 'zone'),
    warnings: [...(warnings as string[])],
  };
}
