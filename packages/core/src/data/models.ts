import type { ModelEntry } from '../catalog-types';
import { between, exact } from '../internal/range';

const CHECKED = '2026-11-28';

const ECOLOGITS_CATALOG = {
  title: 'EcoLogits 0.9.1 model catalog (ecologits/data/models.json)',
  url: 'https://github.com/genai-impact/ecologits/blob/0.9.1/ecologits/data/models.json',
  date: '2025-11-13',
} as const;

const MISTRAL_MODELS = { title: 'Mistral AI models overview', url: 'https://docs.mistral.ai/getting-started/models/', date: '2026-11' } as const;

function modelCard(repo: string): { title: string; url: string; date: string } {
  return { title: `${repo} model card and config.json`, url: `https://huggingface.co/${repo}`, date: '2026-11' };
}

/** The model catalog: every model WattLens knows, with its size, shape and sources. */
export const MODEL_CATALOG: readonly ModelEntry[] = [
  {
    provider: 'openai',
    id: 'gpt-4o',
    aliases: ['gpt-4o-2024-05-13', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'chatgpt-4o-latest'],
    architecture: 'moe',
    totalParameters: exact(440),
    activeParameters: between(44, 132, 88),
    openWeights: false,
    multimodal: true,
    release: '2024-05',
    estimate: 'Not published. EcoLogits 0.9.1 estimates 440B total, 10–30% active; kept until better evidence.',
    ecologits: { totalParameters: exact(440), activeParameters: between(44, 132), warnings: ['model-arch-not-released', 'model-arch-multimodal'] },
    sources: [ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'openai',
    id: 'gpt-4o-mini',
    aliases: ['gpt-4o-mini-2024-07-18'],
    architecture: 'dense',
    totalParameters: between(8, 28),
    activeParameters: between(8, 28),
    openWeights: false,
    multimodal: true,
    release: '2024-07',
    estimate: 'Not published. EcoLogits 0.9.1 estimates 8–28B dense.',
    ecologits: { totalParameters: between(8, 28), activeParameters: between(8, 28), warnings: ['model-arch-not-released', 'model-arch-multimodal'] },
    sources: [ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'mistral',
    id: 'ministral-8b-latest',
    aliases: ['ministral-8b-2410'],
    architecture: 'dense',
    totalParameters: exact(8.02),
    activeParameters: exact(8.02),
    layers: 36,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    ffnSize: 12288,
    vocabSize: 131072,
    openWeights: true,
    release: '2024-10',
    ecologits: { totalParameters: exact(8.02), activeParameters: exact(8.02), warnings: [] },
    sources: [MISTRAL_MODELS, modelCard('mistralai/Ministral-8B-Instruct-2410')],
    checked: CHECKED,
  },
  {
    provider: 'huggingface',
    id: 'google/gemma-2-9b-it',
    architecture: 'dense',
    totalParameters: exact(9.24),
    activeParameters: exact(9.24),
    layers: 42,
    hiddenSize: 3584,
    attentionHeads: 16,
    kvHeads: 8,
    headDim: 256,
    ffnSize: 14336,
    vocabSize: 256000,
    openWeights: true,
    release: '2024-06',
    ecologits: { totalParameters: exact(9.24), activeParameters: exact(9.24), warnings: [] },
    sources: [modelCard('google/gemma-2-9b-it')],
    checked: CHECKED,
  },
  {
    provider: 'huggingface',
    id: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
    architecture: 'moe',
    totalParameters: exact(46.7),
    activeParameters: exact(12.9),
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    experts: 8,
    expertsPerToken: 2,
    expertFfnSize: 14336,
    vocabSize: 32000,
    openWeights: true,
    release: '2023-12',
    ecologits: { totalParameters: exact(46.7), activeParameters: exact(12.9), warnings: [] },
    sources: [modelCard('mistralai/Mixtral-8x7B-Instruct-v0.1')],
    checked: CHECKED,
  },
];
