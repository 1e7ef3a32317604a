import { countSimTokens } from '../count-sim-tokens';
import { embeddingVector, float32Base64 } from './embeddings';
import { decodePathSegment, errorReply, integerField, isRecord, json, stringField, unixSeconds, type RouteMatch, type SimReply, type SimRequest, type SseEvent } from './exchange';
import { generateReplyTokens } from './generation';
import { audioDurationSeconds, makeMp3, makePcm, makePng, makeWav, WORDS_PER_SECOND } from './media';
import { embeddingDimensions } from './models';
import { chatCompletions, embeddingInputs, responses, textCompletions } from './openai-chat';
import { createRandom, hashString } from './random';

function invalid(message: string, param: string | null = null): SimReply {
  return errorReply('openai', 400, message, param);
}

/** `POST /v1/embeddings`: float arrays, or base64 float32 with `encoding_format: 'base64'`. */
function embeddings(request: SimRequest): SimReply {
  const body = request.json;
  if (!isRecord(body)) return invalid('We could not parse the JSON body of your request. Send a JSON object.');
  const model = stringField(body, 'model');
  if (model === undefined) return invalid('You must provide a model parameter.', 'model');
  const inputs = embeddingInputs(body.input);
  if (inputs === undefined) return invalid("'input' must be a non-empty string, array of strings, or array of token arrays.", 'input');
  const requested = integerField(body, 'dimensions');
  if (requested !== undefined && !/text-embedding-3/.test(model)) return invalid('This model does not support specifying dimensions.', 'dimensions');
  const dimensions = requested ?? embeddingDimensions(model);
  if (dimensions < 1) return invalid("'dimensions' must be at least 1.", 'dimensions');
  const base64 = body.encoding_format === 'base64';
  return json({
    object: 'list',
    data: inputs.texts.map((text, index) => {
      const vector = embeddingVector(text, model, dimensions, request.simulatorSeed);
      return { object: 'embedding', index, embedding: base64 ? float32Base64(vector) : vector };
    }),
    model,
    usage: { prompt_tokens: inputs.tokens, total_tokens: inputs.tokens },
  });
}

type ImageQuality = 'low' | 'medium' | 'high';

/**
 * Output tokens of one GPT Image image by quality and size: OpenAI image generation guide,
 * "Cost and latency" table (gpt-image-1; square 1024×1024, portrait 1024×1536, landscape 1536×1024).
 */
const GPT_IMAGE_OUTPUT_TOKENS: Readonly<Record<ImageQuality, Readonly<Record<string, number>>>> = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};

/** Sizes each image model accepts (OpenAI API reference, "Create image", `size`). */
const DALL_E_SIZES: Readonly<Record<string, readonly string[]>> = {
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
  'dall-e-3': ['1024x1024', '1792x1024', '1024x1792'],
};

function isGptImage(model: string): boolean {
  return /^(gpt-image|chatgpt-image)/.test(model);
}

/** `POST /v1/images/generations`: PNG as `b64_json` or as a URL served by the simulator; GPT Image usage. */
function imagesGenerations(request: SimRequest): SimReply {
  const body = request.json;
  if (!isRecord(body)) return invalid('We could not parse the JSON body of your request. Send a JSON object.');
  const prompt = stringField(body, 'prompt');
  if (prompt === undefined || prompt === '') return invalid("You must provide a 'prompt'.", 'prompt');
  const model = stringField(body, 'model') ?? 'dall-e-2';
  const count = integerField(body, 'n') ?? 1;
  if (count < 1 || count > 10) return invalid("Invalid 'n': must be between 1 and 10.", 'n');
  const gptImage = isGptImage(model);
  const requestedSize = stringField(body, 'size') ?? (gptImage ? 'auto' : '1024x1024');
  const size = requestedSize === 'auto' ? '1024x1024' : requestedSize;
  const allowed = gptImage ? Object.keys(GPT_IMAGE_OUTPUT_TOKENS.low) : (DALL_E_SIZES[model] ?? DALL_E_SIZES['dall-e-2'] ?? []);
  if (!allowed.includes(size)) return invalid(`Invalid size '${requestedSize}'. Supported sizes are ${allowed.join(', ')}${gptImage ? ' and auto' : ''}.`, 'size');
  const outputFormat = stringField(body, 'output_format') ?? 'png';
  if (outputFormat !== 'png') return invalid(`The simulator only encodes PNG; output_format '${outputFormat}' is not simulated. Use 'png'.`, 'output_format');
  const [width, height] = size.split('x').map(Number) as [number, number];
  const responseFormat = gptImage ? 'b64_json' : (stringField(body, 'response_format') ?? 'url');
  const images = Array.from({ length: count }, (_, index) => {
    const hash = hashString(`${model}\u0000${prompt}\u0000${index}`, request.seed);
    if (responseFormat === 'b64_json') return { b64_json: makePng(width, height, hash).toString('base64') };
    return { url: `${request.origin}/openai/images/${hash.toString(16)}-${size}.png`, revised_prompt: model === 'dall-e-3' ? prompt : undefined };
  });
  if (!gptImage) return json({ created: unixSeconds(), data: images });
  const quality = ((): ImageQuality => {
    const requested = stringField(body, 'quality');
    return requested === 'low' || requested === 'high' ? requested : 'medium';
  })();
  const textTokens = countSimTokens(prompt);
  const outputTokens = (GPT_IMAGE_OUTPUT_TOKENS[quality][size] ?? 0) * count;
  return json({
    created: unixSeconds(),
    data: images,
    background: stringField(body, 'background') === 'transparent' ? 'transparent' : 'opaque',
    output_format: 'png',
    quality,
    size,
    usage: {
      input_tokens: textTokens,
      input_tokens_details: { image_tokens: 0, text_tokens: textTokens },
      output_tokens: outputTokens,
      total_tokens: textTokens + outputTokens,
    },
  });
}

