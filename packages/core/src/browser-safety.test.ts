import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const source = dirname(fileURLToPath(import.meta.url));

/** Every source file the main entry reaches through relative imports. */
function reachable(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), match[1] as string);
      const candidate = [`${target}.ts`, join(target, 'index.ts')].find((path) => existsSync(path));
      if (candidate !== undefined) queue.push(candidate);
    }
  }
  return files;
}

describe('@wattlens/core main entry', () => {
  it('reaches no Node-only API (the ledger lives in @wattlens/core/ledger)', () => {
    const files = reachable(join(source, 'index.ts'));
    expect(files.size).toBeGreaterThan(10);
    for (const [file, text] of files) {
      const relative = file.slice(source.length + 1);
      expect(relative.startsWith('ledger/'), relative).toBe(false);
      expect(text, relative).not.toMatch(/from\s+'node:/);
      expect(text, relative).not.toMatch(/from\s+'(fs|path|os|child_process|crypto|stream|util)'/);
      expect(text, relative).not.toMatch(/\bprocess\.(env|cwd|exit|on|stdout|stderr)\b|\bBuffer\.|\brequire\(|__dirname/);
      expect(text, relative).not.toMatch(/reference types="node"/);
    }
  });

  it('exposes the ledger as its own entry point', () => {
    const manifest = JSON.parse(readFileSync(join(source, '..', 'package.json'), 'utf8')) as { exports: Record<string, Record<string, unknown>> };
    expect(manifest.exports['./ledger']?.['wattlens-source']).toBe('./src/ledger/index.ts');
    expect(Object.keys(manifest.exports['./ledger'] ?? {})).toEqual(['wattlens-source', 'import', 'require']);
  });
});
