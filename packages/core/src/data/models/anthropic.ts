import type { DataSource, ModelEntry } from '../../catalog-types';
import { between, exact } from '../../internal/range';
import { CHECKED, ECOLOGITS_CATALOG, MEDEC_PAPER, NOT_RELEASED } from './common';

const ANTHROPIC_MODELS_PAGE: DataSource = {
  title: 'Anthropic, Models overview (model ids, aliases, prices)',
  url: 'https://docs.anthropic.com/en/docs/about-claude/models',
  date: '2025-11',
};

const CLAUDE_3_FAMILY: DataSource = {
  title: 'Anthropic, Introducing the next generation of Claude (Claude 3 Haiku, Sonnet, Opus; prices)',
  url: 'https://www.anthropic.com/news/claude-3-family',
  date: '2024-03-04',
};

const CLAUDE_OPUS_45: DataSource = {
  title: 'Anthropic, Introducing Claude Opus 4.5 ($5/$25 per million tokens)',
  url: 'https://www.anthropic.com/news/claude-opus-4-5',
  date: '2025-11-24',
};

/** Estimate for the Claude Sonnet models. */
const SONNET =
  'Not published. The MEDEC paper (Abacha et al., 2024) estimates Claude 3.5 Sonnet at ~175B '
  + 'parameters; every Sonnet since Claude 3 is priced $3/$15 per million input/output tokens, a '
  + 'fifth of Claude 3 Opus. Frontier models whose architecture is known are sparse mixtures of '
  + 'experts, so assumed 150-800B total (central 400B) with 40-175B active (central 90B); EcoLogits '
  + '0.9.1 uses 440B total, 44-132B active (800B for Claude 3 Sonnet).';

/** Estimate for Claude 3 Opus, Opus 4 and Opus 4.1. */
const OPUS =
  'Not published. Priced $15/$75 per million input/output tokens, 5x the Sonnet models, and slower: '
  + 'assumed a mixture of experts of 400B-2.5T total (central 1.2T) with 100-500B active (central '
  + '250B); EcoLogits 0.9.1 uses 2T total, 200-600B active.';

/** Estimate for Claude Opus 4.5. */
const OPUS_45 =
  'Not published. Priced $5/$25 per million tokens, a third of earlier Opus models and 1.7x Sonnet '
  + '4.5: assumed between the Sonnet and Opus classes, a mixture of experts of 300B-2T total (central '
  + '800B) with 60-400B active (central 150B).';

/** Estimate for Claude 3 Haiku. */
const HAIKU_3 =
  'Not published. Priced $0.25/$1.25 per million tokens, 1/12 of Sonnet: assumed dense-equivalent '
  + '8-40B, central 20B (EcoLogits 0.9.1 uses a 300B mixture of experts with 30-90B active).';

/** Estimate for Claude 3.5 Haiku. */
const HAIKU_35 =
  'Not published. Priced $0.80/$4 per million tokens, about a quarter of Sonnet: assumed '
  + 'dense-equivalent 8-40B, central 20B (EcoLogits 0.9.1: 8-28B).';

/** Estimate for Claude Haiku 4.5. */
const HAIKU_45 =
  'Not published. Priced $1/$5 per million tokens, a third of Sonnet 4.5: assumed dense-equivalent '
  + '10-50B, central 25B (EcoLogits 0.9.1: 10-35B).';

