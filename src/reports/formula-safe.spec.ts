import { formulaSafe } from './formula-safe';

describe('formulaSafe', () => {
  it.each(['=HYPERLINK("http://x")', '+1+cmd', '-2+3', '@SUM(1)', '\tx', '\rx'])('neutralises %j', (text) => {
    expect(formulaSafe(text)).toBe(`'${text}`);
  });

  it.each([['plain text'], [' =spaced'], [''], [-2.5], [0], [true], [null]])('keeps %j', (value) => {
    expect(formulaSafe(value)).toBe(value);
  });
});
