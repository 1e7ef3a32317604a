import type { Random } from './random';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const WORDS = ['solar', 'grid', 'river', 'carbon', 'watt', 'cloud', 'copper', 'breeze', 'signal', 'meter'] as const;
const MAX_DEPTH = 8;

function resolveReference(reference: string, root: Schema): Schema | undefined {
  if (!reference.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const segment of reference.slice(1).split('/').filter(Boolean)) {
    if (!isSchema(node)) return undefined;
    node = node[decodeURIComponent(segment.replaceAll('~1', '/').replaceAll('~0', '~'))];
  }
  return isSchema(node) ? node : undefined;
}

function sampleString(schema: Schema, random: Random): string {
  switch (schema.format) {
    case 'date-time':
      return '2026-01-01T00:00:00Z';
    case 'date':
      return '2026-01-01';
    case 'time':
      return '00:00:00';
    case 'email':
      return 'someone@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    default: {
      const minimum = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maximum = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
      let text = [random.pick(WORDS), random.pick(WORDS)].join(' ');
      while (text.length < minimum) text += ` ${random.pick(WORDS)}`;
      return text.slice(0, Math.max(minimum, Math.min(maximum, text.length)));
    }
  }
}

function sampleNumber(schema: Schema, random: Random, integer: boolean): number {
  const exclusiveMinimum = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : undefined;
  const exclusiveMaximum = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (integer ? 1 : 0.5) : undefined;
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : exclusiveMinimum ?? 0;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : exclusiveMaximum ?? minimum + 100;
  const value = minimum + random.next() * Math.max(0, maximum - minimum);
  return integer ? Math.min(Math.ceil(value), Math.floor(maximum)) : Math.round(value * 100) / 100;
}

/**
 * A value that satisfies a JSON Schema's types, required keys, enums, constants and bounds
 * (objects get every declared property), drawn from `random`. Enough for structured-output
 * helpers (`chat.completions.parse`, Mistral `chat.parse`) to parse the reply.
 */
export function sampleJson(schema: unknown, random: Random, root: unknown = schema, depth = 0): unknown {
  if (!isSchema(schema) || depth > MAX_DEPTH) return null;
  const rootSchema = isSchema(root) ? root : schema;
  if (typeof schema.$ref === 'string') {
    const target = resolveReference(schema.$ref, rootSchema);
    return target === undefined ? null : sampleJson(target, random, rootSchema, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return random.pick(schema.enum);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const nonNull = branches.find((branch) => !(isSchema(branch) && branch.type === 'null')) ?? branches[0];
      return sampleJson(nonNull, random, rootSchema, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Record<string, unknown> = {};
    for (const part of schema.allOf) {
      const value = sampleJson(part, random, rootSchema, depth + 1);
      if (isSchema(value)) Object.assign(merged, value);
    }
    return merged;
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((candidate) => candidate !== 'null') ?? (isSchema(schema.properties) ? 'object' : types[0]);
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const properties = isSchema(schema.properties) ? schema.properties : {};
      for (const [key, property] of Object.entries(properties)) result[key] = sampleJson(property, random, rootSchema, depth + 1);
      if (Array.isArray(schema.required)) {
        for (const key of schema.required) if (typeof key === 'string' && !(key in result)) result[key] = random.pick(WORDS);
      }
      return result;
    }
    case 'array': {
      const minimum = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const maximum = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(minimum, 2);
      const length = Math.max(minimum, Math.min(maximum, random.integer(1, 3)));
      const itemSchema = Array.isArray(schema.prefixItems) ? undefined : schema.items;
      if (Array.isArray(schema.prefixItems)) return schema.prefixItems.map((item) => sampleJson(item, random, rootSchema, depth + 1));
      return Array.from({ length }, () => sampleJson(itemSchema ?? { type: 'string' }, random, rootSchema, depth + 1));
    }
    case 'string':
      return sampleString(schema, random);
    case 'integer':
      return sampleNumber(schema, random, true);
    case 'number':
      return sampleNumber(schema, random, false);
    case 'boolean':
      return random.next() < 0.5;
    case 'null':
      return null;
    default:
      return random.pick(WORDS);
  }
}
