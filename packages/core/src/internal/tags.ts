import type { ImpactTags } from '../impact-context';

/** Longest tag key or value kept; longer ones are cut (tags are identifiers, not text). */
export const MAX_TAG_LENGTH = 200;

/** Most tags kept on one record; further keys are dropped. */
export const MAX_TAGS_PER_RECORD = 32;

function cut(text: string): string {
  return text.length > MAX_TAG_LENGTH ? text.slice(0, MAX_TAG_LENGTH) : text;
}

/**
 * Merges tag sets left to right (later ones win) into a fresh object, keeping only string values
 * and non-empty keys, cutting long keys and values, and keeping at most {@link MAX_TAGS_PER_RECORD}.
 */
export function mergeTags(...sets: readonly (ImpactTags | undefined)[]): ImpactTags {
  const merged: Record<string, string> = {};
  let count = 0;
  for (const set of sets) {
    if (set === undefined || set === null || typeof set !== 'object') continue;
    for (const [key, value] of Object.entries(set)) {
      if (typeof value !== 'string' || key.length === 0) continue;
      const name = cut(key);
      if (!Object.hasOwn(merged, name)) {
        if (count >= MAX_TAGS_PER_RECORD) continue;
        count += 1;
      }
      merged[name] = cut(value);
    }
  }
  return merged;
}
