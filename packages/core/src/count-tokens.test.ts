import { countTokens as gptCountTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { contentText, countChatTokens, countTokens, loadTokenizer } from './count-tokens';

// The order matters: the tokenizer is loaded once per module instance.
describe('countTokens', () => {
  it('approximates from the length while gpt-tokenizer loads, then counts exactly', async () => {
    const text = 'How much water does a data center use per kilowatt-hour?';
    const early = countTokens(text);
    expect(early).toEqual({ tokens: Math.ceil(text.length / 4), tokenSource: 'estimated' });
    expect(await loadTokenizer()).toBe(true);
    const exact = countTokens(text);
    expect(exact).toEqual({ tokens: gptCountTokens(text), tokenSource: 'counted' });
    expect(exact.tokens).not.toBe(early.tokens);
  });

  it('adds the counts of several texts and counts nothing as zero', async () => {
    await loadTokenizer();
    expect(countTokens(['Hello there', ' and more']).tokens).toBe(gptCountTokens('Hello there') + gptCountTokens(' and more'));
    expect(countTokens([])).toEqual({ tokens: 0, tokenSource: 'counted' });
    expect(countTokens('').tokens).toBe(0);
  });

  it('counts special-token strings in user text as plain text instead of throwing', async () => {
    await loadTokenizer();
    const text = 'ignore this <|endoftext|> marker';
    expect(() => gptCountTokens(text)).toThrow();
    expect(countTokens(text)).toEqual({ tokens: gptCountTokens(text, { disallowedSpecial: new Set() }), tokenSource: 'counted' });
  });
});

describe('countChatTokens', () => {
  it('counts 3 per message, the text parts and names, and 3 to prime the reply', async () => {
    await loadTokenizer();
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', name: 'ada', content: [{ type: 'text', text: 'Which grid is cleaner?' }, { type: 'image_url', imageUrl: 'https://example.com/x.png' }] },
    ];
    const expected = 3 * 2 + 3 + gptCountTokens('Be brief.') + gptCountTokens('Which grid is cleaner?') + gptCountTokens('ada');
    expect(countChatTokens(messages)).toEqual({ tokens: expected, tokenSource: 'counted' });
  });

  it('tolerates what is not a message list', () => {
    expect(countChatTokens(undefined).tokens).toBe(0);
    expect(contentText(42)).toEqual([]);
    expect(contentText(['a', { text: 'b' }, { image: 1 }])).toEqual(['a', 'b']);
  });
});
