import type { EncodedPair } from './encoded-pair';

interface Segment {
  ids: number[];
  typeIds: number[];
}

/** What a probe encoding of one pair looks like, from the tokenizer itself. */
export interface PairProbe {
  /** The first text encoded alone, without special tokens. */
  first: number[];
  /** The second text encoded alone, without special tokens. */
  second: number[];
  /** Both texts encoded as a pair with special tokens. */
  pair: { inputIds: number[]; tokenTypeIds: number[] };
}

function indexOfRun(haystack: readonly number[], run: readonly number[], from: number): number {
  for (let start = from; start + run.length <= haystack.length; start++) {
    if (run.every((id, i) => haystack[start + i] === id)) return start;
  }
  return -1;
}

function uniformTypeId(typeIds: readonly number[], what: string): number {
  if (typeIds.some((id) => id !== typeIds[0])) throw new Error(`pair template gives the ${what} mixed token type ids`);
  return typeIds[0];
}

/**
 * The layout a tokenizer's post-processor gives a pair: `prefix A middle B suffix` with a type
 * id per part (for BERT `[CLS] A [SEP] B [SEP]`, types 0 for A and 1 for B and its [SEP]).
 * Learned from the tokenizer rather than hard-coded, so that truncation can happen on the bare
 * sequences and the specials are added afterwards, as Hugging Face tokenizers do.
 */
export class PairTemplate {
  private constructor(
    private readonly prefix: Segment,
    private readonly firstTypeId: number,
    private readonly middle: Segment,
    private readonly secondTypeId: number,
    private readonly suffix: Segment,
  ) {}

  /** Finds the two sequences inside the probe pair; what surrounds them are the specials. */
  static fromProbe({ first, second, pair }: PairProbe): PairTemplate {
    if (first.length === 0 || second.length === 0) throw new Error('pair template probe texts must produce tokens');
    const firstAt = indexOfRun(pair.inputIds, first, 0);
    const secondAt = firstAt < 0 ? -1 : indexOfRun(pair.inputIds, second, firstAt + first.length);
    if (secondAt < 0) {
      throw new Error(`cannot find both probe sequences in the pair encoding [${pair.inputIds.join(', ')}]`);
    }

    const slice = (start: number, end?: number): Segment => ({
      ids: pair.inputIds.slice(start, end),
      typeIds: pair.tokenTypeIds.slice(start, end),
    });
    const secondEnd = secondAt + second.length;
    return new PairTemplate(
      slice(0, firstAt),
      uniformTypeId(pair.tokenTypeIds.slice(firstAt, firstAt + first.length), 'first sequence'),
      slice(firstAt + first.length, secondAt),
      uniformTypeId(pair.tokenTypeIds.slice(secondAt, secondEnd), 'second sequence'),
      slice(secondEnd),
    );
  }

  /** Number of special tokens the template adds to a pair. */
  get specialCount(): number {
    return this.prefix.ids.length + this.middle.ids.length + this.suffix.ids.length;
  }

  /** Wraps two already-truncated sequences in the template's special tokens. */
  assemble(first: readonly number[], second: readonly number[]): EncodedPair {
    const { prefix, middle, suffix } = this;
    return {
      inputIds: [...prefix.ids, ...first, ...middle.ids, ...second, ...suffix.ids],
      tokenTypeIds: [
        ...prefix.typeIds,
        ...new Array<number>(first.length).fill(this.firstTypeId),
        ...middle.typeIds,
        ...new Array<number>(second.length).fill(this.secondTypeId),
        ...suffix.typeIds,
      ],
    };
  }
}
