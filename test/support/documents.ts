/** Deterministic candidate texts of varied length, so batches mix short and long pairs. */
export function makeDocuments(count: number, seed = 1): string[] {
  const words = [
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
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648);
  return Array.from({ length: count }, (_, i) => {
    const length = 3 + (next() % 60);
    const text = Array.from({ length }, () => words[next() % words.length]).join(' ');
    return `${i}: ${text}.`;
  });
}
