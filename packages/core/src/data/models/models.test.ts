import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../catalog-types';
import { Catalog, defaultCatalog } from '../../catalog';
import { estimate } from '../../estimate';
import { validateModelEntry } from '../../internal/validate-entries';
import { CHECKED } from './common';
import { MODEL_CATALOG } from './index';

/** Every name an entry answers to at its provider. */
function namesOf(entry: ModelEntry): string[] {
  return [entry.id, ...(entry.aliases ?? [])];
}

/**
 * Parameters (in billions) recomputed from a published shape: embeddings (plus an untied output
 * head) + layers × (attention with grouped-query or latent projections + feed-forward or experts
 * and router), plus any vision or audio encoder. Norms and biases are left out (under 0.1%).
 */
function parametersFromShape(entry: ModelEntry): { total: number; active: number } {
  const hidden = entry.hiddenSize!;
  const layers = entry.layers!;
  const heads = entry.attentionHeads!;
  let attention: number;
  const latent = entry.latentAttention;
  if (latent === undefined) {
    const headDim = entry.headDim ?? hidden / heads;
    const kvHeads = entry.kvHeads ?? heads;
    attention = 2 * hidden * heads * headDim + 2 * hidden * kvHeads * headDim;
  } else {
    const queryKeyDim = latent.headDim + latent.ropeHeadDim;
    const query = latent.queryRank === undefined
      ? hidden * heads * queryKeyDim
      : hidden * latent.queryRank + latent.queryRank * heads * queryKeyDim;
    const keyValue = hidden * (latent.keyValueRank + latent.ropeHeadDim) + latent.keyValueRank * heads * (latent.headDim + latent.valueHeadDim);
    attention = query + keyValue + heads * latent.valueHeadDim * hidden;
  }
  const matrices = entry.gatedFeedForward === false ? 2 : 3;
  const embeddings = entry.vocabSize! * hidden * (entry.tiedEmbeddings === true ? 1 : 2);
  const encoder = (entry.encoderParameters ?? 0) * 1e9;
  if (entry.architecture === 'dense') {
    const total = embeddings + layers * (attention + matrices * hidden * entry.ffnSize!) + encoder;
    return { total: total / 1e9, active: total / 1e9 };
  }
  const denseLayers = entry.denseLayers ?? 0;
  const expert = matrices * hidden * entry.expertFfnSize!;
  const shared = (entry.sharedExperts ?? 0) * expert;
  const router = hidden * entry.experts!;
  const common = embeddings + layers * attention + denseLayers * matrices * hidden * (entry.ffnSize ?? 0);
  const moeLayers = layers - denseLayers;
  return {
    total: (common + moeLayers * (entry.experts! * expert + shared + router) + encoder) / 1e9,
    active: (common + moeLayers * (entry.expertsPerToken! * expert + shared + router)) / 1e9,
  };
}

const SHAPED = MODEL_CATALOG.filter((entry) => entry.layers !== undefined);

