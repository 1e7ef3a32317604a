import type { RequestUsage, TokenCount } from '@wattlens/core';
import { countTokens } from '@wattlens/core';
import { count, countedUsage, isRecord, text, type Body, type Operation, type UsageWatcher } from './operation';
import { plainPrompt } from './prompt-text';

/**
 * Speaking rate: about 150 words per minute, the average conversational rate of English
 * speakers (National Center for Voice and Speech, "Voice Qualities",
 * https://ncvs.org/archive/ncvs/tutorials/voiceprod/tutorial/quality.html, read 2026-11).
 */
export const SPEAKING_WORDS_PER_MINUTE = 150;

/**
 * Characters per word of English text, the space included: 4.79 letters on average over the
 * Google Books corpus (Peter Norvig, "English Letter Frequency Counts: Mayzner Revisited", 2013,
 * https://norvig.com/mayzner.html), plus one space.
 */
export const CHARACTERS_PER_WORD = 5.79;

/** Characters said per second at {@link SPEAKING_WORDS_PER_MINUTE}: 14.475. */
export const SPEECH_CHARACTERS_PER_SECOND = (SPEAKING_WORDS_PER_MINUTE * CHARACTERS_PER_WORD) / 60;

/**
 * Seconds of audio a text takes to say at the speaking rate, for a speech request, which reports
 * no usage (its result is the audio itself). Only the text's length is used.
 *
 * @param characters - Length of the input text.
 * @param speed - The request's `speed` (0.25 to 4; 1 by default).
 */
export function speechSeconds(characters: number, speed: unknown): number {
  const rate = typeof speed === 'number' && Number.isFinite(speed) && speed >= 0.25 && speed <= 4 ? speed : 1;
  return Math.round((characters / SPEECH_CHARACTERS_PER_SECOND / rate) * 100) / 100;
}

function words(texts: readonly string[]): number {
  let total = 0;
  for (const each of texts) total += each.split(/\s+/).filter((word) => word !== '').length;
  return total;
}

/** Seconds of speech in a transcript of `wordCount` words at the speaking rate. */
function spokenSeconds(wordCount: number): number {
  return Math.round(((wordCount * 60) / SPEAKING_WORDS_PER_MINUTE) * 100) / 100;
}

const CUE = /(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{3})\s*-->\s*(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{3})/g;

/** The end of the last cue of an SRT or WebVTT transcript, in seconds, or `undefined`. */
export function subtitleSeconds(subtitles: string): number | undefined {
  let end: number | undefined;
  for (const match of subtitles.matchAll(CUE)) {
    const seconds = Number(match[5] ?? 0) * 3600 + Number(match[6]) * 60 + Number(match[7]) + Number(match[8]) / 1000;
    if (end === undefined || seconds > end) end = seconds;
  }
  return end;
}

// --- Embeddings ------------------------------------------------------------------------------------

/** `embeddings.create`: the input's tokens, as the provider reports them. */
export const embeddingsOperation: Operation = {
  operation: 'embeddings',
  modality: 'embedding',
  model: (body) => text(body.model) ?? 'unknown',
  streamed: () => false,
  prompt: (body) => plainPrompt(body.input),
  usage(result, _body, prompt): RequestUsage {
    const model = isRecord(result) ? text(result.model) : undefined;
    const reported = isRecord(result) && isRecord(result.usage) ? count(result.usage.prompt_tokens) : undefined;
    if (reported !== undefined) return { modality: 'embedding', inputTokens: reported, outputTokens: 0, tokenSource: 'reported', ...(model === undefined ? {} : { model }) };
    return { ...countedUsage(prompt(), countTokens([]), model), modality: 'embedding' };
  },
  nothingGenerated: { modality: 'embedding', outputTokens: 0 },
};

// --- Images ----------------------------------------------------------------------------------------

function imageUsage(body: Body, images: number, details: Readonly<Record<string, unknown>> | undefined, prompt: () => TokenCount): RequestUsage {
  const imageSize = text(details?.size) ?? text(body.size);
  const imageQuality = text(details?.quality) ?? text(body.quality);
  const usage = isRecord(details?.usage) ? details.usage : undefined;
  const inputTokens = count(usage?.input_tokens);
  const outputTokens = count(usage?.output_tokens);
  const tokens: RequestUsage =
    inputTokens === undefined && outputTokens === undefined
      ? (() => {
          // DALL·E reports no tokens: the prompt is counted, the images carry the estimate.
          const counted = prompt();
          return { inputTokens: counted.tokens, tokenSource: counted.tokenSource };
        })()
      : { ...(inputTokens === undefined ? {} : { inputTokens }), ...(outputTokens === undefined ? {} : { outputTokens }), tokenSource: 'reported' };
  return {
    modality: 'image',
    images,
    ...(imageSize === undefined ? {} : { imageSize }),
    ...(imageQuality === undefined ? {} : { imageQuality }),
    ...tokens,
  };
}