/** Anthropic's Claude models, with their dated ids and aliases. No Claude model's size is published. */
export const ANTHROPIC_MODELS: readonly ModelEntry[] = [
  {
    provider: 'anthropic',
    id: 'claude-3-haiku-20240307',
    architecture: 'dense',
    totalParameters: between(8, 40, 20),
    activeParameters: between(8, 40, 20),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2024-03',
    estimate: HAIKU_3,
    ecologits: { totalParameters: exact(300), activeParameters: between(30, 90), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, CLAUDE_3_FAMILY, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-3-sonnet-20240229',
    architecture: 'moe',
    totalParameters: between(150, 800, 400),
    activeParameters: between(40, 175, 90),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2024-02',
    estimate: SONNET,
    ecologits: { totalParameters: exact(800), activeParameters: between(80, 240), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, MEDEC_PAPER, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-3-opus-20240229',
    aliases: ['claude-3-opus-latest'],
    architecture: 'moe',
    totalParameters: between(400, 2500, 1200),
    activeParameters: between(100, 500, 250),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2024-02',
    estimate: OPUS,
    ecologits: { totalParameters: exact(2000), activeParameters: between(200, 600), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, CLAUDE_3_FAMILY, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-3-5-sonnet-20240620',
    architecture: 'moe',
    totalParameters: between(150, 800, 400),
    activeParameters: between(40, 175, 90),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2024-06',
    estimate: SONNET,
    ecologits: { totalParameters: exact(440), activeParameters: between(44, 132), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, MEDEC_PAPER, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-3-5-sonnet-20241022',
    aliases: ['claude-3-5-sonnet-latest'],
    architecture: 'moe',
    totalParameters: between(150, 800, 400),
    activeParameters: between(40, 175, 90),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2024-10',
    estimate: SONNET,
    ecologits: { totalParameters: exact(440), activeParameters: between(44, 132), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, MEDEC_PAPER, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-3-5-haiku-20241022',
    aliases: ['claude-3-5-haiku-latest'],
    architecture: 'dense',
    totalParameters: between(8, 40, 20),
    activeParameters: between(8, 40, 20),
    contextWindow: 200000,
    openWeights: false,
    release: '2024-10',
    estimate: HAIKU_35,
    ecologits: { totalParameters: between(8, 28), activeParameters: between(8, 28), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-3-7-sonnet-20250219',
    aliases: ['claude-3-7-sonnet-latest'],
    architecture: 'moe',
    totalParameters: between(150, 800, 400),
    activeParameters: between(40, 175, 90),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2025-02',
    estimate: SONNET,
    ecologits: { totalParameters: exact(440), activeParameters: between(44, 132), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, MEDEC_PAPER, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-sonnet-4-20250514',
    aliases: ['claude-sonnet-4-0'],
    architecture: 'moe',
    totalParameters: between(150, 800, 400),
    activeParameters: between(40, 175, 90),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2025-05',
    estimate: SONNET,
    ecologits: { totalParameters: exact(440), activeParameters: between(44, 132), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, MEDEC_PAPER, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-opus-4-20250514',
    aliases: ['claude-opus-4-0'],
    architecture: 'moe',
    totalParameters: between(400, 2500, 1200),
    activeParameters: between(100, 500, 250),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2025-05',
    estimate: OPUS,
    ecologits: { totalParameters: exact(2000), activeParameters: between(200, 600), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, CLAUDE_3_FAMILY, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-opus-4-1-20250805',
    aliases: ['claude-opus-4-1'],
    architecture: 'moe',
    totalParameters: between(400, 2500, 1200),
    activeParameters: between(100, 500, 250),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2025-08',
    estimate: OPUS,
    ecologits: { totalParameters: exact(2000), activeParameters: between(200, 600), warnings: [NOT_RELEASED] },
    sources: [ANTHROPIC_MODELS_PAGE, CLAUDE_3_FAMILY, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-sonnet-4-5-20250929',
    aliases: ['claude-sonnet-4-5'],
    architecture: 'moe',
    totalParameters: between(150, 800, 400),
    activeParameters: between(40, 175, 90),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2025-09',
    estimate: SONNET,
    ecologits: { totalParameters: exact(440), activeParameters: between(44, 132), warnings: [NOT_RELEASED], names: ['claude-sonnet-4-5-20250929'] },
    sources: [ANTHROPIC_MODELS_PAGE, MEDEC_PAPER, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-haiku-4-5-20251001',
    aliases: ['claude-haiku-4-5'],
    architecture: 'dense',
    totalParameters: between(10, 50, 25),
    activeParameters: between(10, 50, 25),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2025-10',
    estimate: HAIKU_45,
    ecologits: {
      totalParameters: between(10, 35),
      activeParameters: between(10, 35),
      warnings: [NOT_RELEASED],
      names: ['claude-haiku-4-5-20251001'],
    },
    sources: [ANTHROPIC_MODELS_PAGE, ECOLOGITS_CATALOG],
    checked: CHECKED,
  },
  {
    provider: 'anthropic',
    id: 'claude-opus-4-5-20251101',
    aliases: ['claude-opus-4-5'],
    architecture: 'moe',
    totalParameters: between(300, 2000, 800),
    activeParameters: between(60, 400, 150),
    contextWindow: 200000,
    openWeights: false,
    multimodal: true,
    release: '2025-11',
    estimate: OPUS_45,
    sources: [ANTHROPIC_MODELS_PAGE, CLAUDE_OPUS_45],
    checked: CHECKED,
  },
];
