import { longestFirstLengths } from './pair-truncation';

describe('longestFirstLengths', () => {
  // The pair table of tokenizers' own `test_longest_first_pair` (max_length 7, no specials).
  it.each([
    [0, 2, [0, 2]],
    [0, 8, [0, 7]],
    [2, 2, [2, 2]],
    [2, 8, [2, 5]],
    [4, 4, [3, 4]],
    [4, 8, [3, 4]],
    [8, 2, [5, 2]],
    [8, 4, [4, 3]],
    [8, 8, [3, 4]],
    [8, 0, [7, 0]],
  ])('returns what Hugging Face tokenizers keeps when the lengths are %i and %i for a budget of 7', (a, b, kept) => {
    expect(longestFirstLengths(a, b, 7)).toEqual(kept);
  });

  it('returns the document cut to the remaining budget when the query is short', () => {
    expect(longestFirstLengths(9, 600, 509)).toEqual([9, 500]);
  });

  it('returns both sequences untouched when they fit', () => {
    expect(longestFirstLengths(9, 500, 509)).toEqual([9, 500]);
  });

  it('returns nothing when the budget is zero', () => {
    expect(longestFirstLengths(4, 4, 0)).toEqual([0, 0]);
  });
});