/** Watches an image stream: each `*.completed` event is one image, with its usage. */
function imageEventWatcher(body: Body): UsageWatcher {
  let completed: Readonly<Record<string, unknown>> | undefined;
  let images = 0;
  return {
    observe(item) {
      if (isRecord(item) && typeof item.type === 'string' && item.type.endsWith('.completed')) {
        completed = item;
        images += 1;
      }
    },
    get finished() {
      return completed !== undefined;
    },
    counts: false,
    usage: (prompt) => imageUsage(body, images, completed, prompt),
  };
}

function imagesOperation(): Operation {
  return {
    operation: 'images',
    modality: 'image',
    // The Images API's default model (OpenAI API reference, "Create image", `model`).
    model: (body) => text(body.model) ?? 'dall-e-2',
    streamed: (body) => body.stream === true,
    prompt: (body) => plainPrompt(body.prompt),
    usage(result, body, prompt) {
      const record = isRecord(result) ? result : undefined;
      const images = Array.isArray(record?.data) ? record.data.length : (count(body.n) ?? 1);
      return imageUsage(body, images, record, prompt);
    },
    watch: (body) => imageEventWatcher(body),
    nothingGenerated: { modality: 'image', images: 0, outputTokens: 0 },
  };
}

/** `images.generate`. */
export const imageGenerationOperation = imagesOperation();
/** `images.edit`: generates images too. */
export const imageEditOperation = imagesOperation();

// --- Audio -----------------------------------------------------------------------------------------

/** Usage of a transcription: tokens (GPT-4o models) or seconds (Whisper), else the transcript's length. */
function transcriptionUsage(result: unknown, body: Body, transcript: readonly string[], prompt: () => TokenCount): RequestUsage {
  if (typeof result === 'string') {
    const format = text(body.response_format);
    const seconds = format === 'srt' || format === 'vtt' ? subtitleSeconds(result) : undefined;
    if (seconds !== undefined) return { modality: 'audio-transcription', audioSeconds: seconds, tokenSource: 'reported' };
    return { modality: 'audio-transcription', audioSeconds: spokenSeconds(words([result])), tokenSource: 'estimated' };
  }
  if (isRecord(result)) {
    const usage = isRecord(result.usage) ? result.usage : undefined;
    if (usage?.type === 'tokens') {
      const inputTokens = count(usage.input_tokens);
      const outputTokens = count(usage.output_tokens);
      return { modality: 'audio-transcription', ...(inputTokens === undefined ? {} : { inputTokens }), ...(outputTokens === undefined ? {} : { outputTokens }), tokenSource: 'reported' };
    }
    const duration = typeof result.duration === 'number' && result.duration >= 0 ? result.duration : typeof usage?.seconds === 'number' && usage.seconds >= 0 ? usage.seconds : undefined;
    if (duration !== undefined) return { modality: 'audio-transcription', audioSeconds: duration, tokenSource: 'reported' };
    if (typeof result.text === 'string') return { modality: 'audio-transcription', audioSeconds: spokenSeconds(words([result.text])), tokenSource: 'estimated' };
  }
  // No usage (a stream stopped early): the transcript so far, at the speaking rate.
  return { modality: 'audio-transcription', audioSeconds: spokenSeconds(words(transcript)), inputTokens: prompt().tokens, tokenSource: 'estimated' };
}

/** Watches a transcription stream: `transcript.text.done` carries the usage, deltas the text. */
function transcriptWatcher(body: Body): UsageWatcher {
  const transcript: string[] = [];
  let done: Readonly<Record<string, unknown>> | undefined;
  return {
    observe(item) {
      if (!isRecord(item)) return;
      if (item.type === 'transcript.text.delta' && typeof item.delta === 'string') transcript.push(item.delta);
      else if (item.type === 'transcript.text.done') done = item;
    },
    get finished() {
      return done !== undefined;
    },
    counts: false,
    usage: (prompt) => transcriptionUsage(done ?? null, body, transcript, prompt),
  };
}

/** `audio.transcriptions.create`. */
export const transcriptionOperation: Operation = {
  operation: 'audio-transcription',
  modality: 'audio-transcription',
  model: (body) => text(body.model) ?? 'unknown',
  // Multipart fields: the SDK sends `stream` as given.
  streamed: (body) => body.stream === true,
  prompt: (body) => plainPrompt(body.prompt),
  usage: (result, body, prompt) => transcriptionUsage(result, body, [], prompt),
  watch: (body) => transcriptWatcher(body),
  nothingGenerated: { modality: 'audio-transcription', audioSeconds: 0, outputTokens: 0 },
};

/** `audio.speech.create`: no usage, the audio's length follows from the input's length. */
export const speechOperation: Operation = {
  operation: 'audio-speech',
  modality: 'audio-speech',
  model: (body) => text(body.model) ?? 'unknown',
  streamed: () => false,
  withoutResult: true,
  prompt: (body) => ({ texts: [body.input, body.instructions].filter((each): each is string => typeof each === 'string'), tokens: 0 }),
  usage(_result, body, prompt) {
    const input = typeof body.input === 'string' ? body.input : '';
    const counted = prompt();
    return { modality: 'audio-speech', inputTokens: counted.tokens, audioSeconds: speechSeconds(input.length, body.speed), tokenSource: counted.tokenSource };
  },
  nothingGenerated: { modality: 'audio-speech', audioSeconds: 0 },
};
