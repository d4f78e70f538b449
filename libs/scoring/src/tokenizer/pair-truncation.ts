/**
 * How many tokens of each sequence to keep so that both fit in `budget` tokens (the model's
 * max length minus the pair's special tokens), following Hugging Face tokenizers'
 * `longest_first` strategy for pairs, which sentence-transformers' CrossEncoder uses
 * (`truncation=True`). The longer sequence is cut first; when both are long each keeps about
 * half, the longer one getting the odd token (the second on a tie). Tokens are kept from the start.
 *
 * Ported from the `LongestFirst` arm of tokenizers' `truncate_encodings`; checked id for id
 * against tokenizers 0.22.2. tokenizers 0.23 first clips each sequence to max_length, which
 * only differs when both sequences exceed max_length and the query is the longer one.
 */
export function longestFirstLengths(firstLength: number, secondLength: number, budget: number): [number, number] {
  if (firstLength + secondLength <= budget) return [firstLength, secondLength];

  const swap = firstLength > secondLength;
  let shorter = swap ? secondLength : firstLength;
  let longer: number;
  if (shorter > budget) {
    longer = shorter;
  } else {
    longer = Math.max(shorter, budget - shorter);
  }
  if (shorter + longer > budget) {
    shorter = Math.floor(budget / 2);
    longer = shorter + (budget % 2);
  }
  const [keepFirst, keepSecond] = swap ? [longer, shorter] : [shorter, longer];
  return [Math.min(firstLength, keepFirst), Math.min(secondLength, keepSecond)];
}
