/** Words that are one bert-base-uncased token each, so a text's token count is its word count. */
export const ONE_TOKEN_WORDS: readonly string[] = [
  'berlin',
  'city',
  'people',
  'live',
  'river',
  'population',
  'museum',
  'train',
  'winter',
  'capital',
  'germany',
  'history',
  'music',
  'park',
  'bridge',
  'market',
  'science',
  'school',
  'coffee',
  'night',
];

/** Deterministic candidate texts of varied length, so batches mix short and long pairs. */
export function makeDocuments(count: number, seed = 1): string[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648);
  return Array.from({ length: count }, (_, i) => {
    const length = 3 + (next() % 60);
    const text = Array.from({ length }, () => ONE_TOKEN_WORDS[next() % ONE_TOKEN_WORDS.length]).join(' ');
    return `${i}: ${text}.`;
  });
}
