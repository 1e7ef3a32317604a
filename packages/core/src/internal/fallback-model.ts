import type { ModelEntry } from '../catalog-types';
import type { Range } from '../impact-report';
import { between, exact } from './range';

/**
 * Size classes used when a model is not in the catalog and its name gives no parameter count.
 * Ranges in billions of (dense-equivalent) parameters, chosen to bracket the catalog's models of
 * each class (e.g. `-mini` / `-small` / `flash` models sit between 8B and 40B in published or
 * estimated sizes). Documented in docs/methodology.md, "Unknown models".
 */
export const SIZE_CLASSES = [
  { name: 'tiny', pattern: /(?:^|[-_./:\s])(nano|tiny|micro|pico)(?:$|[-_./:\s\d])/i, parameters: between(1, 10, 4) },
  { name: 'small', pattern: /(?:^|[-_./:\s])(mini|small|haiku|lite|flash|instant|fast)(?:$|[-_./:\s\d])/i, parameters: between(8, 40, 20) },
  { name: 'large', pattern: /(?:^|[-_./:\s])(large|pro|opus|ultra|max|xl|xxl|405b)(?:$|[-_./:\s\d])/i, parameters: between(100, 400, 200) },
  { name: 'medium', pattern: /(?:^|[-_./:\s])(medium|sonnet|plus|turbo)(?:$|[-_./:\s\d])/i, parameters: between(30, 120, 70) },
] as const;

/** The class used when the name gives no hint at all. */
export const DEFAULT_SIZE_CLASS = { name: 'medium (default)', parameters: between(30, 120, 70) } as const;

export interface FallbackModel {
  readonly entry: ModelEntry;
  /** Human explanation of how the size was inferred, for the `model-unknown` warning. */
  readonly reason: string;
}

const MOE_PATTERN = /(\d+)\s*x\s*(\d+(?:\.\d+)?)\s*b(?![a-z])/i;
const ACTIVE_PATTERN = /(\d+(?:\.\d+)?)\s*b\b[-_.]?a(\d+(?:\.\d+)?)\s*b(?![a-z])/i;
const BILLIONS_PATTERN = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)\s*b(?![a-z])/i;
const MILLIONS_PATTERN = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)\s*m(?![a-z])/i;

/**
 * Infers a stand-in catalog entry for a model the catalog does not know, from its name:
 * `Qwen3-30B-A3B` (total and active), `8x7b` (mixture of experts, two experts active), `70b`,
 * `135M`, then size words (`-mini`, `-large`, …), then a stated default.
 */
export function fallbackModel(provider: string, model: string): FallbackModel {
  const make = (architecture: 'dense' | 'moe', total: Range, active: Range, reason: string): FallbackModel => ({
    entry: {
      provider,
      id: model,
      architecture,
      totalParameters: total,
      activeParameters: active,
      openWeights: false,
      sources: [{ title: 'WattLens fallback: size inferred from the model name', date: '2026-11-28' }],
      checked: '2026-11-28',
    },
    reason,
  });

  const withActive = ACTIVE_PATTERN.exec(model);
  if (withActive !== null) {
    const total = Number(withActive[1]);
    const active = Math.min(Number(withActive[2]), total);
    if (total > 0 && active > 0) {
      return make('moe', exact(total), exact(active), `the name reads as a mixture of experts of ${total}B total and ${active}B active parameters`);
    }
  }
  const moe = MOE_PATTERN.exec(model);
  if (moe !== null) {
    const experts = Number(moe[1]);
    const size = Number(moe[2]);
    if (experts > 0 && size > 0) {
      // Experts share attention and embeddings: total is below experts × size (Mixtral 8x7B: 46.7B, not 56B).
      const total = between(0.8 * experts * size, experts * size);
      const active = between(Math.min(size, 2 * size * 0.8), Math.min(2 * size, experts * size));
      return make('moe', total, active, `the name reads as ${experts} experts of ${size}B; assumed two experts active per token`);
    }
  }
  const billions = BILLIONS_PATTERN.exec(model);
  if (billions !== null && Number(billions[1]) > 0) {
    const size = Number(billions[1]);
    return make('dense', exact(size), exact(size), `the name gives ${size}B parameters; assumed dense`);
  }
  const millions = MILLIONS_PATTERN.exec(model);
  if (millions !== null && Number(millions[1]) > 0) {
    const size = Number(millions[1]) / 1000;
    return make('dense', exact(size), exact(size), `the name gives ${Number(millions[1])}M parameters; assumed dense`);
  }
  for (const sizeClass of SIZE_CLASSES) {
    if (sizeClass.pattern.test(model)) {
      const { min, max } = sizeClass.parameters;
      return make('dense', sizeClass.parameters, sizeClass.parameters,
        `the name suggests the "${sizeClass.name}" size class: ${min}–${max}B dense-equivalent parameters`);
    }
  }
  const { min, max } = DEFAULT_SIZE_CLASS.parameters;
  return make('dense', DEFAULT_SIZE_CLASS.parameters, DEFAULT_SIZE_CLASS.parameters,
    `the name gives no size; assumed the default class: ${min}–${max}B dense-equivalent parameters`);
}
