import { describe, expect, it } from 'vitest';
import { captureIO } from '../test/capture-io';
import { main } from './main';

describe('main', () => {
  it('reports a bad argument on one line, its control characters escaped (no line break, no terminal escape)', async () => {
    const unknown = captureIO();
    expect(await main(['a\nb\u001b[2J'], unknown.io)).toBe(2);
    expect(unknown.err()).toBe('wattlens: unknown command "a\\nb\\u001b[2J". Run `wattlens --help` for the list.\n');

    const badValue = captureIO();
    expect(await main(['estimate', '--provider', 'openai', '--model', 'gpt-4o', '--input-tokens', '12\n\u009b31m'], badValue.io)).toBe(2);
    expect(badValue.err()).toBe('wattlens estimate: --input-tokens must be a non-negative integer, got "12\\n\\u009b31m"\n');
  });
});