describe('model catalog: entries', () => {
  it('holds hundreds of entries, each valid for registerModel', () => {
    expect(MODEL_CATALOG.length).toBeGreaterThan(300);
    for (const entry of MODEL_CATALOG) {
      expect(() => validateModelEntry(entry), `${entry.provider}/${entry.id}`).not.toThrow();
    }
  });

  it('never lets two entries claim the same (provider, id or alias)', () => {
    const owners = new Map<string, string>();
    const clashes: string[] = [];
    for (const entry of MODEL_CATALOG) {
      for (const name of namesOf(entry)) {
        const key = `${entry.provider}/${name.toLowerCase()}`;
        const owner = owners.get(key);
        if (owner !== undefined && owner !== entry.id) clashes.push(`${key}: ${owner} and ${entry.id}`);
        owners.set(key, entry.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('dates every source and gives every open model a source with a URL', () => {
    for (const entry of MODEL_CATALOG) {
      expect(entry.checked, entry.id).toBe(CHECKED);
      if (entry.release !== undefined) expect(entry.release, entry.id).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
      for (const source of entry.sources) {
        expect(source.title.length, `${entry.id} source title`).toBeGreaterThan(0);
        expect(source.date, `${entry.id}: ${source.title}`).toMatch(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/);
        if (source.url !== undefined) expect(source.url, entry.id).toMatch(/^https:\/\//);
      }
      if (entry.openWeights) {
        expect(entry.sources.some((source) => source.url !== undefined), `${entry.provider}/${entry.id}`).toBe(true);
      }
    }
  });

  it('cites the Hugging Face repository of every open model served by its Hub id', () => {
    for (const entry of MODEL_CATALOG.filter((model) => model.provider === 'huggingface')) {
      expect(entry.openWeights, entry.id).toBe(true);
      expect(entry.sources.map((source) => source.url), entry.id).toContain(`https://huggingface.co/${entry.id}`);
    }
  });

  it('explains every closed model\'s size with an estimate and its evidence', () => {
    for (const entry of MODEL_CATALOG.filter((model) => !model.openWeights)) {
      expect(entry.estimate?.length ?? 0, `${entry.provider}/${entry.id}`).toBeGreaterThan(40);
      expect(entry.sources.length, entry.id).toBeGreaterThan(0);
    }
  });

  it('keeps mixture-of-experts active parameters below the total, and dense models at their total', () => {
    for (const entry of MODEL_CATALOG) {
      const { totalParameters: total, activeParameters: active } = entry;
      if (entry.architecture === 'moe') {
        expect(active.value, entry.id).toBeLessThan(total.value);
        expect(active.max, entry.id).toBeLessThan(total.max);
        expect(active.min, entry.id).toBeLessThan(total.min);
      } else {
        expect(active, entry.id).toEqual(total);
      }
    }
  });

  it('keeps EcoLogits figures well-formed: a names list only names the entry\'s own ids', () => {
    for (const entry of MODEL_CATALOG) {
      const figures = entry.ecologits;
      if (figures === undefined) continue;
      for (const code of figures.warnings) expect(['model-arch-not-released', 'model-arch-multimodal']).toContain(code);
      if (figures.names !== undefined) {
        expect(figures.names.length, entry.id).toBeGreaterThan(0);
        for (const name of figures.names) expect(namesOf(entry), entry.id).toContain(name);
      }
    }
  });
});

describe('model catalog: published shapes', () => {
  it('gives every shaped entry the full set of fields its parameter count needs', () => {
    expect(SHAPED.length).toBeGreaterThan(150);
    for (const entry of SHAPED) {
      const required: (keyof ModelEntry)[] = ['hiddenSize', 'attentionHeads', 'vocabSize', 'tiedEmbeddings'];
      required.push(...(entry.architecture === 'moe' ? ['experts', 'expertsPerToken', 'expertFfnSize'] as const : ['ffnSize'] as const));
      if (entry.latentAttention === undefined) required.push('kvHeads', 'headDim');
      for (const key of required) expect(entry[key], `${entry.id}.${key}`).toBeDefined();
      expect(entry.openWeights, entry.id).toBe(true);
    }
  });

  it('recomputes each open model\'s parameters from its shape within 10% (MoE active within 15%)', () => {
    const off: string[] = [];
    for (const entry of SHAPED) {
      const { total, active } = parametersFromShape(entry);
      const totalError = total / entry.totalParameters.value - 1;
      if (Math.abs(totalError) > 0.1) off.push(`${entry.id}: total ${total.toFixed(2)}B from the shape vs ${entry.totalParameters.value}B`);
      if (entry.architecture === 'moe') {
        const activeError = active / entry.activeParameters.value - 1;
        if (Math.abs(activeError) > 0.15) off.push(`${entry.id}: active ${active.toFixed(2)}B from the shape vs ${entry.activeParameters.value}B`);
      }
    }
    expect(off).toEqual([]);
  });

  it('reproduces known counts exactly enough to catch a typo in a shape', () => {
    const llama = defaultCatalog.findModel('huggingface', 'meta-llama/Llama-3.1-8B-Instruct')!.entry;
    expect(parametersFromShape(llama).total).toBeCloseTo(8.03, 2);
    const broken = { ...llama, ffnSize: 4 * 14336 };
    expect(parametersFromShape(broken).total / llama.totalParameters.value).toBeGreaterThan(1.1);
    const deepseek = defaultCatalog.findModel('huggingface', 'deepseek-ai/DeepSeek-V3')!.entry;
    const { total, active } = parametersFromShape(deepseek);
    expect(total).toBeCloseTo(671, -1);
    expect(active).toBeCloseTo(37.5, 0);
  });
});

describe('model catalog: coverage', () => {
  const HUB_MODELS = [
    'meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-405B-Instruct',
    'meta-llama/Llama-3.2-1B-Instruct', 'meta-llama/Llama-3.2-3B-Instruct', 'meta-llama/Llama-3.3-70B-Instruct',
    'meta-llama/Llama-4-Scout-17B-16E-Instruct', 'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
    'Qwen/Qwen2.5-0.5B-Instruct', 'Qwen/Qwen2.5-1.5B-Instruct', 'Qwen/Qwen2.5-3B-Instruct', 'Qwen/Qwen2.5-7B-Instruct',
    'Qwen/Qwen2.5-14B-Instruct', 'Qwen/Qwen2.5-32B-Instruct', 'Qwen/Qwen2.5-72B-Instruct', 'Qwen/Qwen2.5-Coder-7B-Instruct',
    'Qwen/Qwen2.5-Coder-32B-Instruct', 'Qwen/Qwen3-0.6B', 'Qwen/Qwen3-1.7B', 'Qwen/Qwen3-4B', 'Qwen/Qwen3-8B', 'Qwen/Qwen3-14B',
    'Qwen/Qwen3-32B', 'Qwen/Qwen3-30B-A3B', 'Qwen/Qwen3-235B-A22B', 'mistralai/Mistral-7B-Instruct-v0.3',
    'mistralai/Mixtral-8x7B-Instruct-v0.1', 'mistralai/Mixtral-8x22B-Instruct-v0.1', 'mistralai/Mistral-Nemo-Instruct-2407',
    'mistralai/Mistral-Small-24B-Instruct-2501', 'google/gemma-2-2b-it', 'google/gemma-2-9b-it', 'google/gemma-2-27b-it',
    'google/gemma-3-1b-it', 'google/gemma-3-4b-it', 'google/gemma-3-12b-it', 'google/gemma-3-27b-it', 'deepseek-ai/DeepSeek-V3',
    'deepseek-ai/DeepSeek-R1', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
    'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
    'deepseek-ai/DeepSeek-R1-Distill-Llama-70B', 'openai/gpt-oss-20b', 'openai/gpt-oss-120b', 'microsoft/Phi-3-mini-4k-instruct',
    'microsoft/Phi-3.5-mini-instruct', 'microsoft/phi-4', 'HuggingFaceTB/SmolLM2-135M-Instruct', 'HuggingFaceTB/SmolLM2-360M-Instruct',
    'HuggingFaceTB/SmolLM2-1.7B-Instruct', 'HuggingFaceTB/SmolLM3-3B',
    'sentence-transformers/all-MiniLM-L6-v2', 'BAAI/bge-small-en-v1.5', 'BAAI/bge-base-en-v1.5', 'BAAI/bge-large-en-v1.5',
    'intfloat/multilingual-e5-large', 'nomic-ai/nomic-embed-text-v1.5',
  ];

  it('has the most used open models with their full architecture, under their exact Hub ids', () => {
    for (const id of HUB_MODELS) {
      const found = defaultCatalog.findModel('huggingface', id);
      expect(found?.match, id).toBe('exact');
      expect(found!.entry.id, id).toBe(id);
      expect(found!.entry.layers, id).toBeDefined();
      expect(found!.entry.contextWindow, id).toBeDefined();
    }
    for (const id of ['stabilityai/stable-diffusion-xl-base-1.0', 'black-forest-labs/FLUX.1-dev', 'black-forest-labs/FLUX.1-schnell']) {
      expect(defaultCatalog.findModel('huggingface', id)?.entry.task, id).toBe('image-generation');
    }
    expect(defaultCatalog.findModel('huggingface', 'BAAI/bge-m3')?.entry.task).toBe('embedding');
  });

  it('finds open models at any host by their Hub id (cross-provider)', () => {
    const found = defaultCatalog.findModel('groq', 'openai/gpt-oss-120b');
    expect(found?.match).toBe('cross-provider');
    expect(found?.entry.architecture).toBe('moe');
  });

  it('points Mistral\'s -latest aliases at the newest version of each line', () => {
    const latest: Record<string, string> = {
      'mistral-large-latest': 'mistral-large-2512',
      'mistral-medium-latest': 'mistral-medium-3-5',
      'mistral-small-latest': 'mistral-small-2506',
      'ministral-8b-latest': 'ministral-8b-2512',
      'ministral-3b-latest': 'ministral-3b-2512',
      'magistral-medium-latest': 'magistral-medium-2509',
      'magistral-small-latest': 'magistral-small-2509',
      'devstral-medium-latest': 'devstral-medium-2507',
      'devstral-small-latest': 'devstral-small-2507',
      'codestral-latest': 'codestral-2508',
      'pixtral-large-latest': 'pixtral-large-2411',
      'voxtral-small-latest': 'voxtral-small-2507',
      'mistral-ocr-latest': 'mistral-ocr-2505',
      'mistral-moderation-latest': 'mistral-moderation-2603',
    };
    for (const [alias, id] of Object.entries(latest)) {
      const found = defaultCatalog.findModel('mistral', alias);
      expect(found?.match, alias).toBe('alias');
      expect(found?.entry.id, alias).toBe(id);
    }
    for (const id of ['mistral-embed', 'codestral-embed', 'open-mistral-nemo', 'open-mixtral-8x7b', 'open-mixtral-8x22b', 'pixtral-12b', 'voxtral-mini-latest', 'ministral-14b-2512']) {
      expect(defaultCatalog.findModel('mistral', id)?.entry.provider, id).toBe('mistral');
    }
  });

  it('has the newer Anthropic, Gemini and Cohere models, each with an estimate', () => {
    const expected: [string, string][] = [
      ['anthropic', 'claude-sonnet-4-5'], ['anthropic', 'claude-opus-4-1'], ['anthropic', 'claude-haiku-4-5'], ['anthropic', 'claude-opus-4-5'],
      ['google', 'gemini-2.5-pro'], ['google', 'gemini-2.5-flash'], ['google', 'gemini-2.5-flash-lite'], ['google', 'gemini-3-pro-preview'],
      ['cohere', 'embed-v4.0'],
    ];
    for (const [provider, id] of expected) {
      const entry = defaultCatalog.findModel(provider, id)?.entry;
      expect(entry?.provider, id).toBe(provider);
      expect(entry?.estimate, id).toBeDefined();
    }
  });

  it('sets the task of OpenAI\'s non-chat models', () => {
    const tasks: Record<string, string> = {
      'text-embedding-3-small': 'embedding', 'text-embedding-3-large': 'embedding', 'text-embedding-ada-002': 'embedding',
      'gpt-image-1': 'image-generation', 'gpt-image-1-mini': 'image-generation', 'dall-e-2': 'image-generation', 'dall-e-3': 'image-generation',
      'whisper-1': 'speech-to-text', 'gpt-4o-transcribe': 'speech-to-text', 'gpt-4o-mini-transcribe': 'speech-to-text',
      'tts-1': 'text-to-speech', 'tts-1-hd': 'text-to-speech', 'gpt-4o-mini-tts': 'text-to-speech',
      'omni-moderation-latest': 'moderation', 'text-moderation-latest': 'moderation',
    };
    for (const [id, task] of Object.entries(tasks)) expect(defaultCatalog.findModel('openai', id)?.entry.task, id).toBe(task);
  });
});

describe('model catalog: EcoLogits names', () => {
  it('applies EcoLogits figures to the -latest alias EcoLogits knows, not to the newer version it now names', () => {
    const request = { provider: 'mistral', outputTokens: 500, latencyMs: 10_000 };
    const alias = estimate({ ...request, model: 'mistral-large-latest' }, { methodology: 'ecologits' });
    const current = estimate({ ...request, model: 'mistral-large-2512' }, { methodology: 'ecologits' });
    const older = estimate({ ...request, model: 'mistral-large-2411' }, { methodology: 'ecologits' });
    // EcoLogits 0.9.1 sizes mistral-large-latest like Mistral Large 2 (123B dense).
    expect(alias.energy).toEqual(older.energy);
    expect(alias.warnings.map((warning) => warning.code)).not.toContain('model-not-in-ecologits');
    expect(current.warnings.map((warning) => warning.code)).toContain('model-not-in-ecologits');
    expect(current.energy.value).not.toEqual(alias.energy.value);
  });

  it('names the requested alias, not the entry, when EcoLogits does not list that alias', () => {
    const report = estimate({ provider: 'openai', model: 'o1-pro', outputTokens: 100 }, { methodology: 'ecologits' });
    const warning = report.warnings.find((item) => item.code === 'model-not-in-ecologits');
    expect(warning?.message).toContain('o1-pro');
    const listed = estimate({ provider: 'openai', model: 'o1-2024-12-17', outputTokens: 100 }, { methodology: 'ecologits' });
    expect(listed.warnings.map((item) => item.code)).toEqual(['model-arch-not-released', 'model-arch-multimodal']);
  });

  it('lets a registered entry override a shipped one under the same id', () => {
    const catalog = new Catalog({ base: defaultCatalog });
    const shipped = catalog.findModel('openai', 'gpt-4o')!.entry;
    catalog.registerModel({ ...shipped, totalParameters: { value: 300, min: 300, max: 300 }, aliases: [] });
    expect(catalog.findModel('openai', 'gpt-4o')?.entry.totalParameters.value).toBe(300);
    expect(catalog.findModel('openai', 'gpt-4o-2024-08-06')).toBeUndefined();
    expect(defaultCatalog.findModel('openai', 'gpt-4o')?.entry.totalParameters.value).toBe(shipped.totalParameters.value);
  });
});
