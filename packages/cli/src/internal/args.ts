import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../cli-io';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseFlags} returns: `node:util`'s parsed values and positionals. */
export type ParsedFlags<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>>;

/** Parses flags strictly; any problem becomes a {@link UsageError} (exit code 2). */
export function parseFlags<T extends Options>(args: readonly string[], options: T, allowPositionals = false): ParsedFlags<T> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error));
  }
}

/** Reads a flag that must be a non-negative integer. */
export function integerFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new UsageError(`--${name} is too large: "${value}"`);
  return parsed;
}

/** Reads a flag that must be a non-negative finite number. */
export function numberFlag(name: string, value: string | undefined, minimum = 0): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < minimum) {
    throw new UsageError(`--${name} must be a number >= ${minimum}, got "${value}"`);
  }
  return parsed;
}

/** Reads a flag that must be one of a few words. */
export function choiceFlag<C extends string>(name: string, value: string | undefined, choices: readonly C[]): C | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${value}"`);
  }
  return value as C;
}

/** Reads a flag that must be given. */
export function requiredFlag(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** Reads a flag that must be a date or date-time (ISO 8601, e.g. `2026-11-01` or `2026-11-01T08:00Z`); returns epoch milliseconds. */
export function dateFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value.trim());
  if (value.trim() === '' || Number.isNaN(time)) throw new UsageError(`--${name} must be a date such as 2026-11-01 or 2026-11-01T08:00Z, got "${value}"`);
  return time;
}

/** Reads a flag that holds a comma-separated list; empty items are an error. */
export function listFlag(name: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new UsageError(`--${name} must be a comma-separated list without empty items, got "${value}"`);
  return items;
}
