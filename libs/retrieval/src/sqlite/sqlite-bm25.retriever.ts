import { CollectionNotFoundError } from '../retrieval-errors';
import { Retriever, SearchHit } from '../retriever';
import { CollectionTables, FoundCollection, ScoredRowid, StoredDocumentRow, storedDocument } from './collection-tables';
import { toFts5Phrases } from './fts5-query';

/** FTS5's bm25() constants: k1 = 1.2 (so one term scores below idf × 2.2), b = 0.75. */
const K1_PLUS_ONE = 2.2;
/** Cached document frequencies kept per collection before the cache starts over. */
const MAX_CACHED_FREQUENCIES = 50_000;
/** Words in more than this share of the rows are the ones pruning sets aside. */
const COMMON_SHARE = 0.25;
/** Pruning stops paying once the rarer words alone match this share of the collection. */
const MAX_RARE_SHARE = 0.2;

/** FTS5's idf: ln((N - n + 0.5) / (n + 0.5)), clamped to 1e-6 for terms in over half the rows. */
export function fts5Idf(documents: number, frequency: number): number {
  const idf = Math.log((documents - frequency + 0.5) / (frequency + 0.5));
  return idf > 0 ? idf : 1e-6;
}

export interface Bm25RetrieverOptions {
  /** Exact top-k pruning (see {@link SqliteBm25Retriever}); off scores every matching row. */
  pruning: boolean;
}

const byScore = (a: ScoredRowid, b: ScoredRowid) => b.score - a.score || a.rowid - b.rowid;

/**
 * BM25 over a collection's FTS5 index (porter stemming, unicode61 folding). Query words are
 * ORed, each one quoted, so FTS5 syntax in a query is just text.
 *
 * FTS5 scores every row that matches any word (~1 µs a row), so a common word ("which",
 * "from") in a large collection costs more than all the rest. Like Lucene's MaxScore, the
 * retriever then first scores only the rows holding one of the other words, with the full score
 * of every query word, and accepts that top k when its k-th score is at least the most the
 * common words could give a row holding none of the others (idf × (k1 + 1) each). The answer is
 * the same as scoring every row; when the check fails it does exactly that.
 */
export class SqliteBm25Retriever implements Retriever {
  constructor(
    private readonly registry: { find(name: string): FoundCollection | undefined },
    private readonly options: Bm25RetrieverOptions = { pruning: true },
  ) {}

  async search(collection: string, query: string, limit: number): Promise<SearchHit[]> {
    const found = this.registry.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    const phrases = toFts5Phrases(query);
    if (phrases.length === 0 || limit < 1) return [];
    const top =
      (this.options.pruning && this.pruned(found, phrases, limit)) || found.tables.topRows.all(phrases.join(' OR '), limit);
    return top.map(({ rowid, score }) => toHit(found.tables.documentAt.get(rowid) as StoredDocumentRow, score));
  }

  /**
   * The top `limit` rows by pruning, or undefined when pruning cannot prove its answer. Only
   * words in over a quarter of the rows are set aside: they cost the most to score and their
   * bound (idf <= 1.1, so at most 2.4 each) is low enough for the check to pass; with rarer words
   * the check mostly fails and the failed attempt costs more than it saves.
   */
  private pruned(found: FoundCollection, phrases: string[], limit: number): ScoredRowid[] | undefined {
    if (phrases.length < 2 || limit >= found.documents) return undefined;
    const frequencies = phrases.map((phrase) => this.documentFrequency(found, phrase));
    const commonFrom = COMMON_SHARE * found.documents;
    const rare = phrases.filter((_, i) => frequencies[i] <= commonFrom);
    const common = phrases.filter((_, i) => frequencies[i] > commonFrom);
    if (rare.length === 0 || common.length === 0) return undefined;
    const rareRows = frequencies.reduce((sum, frequency) => sum + (frequency <= commonFrom ? frequency : 0), 0);
    if (rareRows < limit || rareRows > MAX_RARE_SHARE * found.documents) return undefined;
    // A hair above the true bound, in case FTS5's row count and ours ever differ by rounding.
    const bound =
      frequencies.reduce((sum, frequency) => sum + (frequency > commonFrom ? fts5Idf(found.documents, frequency) * K1_PLUS_ONE : 0), 0) *
      (1 + 1e-9);
    const rows = this.fullScoresOfRowsWith(found.tables, rare, common);
    if (rows.length < limit) return undefined;
    rows.sort(byScore);
    return rows[limit - 1].score >= bound ? rows.slice(0, limit) : undefined;
  }

  /**
   * Full BM25 scores of the rows holding a rare phrase. bm25() sums over the phrases of its
   * expression, so `(R) AND (R OR other)` matches exactly the rows of R and scores the rare
   * phrases twice and the others once; subtracting R's own score leaves each row's full score.
   * The AND lets FTS5 skip through the long posting lists instead of scoring their rows.
   */
  private fullScoresOfRowsWith(tables: CollectionTables, rare: string[], others: string[]): ScoredRowid[] {
    const rareOnly = rare.join(' OR ');
    const rareScores = new Map<number, number>();
    for (const { rowid, score } of tables.allRows.iterate(rareOnly)) rareScores.set(rowid, score);
    const doubled = tables.allRows.all(`(${rareOnly}) AND (${[...rare, ...others].join(' OR ')})`);
    return doubled.map(({ rowid, score }) => ({ rowid, score: score - (rareScores.get(rowid) ?? 0) }));
  }

  private documentFrequency(found: FoundCollection, phrase: string): number {
    const cache = found.tables.documentFrequencies;
    if (cache.version !== found.version || cache.byPhrase.size >= MAX_CACHED_FREQUENCIES) {
      cache.version = found.version;
      cache.byPhrase.clear();
    }
    let frequency = cache.byPhrase.get(phrase);
    if (frequency === undefined) {
      frequency = found.tables.countRows.get(phrase) ?? 0;
      cache.byPhrase.set(phrase, frequency);
    }
    return frequency;
  }
}

function toHit(row: StoredDocumentRow, score: number): SearchHit {
  return { ...storedDocument(row), score };
}
