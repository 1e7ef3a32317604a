import type { ModelEntry } from '../catalog-types';
import type { Range, ReportedRequest, ReportWarning } from '../impact-report';
import { between } from './range';

/**
 * What a request asks of the accelerators, in transformer terms: prompt tokens to prefill and
 * tokens to decode, or, for diffusion image models, a direct energy per image.
 */
export interface Work {
  readonly prefillTokens: number;
  readonly decodeTokens: number;
  /** Accelerator energy not modelled token by token (diffusion images), Wh, with its range. */
  readonly directGpuWh?: Range;
}

/**
 * Whisper (Radford et al. 2022, arXiv:2212.04356): the encoder sees 30-second windows as 1,500
 * positions (50 per second); speech runs at about 150 words per minute, ~3 tokens per second.
 */
const WHISPER_POSITIONS_PER_SECOND = 50;
const SPEECH_TOKENS_PER_SECOND = 3;

/**
 * Neural speech codecs emit 25–100 tokens per second of audio (EnCodec 75 Hz, Mimi 12.5 Hz × 8
 * codebooks, SNAC ≈ 84 Hz); 50 per second, for text-to-speech decoding.
 */
const AUDIO_TOKENS_PER_SECOND = 50;

/**
 * A document page rendered for a vision-language model: 1,000–4,000 image tokens (Pixtral: 16×16
 * patches, 4,096 for a 1,024² page) and ~600 output tokens of markdown.
 */
const OCR_IMAGE_TOKENS_PER_PAGE = 1500;
const OCR_OUTPUT_TOKENS_PER_PAGE = 600;

/**
 * Diffusion image generation: 2.9 Wh per image on average across the image-generation models
 * measured by Luccioni, Jernite and Strubell (Power Hungry Processing, FAccT 2024: 2.907 kWh per
 * 1,000 images), the most demanding near 11.5 Wh; scaled by pixels relative to 1,024² and doubled
 * for `hd` quality.
 */
const DIFFUSION_WH_PER_IMAGE = between(1, 11.5, 2.9);

function pixelsFactor(size: string | undefined): number {
  const match = size === undefined ? null : /^(\d{2,5})x(\d{2,5})$/.exec(size);
  if (match === null) return 1;
  return (Number(match[1]) * Number(match[2])) / (1024 * 1024);
}

/**
 * Converts a request of any modality into work for the accelerator model, adding a
 * `modality-estimated` warning where the conversion rests on thin evidence.
 */
export function modalityWork(request: ReportedRequest, model: ModelEntry, warnings: ReportWarning[]): Work {
  switch (request.modality) {
    case 'text':
      return { prefillTokens: request.inputTokens, decodeTokens: request.outputTokens };
    case 'embedding':
      return { prefillTokens: request.inputTokens, decodeTokens: 0 };
    case 'image': {
      const images = request.images ?? 1;
      if (request.outputTokens > 0) {
        // Autoregressive image models (gpt-image-1) report the image tokens they generate.
        warnings.push({ code: 'modality-estimated', message: 'Image generation estimated as the decoding of the image tokens the provider reported, with the model\'s text-model size: low confidence.' });
        return { prefillTokens: request.inputTokens, decodeTokens: request.outputTokens };
      }
      const factor = images * pixelsFactor(request.imageSize) * (request.imageQuality === 'hd' || request.imageQuality === 'high' ? 2 : 1);
      warnings.push({ code: 'modality-estimated', message: `Image generation estimated at ${DIFFUSION_WH_PER_IMAGE.value} Wh (${DIFFUSION_WH_PER_IMAGE.min}–${DIFFUSION_WH_PER_IMAGE.max}) of accelerator energy per 1,024² image (Luccioni et al. 2024), scaled by size and quality: low confidence.` });
      return {
        prefillTokens: 0,
        decodeTokens: 0,
        directGpuWh: { value: DIFFUSION_WH_PER_IMAGE.value * factor, min: DIFFUSION_WH_PER_IMAGE.min * factor, max: DIFFUSION_WH_PER_IMAGE.max * factor },
      };
    }
    case 'audio-transcription': {
      if (request.inputTokens > 0) return { prefillTokens: request.inputTokens, decodeTokens: request.outputTokens };
      const seconds = request.audioSeconds ?? 0;
      warnings.push({ code: 'modality-estimated', message: `Transcription estimated from ${seconds} s of audio as ${WHISPER_POSITIONS_PER_SECOND} encoder positions and ${SPEECH_TOKENS_PER_SECOND} text tokens per second (Whisper's design): low confidence.` });
      return {
        prefillTokens: Math.round(WHISPER_POSITIONS_PER_SECOND * seconds),
        decodeTokens: Math.max(request.outputTokens, Math.round(SPEECH_TOKENS_PER_SECOND * seconds)),
      };
    }
    case 'audio-speech': {
      const seconds = request.audioSeconds ?? 0;
      warnings.push({ code: 'modality-estimated', message: `Speech synthesis estimated as ${AUDIO_TOKENS_PER_SECOND} audio tokens decoded per second of audio (${seconds} s): low confidence.` });
      return { prefillTokens: request.inputTokens, decodeTokens: Math.max(request.outputTokens, Math.round(AUDIO_TOKENS_PER_SECOND * seconds)) };
    }
    case 'ocr': {
      const pages = request.pages ?? 1;
      warnings.push({ code: 'modality-estimated', message: `OCR estimated as ${OCR_IMAGE_TOKENS_PER_PAGE} image tokens read and ${OCR_OUTPUT_TOKENS_PER_PAGE} tokens written per page (${pages} pages): low confidence.` });
      return {
        prefillTokens: request.inputTokens + OCR_IMAGE_TOKENS_PER_PAGE * pages,
        decodeTokens: Math.max(request.outputTokens, OCR_OUTPUT_TOKENS_PER_PAGE * pages),
      };
    }
    default:
      return { prefillTokens: request.inputTokens, decodeTokens: request.outputTokens };
  }
}
