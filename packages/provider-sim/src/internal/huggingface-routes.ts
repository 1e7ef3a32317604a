import type { IncomingHttpHeaders } from 'node:http';
import { countSimTokens } from '../count-sim-tokens';
import { planText } from './chat-plan';
import { embeddingVector } from './embeddings';
import { decodePathSegment, errorReply, integerField, isRecord, json, stringField, unixSeconds, type RouteMatch, type SimControls, type SimReply, type SimRequest } from './exchange';
import { generateReplyTokens } from './generation';
import { audioDurationSeconds, makePng, WORDS_PER_SECOND } from './media';
import { embeddingDimensions } from './models';
import { chatCompletions, textCompletions } from './openai-chat';
import { audioTranscriptions, openaiEmbeddings } from './openai-routes';
import { createRandom, hashString, hexId } from './random';

/** Hugging Face tasks the simulator answers on task endpoints. */
export const HUGGINGFACE_TASKS = [
  'feature-extraction',
  'text-to-image',
  'summarization',
  'translation',
  'automatic-speech-recognition',
  'text-generation',
] as const;

type Task = (typeof HUGGINGFACE_TASKS)[number] | 'conversational';

/** A model's task guessed from its id (the Hub knows it from the model card; the simulator reads the name). */
const TASK_PATTERNS: readonly (readonly [RegExp, Task])[] = [
  [/whisper|wav2vec|hubert|parakeet|canary|speech-?to-?text/i, 'automatic-speech-recognition'],
  [/stable-diffusion|sdxl|sd-turbo|flux|diffusion|kandinsky|playground-v|hidream|qwen-image/i, 'text-to-image'],
  [/bart-large-cnn|distilbart-cnn|pegasus|summari[sz]/i, 'summarization'],
  [/opus-mt|translat|nllb|m2m100|madlad|t5-(small|base|large)/i, 'translation'],
  [/sentence-transformers|minilm|mpnet|bge-|(^|\/)e5-|multilingual-e5|gte-|embed|instructor/i, 'feature-extraction'],
  [/(^|\/)gpt2|bloom-|(^|\/)opt-|pythia|-base$/i, 'text-generation'],
];

/** The task of a model: `x-sim-task` if given, else guessed from the id, `conversational` by default. */
export function modelTask(model: string, controls: SimControls): Task {
  const forced = controls.task;
  if (forced !== undefined && (forced === 'conversational' || (HUGGINGFACE_TASKS as readonly string[]).includes(forced))) return forced as Task;
  for (const [pattern, task] of TASK_PATTERNS) if (pattern.test(model)) return task;
  return 'conversational';
}

/**
 * Inference providers the Hub mapping lists for each task, first entry first (`provider: 'auto'`
 * picks it). Each supports the task in @huggingface/inference 4.13 (`PROVIDERS` in
 * `lib/getProviderHelper.ts`) through a route the simulator serves.
 */
const PROVIDERS_BY_TASK: Readonly<Record<Task, readonly string[]>> = {
  conversational: ['hf-inference', 'together', 'groq', 'fireworks-ai', 'cerebras', 'novita', 'nscale', 'featherless-ai', 'ovhcloud', 'publicai', 'scaleway', 'deepinfra', 'cohere', 'baseten'],
  'text-generation': ['hf-inference', 'together', 'featherless-ai', 'ovhcloud', 'scaleway', 'deepinfra'],
  'feature-extraction': ['hf-inference', 'together', 'scaleway', 'deepinfra'],
  'text-to-image': ['hf-inference', 'together', 'nscale', 'deepinfra'],
  'automatic-speech-recognition': ['hf-inference', 'together', 'deepinfra'],
  summarization: ['hf-inference'],
  translation: ['hf-inference'],
};

/** `GET /api/models/{model}?expand[]=inferenceProviderMapping`: the Hub's provider mapping for a model. */
function hubModel(model: string, controls: SimControls): SimReply {
  const task = modelTask(model, controls);
  return json({
    _id: hexId(hashString(model), 0, 24),
    id: model,
    pipeline_tag: task === 'conversational' ? 'text-generation' : task,
    inferenceProviderMapping: PROVIDERS_BY_TASK[task].map((provider) => ({ provider, hfModelId: model, providerId: model, status: 'live', task })),
  });
}

