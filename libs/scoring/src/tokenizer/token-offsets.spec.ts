import { TokenOffset, alignTokenOffsets, codePointIndexer } from './token-offsets';

// What BertNormalizer does to one character: strip accents, lower-case, pad CJK with spaces.
const bertNormalize = (character: string) => {
  const stripped = character
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
  return /\p{Script=Han}/u.test(character) ? ` ${stripped} ` : stripped;
};
const wordPiece = { normalize: bertNormalize, unknownToken: '[UNK]', continuingPrefix: '##' };

const spans = (text: string, offsets: TokenOffset[]) => offsets.map(([start, end]) => text.slice(start, end));

describe('alignTokenOffsets', () => {
  it('returns the original accented and upper-case spans of lower-cased, accent-stripped tokens', () => {
    const text = 'Café, NAÏVE Zürich!';
    const offsets = alignTokenOffsets(text, ['cafe', ',', 'naive', 'zurich', '!'], wordPiece);
    expect(spans(text, offsets)).toEqual(['Café', ',', 'NAÏVE', 'Zürich', '!']);
  });

  it('returns the spans of word pieces inside one word', () => {
    const text = 'Unbelievably so';
    const offsets = alignTokenOffsets(text, ['un', '##bel', '##ie', '##va', '##bly', 'so'], wordPiece);
    expect(offsets).toEqual([
      [0, 2],
      [2, 5],
      [5, 7],
      [7, 9],
      [9, 12],
      [13, 15],
    ]);
  });

  it('returns spans that keep decomposed accents with their letters', () => {
    const text = 'e\u0301te\u0301 fini';
    const offsets = alignTokenOffsets(text, ['et', '##e', 'fini'], wordPiece);
    expect(spans(text, offsets)).toEqual(['e\u0301t', 'e\u0301', 'fini']);
  });

  it('returns the whole word for an unknown token and single punctuation for an unknown symbol', () => {
    const text = 'I 😀x tea ¤';
    const offsets = alignTokenOffsets(text, ['i', '[UNK]', 'tea', '[UNK]'], wordPiece);
    expect(spans(text, offsets)).toEqual(['I', '😀x', 'tea', '¤']);
  });

  it('returns one span per CJK character the normalizer padded with spaces', () => {
    const text = '東京駅';
    expect(alignTokenOffsets(text, ['東', '京', '駅'], wordPiece)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('returns the span of a word-final sigma token against a capital sigma', () => {
    const text = 'ΣΟΦΟΣ';
    expect(spans(text, alignTokenOffsets(text, ['σ', '##ο', '##φ', '##ος'], wordPiece))).toEqual(['Σ', 'Ο', 'Φ', 'ΟΣ']);
  });

  it('returns spans for SentencePiece tokens with their word-start marker', () => {
    const text = 'Hello  world';
    const offsets = alignTokenOffsets(text, ['\u2581Hello', '\u2581wor', 'ld'], { normalize: (character) => character });
    expect(spans(text, offsets)).toEqual(['Hello', 'wor', 'ld']);
  });

  it('returns an empty span for a token it cannot find and aligns the next one again', () => {
    const text = 'abc déf ghi';
    const offsets = alignTokenOffsets(text, ['abc', 'Ã©', 'def', 'ghi'], wordPiece);
    expect(offsets).toEqual([
      [0, 3],
      [4, 4],
      [4, 7],
      [8, 11],
    ]);
  });
});

describe('codePointIndexer', () => {
  it('returns code point positions for UTF-16 positions around a surrogate pair', () => {
    const toCodePoint = codePointIndexer('a😀b');
    expect([0, 1, 3, 4].map(toCodePoint)).toEqual([0, 1, 2, 3]);
  });

  it('returns positions unchanged for text without surrogates', () => {
    expect(codePointIndexer('été')(3)).toBe(3);
  });
});