/** `GET /openai/images/{hash}-{size}.png`: the images that URL-format generations point to. */
export function imageFile(request: SimRequest): SimReply {
  const match = /^\/images\/([0-9a-f]{1,8})-(\d{2,4})x(\d{2,4})\.png$/.exec(request.path);
  if (match === null) return errorReply('openai', 404, 'No such simulated image.');
  const [, hash, width, height] = match as unknown as [string, string, string, string];
  return { kind: 'bytes', status: 200, contentType: 'image/png', body: makePng(Number(width), Number(height), Number.parseInt(hash, 16)) };
}

/**
 * Audio tokens per second for GPT-4o transcription models: about 1,000 per minute, from OpenAI's
 * pricing page, where gpt-4o-transcribe's $6.00 per 1M audio input tokens is estimated at
 * $0.006 per minute of audio (read 2026-11).
 */
const TRANSCRIBE_AUDIO_TOKENS_PER_SECOND = 1000 / 60;

function formatTimestamp(seconds: number, separator: ',' | '.'): string {
  const milliseconds = Math.round(seconds * 1000);
  const hours = Math.floor(milliseconds / 3_600_000);
  const minutes = Math.floor((milliseconds % 3_600_000) / 60_000);
  const secs = Math.floor((milliseconds % 60_000) / 1000);
  const rest = milliseconds % 1000;
  const pad = (value: number, length = 2): string => String(value).padStart(length, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(secs)}${separator}${pad(rest, 3)}`;
}

/** Reads the uploaded file of a multipart transcription request. */
async function uploadedAudio(form: FormData): Promise<Buffer | undefined> {
  const file = form.get('file');
  if (file === null) return undefined;
  if (typeof file === 'string') return Buffer.from(file);
  return Buffer.from(await file.arrayBuffer());
}

/** `POST …/audio/transcriptions` (multipart): json, text, srt, vtt, verbose_json, or SSE with `stream=true`. */
export async function audioTranscriptions(request: SimRequest): Promise<SimReply> {
  const form = request.form;
  if (form === undefined) return invalid("Send the audio as multipart/form-data with a 'file' field.", 'file');
  const audio = await uploadedAudio(form);
  if (audio === undefined || audio.length === 0) return invalid("You must provide a non-empty 'file'.", 'file');
  const model = typeof form.get('model') === 'string' ? (form.get('model') as string) : 'whisper-1';
  const format = typeof form.get('response_format') === 'string' ? (form.get('response_format') as string) : 'json';
  const duration = audioDurationSeconds(audio);
  const random = createRandom(request.seed);
  const tokens = generateReplyTokens(random, Math.max(1, Math.round(duration * WORDS_PER_SECOND)));
  const text = tokens.join('');
  const prompt = form.get('prompt');
  const promptTokens = typeof prompt === 'string' ? countSimTokens(prompt) : 0;
  const tokenUsage = /gpt-4o/.test(model);
  const audioTokens = Math.ceil(duration * TRANSCRIBE_AUDIO_TOKENS_PER_SECOND);
  const usage = tokenUsage
    ? {
        type: 'tokens',
        input_tokens: audioTokens + promptTokens,
        input_token_details: { text_tokens: promptTokens, audio_tokens: audioTokens },
        output_tokens: tokens.length,
        total_tokens: audioTokens + promptTokens + tokens.length,
      }
    : { type: 'duration', seconds: Math.ceil(duration) };
  if (form.get('stream') === 'true') {
    const events: SseEvent[] = tokens.map((token) => ({ data: JSON.stringify({ type: 'transcript.text.delta', delta: token, logprobs: [] }), tokens: 1 }));
    events.push({ data: JSON.stringify({ type: 'transcript.text.done', text, logprobs: [], usage }), tokens: 0 });
    return { kind: 'sse', events, sentinel: false };
  }
  switch (format) {
    case 'text':
      return { kind: 'bytes', status: 200, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`${text}\n`) };
    case 'srt':
      return { kind: 'bytes', status: 200, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`1\n${formatTimestamp(0, ',')} --> ${formatTimestamp(duration, ',')}\n${text}\n\n`) };
    case 'vtt':
      return { kind: 'bytes', status: 200, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`WEBVTT\n\n${formatTimestamp(0, '.')} --> ${formatTimestamp(duration, '.')}\n${text}\n\n`) };
    case 'verbose_json':
      return json({
        task: 'transcribe',
        language: typeof form.get('language') === 'string' ? form.get('language') : 'english',
        duration,
        text,
        segments: [{ id: 0, seek: 0, start: 0, end: duration, text, tokens: [], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0 }],
        usage: { type: 'duration', seconds: Math.ceil(duration) },
      });
    case 'json':
      return json({ text, usage });
    default:
      return invalid(`Unsupported response_format '${format}'. Use json, text, srt, verbose_json or vtt.`, 'response_format');
  }
}

const SPEECH_FORMATS: Readonly<Record<string, { contentType: string; encode: (seconds: number) => Buffer }>> = {
  mp3: { contentType: 'audio/mpeg', encode: makeMp3 },
  wav: { contentType: 'audio/wav', encode: makeWav },
  pcm: { contentType: 'audio/pcm', encode: makePcm },
};

/** `POST /v1/audio/speech`: silent audio as long as the text would take to say (mp3, wav or pcm). */
function audioSpeech(request: SimRequest): SimReply {
  const body = request.json;
  if (!isRecord(body)) return invalid('We could not parse the JSON body of your request. Send a JSON object.');
  const input = stringField(body, 'input');
  if (input === undefined || input === '') return invalid("You must provide an 'input'.", 'input');
  const format = stringField(body, 'response_format') ?? 'mp3';
  const encoder = SPEECH_FORMATS[format];
  if (encoder === undefined) return invalid(`The simulator encodes mp3, wav and pcm; response_format '${format}' is not simulated.`, 'response_format');
  const speed = typeof body.speed === 'number' && body.speed > 0 ? body.speed : 1;
  const words = input.trim().split(/\s+/).length;
  return { kind: 'bytes', status: 200, contentType: encoder.contentType, body: encoder.encode(words / WORDS_PER_SECOND / speed) };
}

/** Models `GET /v1/models` lists; any other id is accepted too. */
const LISTED_MODELS = [
  'gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o1', 'o3', 'o3-mini',
  'o4-mini', 'gpt-3.5-turbo-instruct', 'text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002', 'gpt-image-1',
  'dall-e-2', 'dall-e-3', 'whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'tts-1', 'tts-1-hd', 'gpt-4o-mini-tts',
] as const;

function modelObject(id: string, created: number): Record<string, unknown> {
  return { id, object: 'model', created, owned_by: 'system' };
}

/** Routes under `/openai/v1`. `startedAt` is the simulator's start, reported as each model's `created`. */
export function openaiRoute(method: string, path: string, startedAt: number): RouteMatch | undefined {
  const created = Math.floor(startedAt / 1000);
  const route = (name: string, handler: RouteMatch['handler']): RouteMatch => ({ route: `openai.${name}`, errorStyle: 'openai', handler });
  if (method === 'GET') {
    if (path === '/v1/models') return route('models', () => json({ object: 'list', data: LISTED_MODELS.map((id) => modelObject(id, created)) }));
    if (path.startsWith('/v1/models/')) return route('models', () => json(modelObject(decodePathSegment(path.slice('/v1/models/'.length)), created)));
    if (path.startsWith('/images/')) return route('images.file', imageFile);
    return undefined;
  }
  if (method !== 'POST') return undefined;
  switch (path) {
    case '/v1/chat/completions':
      return route('chat.completions', (request) => chatCompletions(request, 'openai'));
    case '/v1/responses':
      return route('responses', responses);
    case '/v1/completions':
      return route('completions', (request) => textCompletions(request, 'openai'));
    case '/v1/embeddings':
      return route('embeddings', embeddings);
    case '/v1/images/generations':
      return route('images.generations', imagesGenerations);
    case '/v1/audio/transcriptions':
      return route('audio.transcriptions', audioTranscriptions);
    case '/v1/audio/speech':
      return route('audio.speech', audioSpeech);
    default:
      return undefined;
  }
}

export { embeddings as openaiEmbeddings };