function invalidTask(message: string): SimReply {
  return errorReply('plain', 400, message);
}

function inputsOf(body: unknown): unknown {
  return isRecord(body) ? body.inputs : undefined;
}

/** Default image size of `text-to-image` task endpoints without `parameters.width/height`: 512 px, a simulator choice. */
const DEFAULT_TASK_IMAGE_SIZE = 512;
const MAX_IMAGE_SIDE = 2048;

/** Summary length: a quarter of the input, between 8 and 64 tokens, unless forced; a simulator choice. */
const SUMMARY_TOKENS = { fraction: 0.25, minimum: 8, maximum: 64 } as const;

/** Answers a task endpoint, the way hf-inference and Inference Endpoints answer them. */
function taskReply(request: SimRequest, task: Task, model: string): SimReply | Promise<SimReply> {
  const body = request.json;
  const forced = request.controls.outputTokens;
  switch (task) {
    case 'feature-extraction': {
      const inputs = inputsOf(body);
      const dimensions = embeddingDimensions(model);
      if (typeof inputs === 'string') return json(embeddingVector(inputs, model, dimensions, request.simulatorSeed));
      if (Array.isArray(inputs) && inputs.length > 0 && inputs.every((item) => typeof item === 'string')) {
        return json((inputs as string[]).map((text) => embeddingVector(text, model, dimensions, request.simulatorSeed)));
      }
      return invalidTask("Send {\"inputs\": string | string[]} to a feature-extraction endpoint.");
    }
    case 'text-to-image': {
      const inputs = inputsOf(body);
      if (typeof inputs !== 'string' || inputs === '') return invalidTask("Send {\"inputs\": \"a prompt\"} to a text-to-image endpoint.");
      const parameters = isRecord(body) && isRecord(body.parameters) ? body.parameters : {};
      const side = (key: string): number => Math.min(MAX_IMAGE_SIDE, Math.max(8, integerField(parameters, key) ?? DEFAULT_TASK_IMAGE_SIZE));
      return { kind: 'bytes', status: 200, contentType: 'image/png', body: makePng(side('width'), side('height'), hashString(inputs, request.seed)) };
    }
    case 'summarization':
    case 'translation': {
      const inputs = inputsOf(body);
      if (typeof inputs !== 'string' || inputs === '') return invalidTask(`Send {"inputs": "some text"} to a ${task} endpoint.`);
      const inputTokens = countSimTokens(inputs);
      const natural =
        task === 'summarization'
          ? Math.min(SUMMARY_TOKENS.maximum, Math.max(SUMMARY_TOKENS.minimum, Math.round(inputTokens * SUMMARY_TOKENS.fraction)))
          : Math.max(1, inputTokens);
      const text = generateReplyTokens(createRandom(request.seed), forced ?? natural).join('');
      const timing = { model, outputTokens: forced ?? natural };
      return json([task === 'summarization' ? { summary_text: text } : { translation_text: text }], 200, timing);
    }
    case 'automatic-speech-recognition': {
      let audio = request.body;
      const inputs = inputsOf(body);
      if (typeof inputs === 'string') audio = Buffer.from(inputs.replace(/^data:[^,]*,/, ''), 'base64');
      if (audio.length === 0) return invalidTask('Send the audio bytes as the request body.');
      const seconds = audioDurationSeconds(audio);
      return json({ text: generateReplyTokens(createRandom(request.seed), Math.max(1, Math.round(seconds * WORDS_PER_SECOND))).join('') });
    }
    case 'text-generation': {
      const inputs = inputsOf(body);
      if (typeof inputs !== 'string') return invalidTask("Send {\"inputs\": \"a prompt\"} to a text-generation endpoint.");
      const parameters = isRecord(body) && isRecord(body.parameters) ? body.parameters : {};
      const text = planText(request.seed, forced, integerField(parameters, 'max_new_tokens'));
      return json([{ generated_text: text.tokens.join('') }], 200, { model, outputTokens: text.tokens.length });
    }
    case 'conversational':
      return invalidTask(`Model ${model} is a conversational model: call its /v1/chat/completions route.`);
  }
}

