/**
 * A seeded synthetic corpus with a realistic word distribution: word frequencies follow the
 * Zipf-Mandelbrot law fitted to English text (p(r) ∝ 1 / (r + 2.7)), the most frequent ranks are
 * real English function words, and the rest are made-up pronounceable words.
 */

/** The ~100 most frequent English words, roughly in frequency order: ranks 0..99. */
export const FUNCTION_WORDS = (
  'the of and to a in is that for it as was with be by on not he i this are or his from at which but have an ' +
  'had they you were their one all we can her has there been if more when will would who so no she other its ' +
  'may these what them than some him time into only do up about then out also first new could two my any like ' +
  'our over me your most should such even after how many made where did through much well those way years ' +
  'before just very make'
).split(' ');

const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'te',
  'lu',
  'sa',
  'ne',
  'po',
  'ri',
  'da',
  've',
  'lo',
  'tu',
  'ga',
  'be',
  'chi',
  'an',
  'or',
  'el',
  'is',
  'un',
  'ter',
  'men',
  'tion',
  'al',
  'ic',
  'dro',
  'pha',
  'sen',
  'gor',
  'bix',
  'quo',
  'zan',
  'fel',
  'mur',
  'tas',
];

/** mulberry32: small, fast and seedable; plenty for word sampling. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

/** Walker's alias table: one uniform draw per sample, whatever the vocabulary size. */
class AliasSampler {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: Float64Array) {
    const n = weights.length;
    const total = weights.reduce((sum, w) => sum + w, 0);
    const scaled = Float64Array.from(weights, (w) => (w * n) / total);
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] += scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.probability[i] = 1;
  }

  sample(random: SeededRandom): number {
    const u = random.next() * this.probability.length;
    const i = Math.floor(u);
    return u - i < this.probability[i] ? i : this.alias[i];
  }
}

export interface SyntheticDocument {
  id: string;
  title: string;
  text: string;
}

export interface SyntheticCorpusOptions {
  seed: number;
  vocabulary: number;
  minWords: number;
  maxWords: number;
}

export const DEFAULT_CORPUS_OPTIONS: SyntheticCorpusOptions = { seed: 42, vocabulary: 200_000, minWords: 50, maxWords: 300 };

/** Generates documents and queries; the same options always give the same corpus. */
export class SyntheticCorpus {
  readonly words: string[];
  private readonly random: SeededRandom;
  private readonly sampler: AliasSampler;

  constructor(readonly options: SyntheticCorpusOptions = DEFAULT_CORPUS_OPTIONS) {
    this.random = new SeededRandom(options.seed);
    this.words = this.makeVocabulary(options.vocabulary);
    this.sampler = new AliasSampler(Float64Array.from(this.words, (_, rank) => 1 / (rank + 1 + 2.7)));
  }

  /** A word rank drawn from the corpus distribution (0 is the most frequent). */
  sampleRank(): number {
    return this.sampler.sample(this.random);
  }

  /** Document `index`: a 3-10 word title and a text of minWords-maxWords words. */
  document(index: number): { document: SyntheticDocument; ranks: Int32Array } {
    const titleRanks = this.ranks(this.random.int(3, 10));
    const ranks = this.ranks(this.random.int(this.options.minWords, this.options.maxWords));
    return {
      document: { id: `doc-${index}`, title: this.join(titleRanks), text: `${this.join(ranks)}.` },
      ranks,
    };
  }

  /**
   * A known-item query for a document (Azzopardi et al.'s simulated queries): 2-5 distinct
   * content words of its text, chosen uniformly. Function words are left out, as users leave
   * them out or the stop list drops them.
   */
  knownItemQuery(ranks: Int32Array): string {
    const content = [...new Set(ranks)].filter((rank) => rank >= FUNCTION_WORDS.length);
    const picked: number[] = [];
    const length = Math.min(this.random.int(2, 5), content.length);
    while (picked.length < length) {
      const [rank] = content.splice(Math.floor(this.random.next() * content.length), 1);
      picked.push(rank);
    }
    return this.join(picked);
  }

  /** A query of 2-6 words drawn from the corpus distribution itself, function words included. */
  zipfQuery(): string {
    return this.join(this.ranks(this.random.int(2, 6)));
  }

  private ranks(count: number): Int32Array {
    const ranks = new Int32Array(count);
    for (let i = 0; i < count; i++) ranks[i] = this.sampler.sample(this.random);
    return ranks;
  }

  private join(ranks: ArrayLike<number>): string {
    let text = '';
    for (let i = 0; i < ranks.length; i++) text += (i === 0 ? '' : ' ') + this.words[ranks[i]];
    return text;
  }

  private makeVocabulary(size: number): string[] {
    const words = FUNCTION_WORDS.slice(0, size);
    const seen = new Set(words);
    while (words.length < size) {
      let word = '';
      const syllables = this.random.int(2, 4);
      for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(this.random.next() * SYLLABLES.length)];
      if (!seen.has(word)) {
        seen.add(word);
        words.push(word);
      }
    }
    return words;
  }
}
