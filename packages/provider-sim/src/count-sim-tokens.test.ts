import { describe, expect, it } from 'vitest';
import { countSimTokens, splitSimTokens } from './count-sim-tokens';
import { generateReplyTokens } from './internal/generation';
import { createRandom } from './internal/random';

describe('the simulator token rule', () => {
  it.each([
    ['Hello, world', ['Hello', ',', ' world']],
    ['kilowatthours', ['kilowatt', 'hours']],
    ['a  b', ['a', '  ', 'b']],
    ['{"city":"Paris"}', ['{', '"', 'city', '"', ':', '"', 'Paris', '"', '}']],
    ['', []],
  ])('splits %j', (text, tokens) => {
    expect(splitSimTokens(text)).toEqual(tokens);
    expect(countSimTokens(text)).toBe(tokens.length);
  });

  it('gives the text back when tokens are joined, whatever the text', () => {
    const random = createRandom(1);
    const alphabet = ['a', 'Z', '9', ' ', '  ', '\n', ',', 'é', '😀', '{', '"', 'ß', '\t'];
    for (let round = 0; round < 200; round += 1) {
      const text = Array.from({ length: random.integer(0, 40) }, () => random.pick(alphabet)).join('');
      expect(splitSimTokens(text).join('')).toBe(text);
    }
  });

  it('generates replies whose every element is exactly one token', () => {
    const tokens = generateReplyTokens(createRandom(5), 5000);
    expect(tokens).toHaveLength(5000);
    expect(countSimTokens(tokens.join(''))).toBe(5000);
    expect(tokens.at(-1)).toBe('.');
  });
});