/** `POST …/images/generations` on the router (Together, Nscale, DeepInfra): OpenAI-style `data[].b64_json`. */
function routerImages(request: SimRequest): SimReply {
  const body = request.json;
  const prompt = stringField(body, 'prompt');
  if (prompt === undefined || prompt === '') return errorReply('openai', 400, "You must provide a 'prompt'.", 'prompt');
  const width = Math.min(MAX_IMAGE_SIDE, Math.max(8, integerField(body, 'width') ?? 1024));
  const height = Math.min(MAX_IMAGE_SIDE, Math.max(8, integerField(body, 'height') ?? 1024));
  const png = makePng(width, height, hashString(prompt, request.seed));
  const asUrl = stringField(body, 'response_format') === 'url';
  return json({
    created: unixSeconds(),
    data: [asUrl ? { url: `data:image/png;base64,${png.toString('base64')}` } : { b64_json: png.toString('base64') }],
  });
}

/** What routing may read before the body arrives. */
export interface HuggingfaceRouting {
  readonly headers: IncomingHttpHeaders;
  readonly controls: SimControls;
}

/** Routes under `/huggingface`: Hub mapping, router paths of each provider, task endpoints. */
export function huggingfaceRoute(method: string, path: string, routing: HuggingfaceRouting): RouteMatch | undefined {
  const openaiStyle = (name: string, handler: RouteMatch['handler']): RouteMatch => ({ route: `huggingface.${name}`, errorStyle: 'openai', handler });
  const plain = (name: string, handler: RouteMatch['handler']): RouteMatch => ({ route: `huggingface.${name}`, errorStyle: 'plain', handler });
  if (method === 'GET') {
    const match = /^\/api\/models\/(.+?)\/?$/.exec(path);
    if (match?.[1] === undefined) return undefined;
    const model = decodePathSegment(match[1]);
    return plain('hub.model', () => hubModel(model, routing.controls));
  }
  if (method !== 'POST') return undefined;
  if (path.endsWith('/chat/completions')) return openaiStyle('chat.completions', (request) => chatCompletions(request, 'huggingface'));
  if (path.endsWith('/completions')) return openaiStyle('completions', (request) => textCompletions(request, 'huggingface'));
  if (path.endsWith('/embeddings')) return openaiStyle('embeddings', openaiEmbeddings);
  if (path.endsWith('/images/generations')) return openaiStyle('images.generations', routerImages);
  if (path.endsWith('/audio/transcriptions')) return openaiStyle('audio.transcriptions', audioTranscriptions);
  const taskEndpoint = /^\/tasks\/([^/]+)(?:\/(.+?))?\/?$/.exec(path);
  if (taskEndpoint?.[1] !== undefined) {
    const task = taskEndpoint[1] as Task;
    if (!(HUGGINGFACE_TASKS as readonly string[]).includes(task)) return undefined;
    const model = taskEndpoint[2] === undefined ? 'endpoint' : decodePathSegment(taskEndpoint[2]);
    return plain(task, (request) => taskReply(request, task, model));
  }
  const pipeline = /^\/hf-inference\/models\/(.+)\/pipeline\/([^/]+)$/.exec(path);
  if (pipeline?.[1] !== undefined && pipeline[2] !== undefined) {
    const model = decodePathSegment(pipeline[1]);
    const task: Task = pipeline[2] === 'sentence-similarity' ? 'feature-extraction' : (pipeline[2] as Task);
    if (!(HUGGINGFACE_TASKS as readonly string[]).includes(task)) return undefined;
    return plain(task, (request) => taskReply(request, task, model));
  }
  const hosted = /^\/hf-inference\/models\/(.+?)\/?$/.exec(path);
  if (hosted?.[1] !== undefined) {
    const model = decodePathSegment(hosted[1]);
    const contentType = routing.headers['content-type'] ?? '';
    const binary = contentType !== '' && !contentType.includes('json');
    const task = routing.controls.task === undefined && binary ? 'automatic-speech-recognition' : modelTask(model, routing.controls);
    return plain(task, (request) => taskReply(request, task, model));
  }
  return undefined;
}

