/// <reference types="node" />
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../catalog';
import type { ModelTask } from '../../catalog-types';

const require = createRequire(import.meta.url);

/** The installed package's root folder (the openai packages do not all export `./package.json`). */
function packageRoot(sdk: string): string {
  let folder = dirname(require.resolve(sdk));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${require.resolve(sdk)}`);
    folder = parent;
  }
  return folder;
}

/** The string literals of `export type <name> = ...;` in a declaration file of the installed SDK. */
function modelIds(sdk: string, file: string, typeName: string): string[] {
  const declarations = readFileSync(join(packageRoot(sdk), file), 'utf8');
  const union = new RegExp(`export type ${typeName} = ([^;]*);`).exec(declarations);
  if (union === null) throw new Error(`${sdk}/${file} declares no ${typeName}: the SDK changed its layout, update this test`);
  return [...union[1]!.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

/** Both majors the OpenAI adapter supports, as installed in this workspace. */
const SDKS = [
  { name: 'openai', version: '7.59.0' },
  { name: 'openai-v6', version: '6.49.0' },
] as const;

/** Non-chat model types and the task their catalog entries must carry. */
const TASK_TYPES: readonly { file: string; typeName: string; task: ModelTask }[] = [
  { file: 'resources/embeddings.d.ts', typeName: 'EmbeddingModel', task: 'embedding' },
  { file: 'resources/images.d.ts', typeName: 'ImageModel', task: 'image-generation' },
  { file: 'resources/audio/audio.d.ts', typeName: 'AudioModel', task: 'speech-to-text' },
  { file: 'resources/audio/speech.d.ts', typeName: 'SpeechModel', task: 'text-to-speech' },
  { file: 'resources/moderations.d.ts', typeName: 'ModerationModel', task: 'moderation' },
];

describe.each(SDKS)('model catalog follows the installed $name SDK', (sdk) => {
  it(`is the version pinned for these tests (${sdk.version})`, () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot(sdk.name), 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(sdk.version);
  });

  it('has an OpenAI entry (id or alias) for every ChatModel id', () => {
    const ids = modelIds(sdk.name, 'resources/shared.d.ts', 'ChatModel');
    expect(ids.length).toBeGreaterThan(60);
    const missing = ids.filter((id) => {
      const found = defaultCatalog.findModel('openai', id);
      return found === undefined || found.match === 'cross-provider' || found.entry.provider !== 'openai';
    });
    expect(missing, 'add these ids to packages/core/src/data/models/openai.ts').toEqual([]);
  });

  it('has an entry for every model the Responses API adds to ChatModel', () => {
    const ids = modelIds(sdk.name, 'resources/shared.d.ts', 'ResponsesModel');
    expect(ids.length).toBeGreaterThan(5);
    const missing = ids.filter((id) => defaultCatalog.findModel('openai', id)?.entry.provider !== 'openai');
    expect(missing, 'add these ids to packages/core/src/data/models/openai.ts').toEqual([]);
  });

  it.each(TASK_TYPES)('has an entry with task $task for every $typeName id', ({ file, typeName, task }) => {
    const ids = modelIds(sdk.name, file, typeName);
    expect(ids.length).toBeGreaterThan(2);
    const wrong = ids.filter((id) => {
      const found = defaultCatalog.findModel('openai', id);
      return found === undefined || found.match === 'cross-provider' || found.entry.task !== task;
    });
    expect(wrong, `add these ids with task '${task}' to packages/core/src/data/models/openai.ts`).toEqual([]);
  });
});
