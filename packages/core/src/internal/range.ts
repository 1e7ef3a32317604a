import type { Range } from '../impact-report';

/** A figure known exactly. */
export function exact(value: number): Range {
  return { value, min: value, max: value };
}

/** A range with its central value (the midpoint unless given). */
export function between(min: number, max: number, value: number = (min + max) / 2): Range {
  return { value, min, max };
}

/** Accepts a number or a `{ min, max, value? }` object from user input and returns a Range. */
export function toRange(input: number | { readonly min: number; readonly max: number; readonly value?: number }): Range {
  if (typeof input === 'number') return exact(input);
  return between(input.min, input.max, input.value ?? (input.min + input.max) / 2);
}

export const ZERO: Range = exact(0);

export function scale(range: Range, factor: number): Range {
  return { value: range.value * factor, min: range.min * factor, max: range.max * factor };
}

export function add(a: Range, b: Range): Range {
  return { value: a.value + b.value, min: a.min + b.min, max: a.max + b.max };
}
