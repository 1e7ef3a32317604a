import type { ImpactTags } from '../impact-context';
import { setOwn } from './own-property';

/** Longest tag key or value kept; longer ones are cut (tags are identifiers, not text). */
export const MAX_TAG_LENGTH = 200;

/** Most tags kept on one record; further keys are dropped. */
export const MAX_TAGS_PER_RECORD = 32;

/** No tags: one frozen object for every request that has none. */
export const NO_TAGS: ImpactTags = Object.freeze({});

function cut(text: string): string {
  return text.length > MAX_TAG_LENGTH ? text.slice(0, MAX_TAG_LENGTH) : text;
}

/**
 * Merges tag sets left to right (later ones win) into a fresh object, keeping only string values
 * and non-empty keys, cutting long keys and values, and keeping at most {@link MAX_TAGS_PER_RECORD}.
 * With no set given (or only {@link NO_TAGS}), {@link NO_TAGS} itself, frozen.
 * Runs on every request: three sets at most, no array or entry list built.
 */
export function mergeTags(first?: ImpactTags, second?: ImpactTags, third?: ImpactTags): ImpactTags {
  // No tags anywhere (most requests): the one frozen empty set, nothing to build or freeze.
  if (isUntagged(first) && isUntagged(second) && isUntagged(third)) return NO_TAGS;
  const merged: Record<string, string> = {};
  const count = addTags(merged, first, 0);
  addTags(merged, third, addTags(merged, second, count));
  return merged;
}

function isUntagged(set: ImpactTags | undefined): boolean {
  return set === undefined || set === NO_TAGS;
}

/** Adds one set to `merged`, which holds `count` tags; returns how many it holds then. */
function addTags(merged: Record<string, string>, set: ImpactTags | undefined, count: number): number {
  if (set === undefined || set === null || typeof set !== 'object') return count;
  let held = count;
  for (const key in set) {
    if (!Object.hasOwn(set, key)) continue;
    const value: unknown = set[key];
    if (typeof value !== 'string' || key.length === 0) continue;
    const name = cut(key);
    if (!Object.hasOwn(merged, name)) {
      if (held >= MAX_TAGS_PER_RECORD) continue;
      held += 1;
    }
    setOwn(merged, name, cut(value));
  }
  return held;
}
