import './lance-threads';
import { Embedder } from '@rerank/contracts';
import { CollectionNotFoundError, RetrievalRequestError } from '../retrieval-errors';
import { Retriever, SearchHit, SearchOptions } from '../retriever';
import { DEFAULT_RRF_K, StageRanking, fuseByReciprocalRank } from '../reciprocal-rank-fusion';
import { queryWords } from '../query-words';
import { CorpusDocument } from '../corpus-document';
import { DOCUMENT_COLUMNS, StoredRow, toDocument } from './collection-schema';
import { LanceTables, OpenCollection } from './lance-tables';
import { embedderOrFail } from './unwired-embedder';
import { VectorIndexOptions } from './vector-index.policy';

type Ranked = CorpusDocument & { score: number };

/**
 * BM25 through Lance's inverted index (block-max WAND), dense search through its vector index
 * (query vectors from the fleet on the interactive lane), and hybrid as reciprocal rank fusion of
 * the two, run side by side. Each stage reads its hits' documents inside its Lance query: reading
 * only row addresses and then the fused hits once was measured slower at concurrency 1 (hybrid
 * mean 20.8 vs 17.8 ms at 500K), as that read follows the fusion instead of overlapping the
 * other stage (docs/benchmarks.md).
 */
export class LanceRetriever implements Retriever {
  constructor(
    private readonly tables: LanceTables,
    private readonly embedder: Embedder | undefined,
    private readonly vectorIndex: VectorIndexOptions,
  ) {}

  async search(collection: string, query: string, limit: number, options: SearchOptions = {}): Promise<SearchHit[]> {
    const found = await this.tables.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    this.tables.warm(found);
    const mode = options.retrieval ?? (found.shape.embeddingModel === undefined ? 'bm25' : 'hybrid');
    if (mode !== 'bm25' && found.shape.embeddingModel === undefined) {
      throw new RetrievalRequestError(
        `retrieval "${mode}" needs a collection with an embedding model; collection "${collection}" has none (use "bm25")`,
      );
    }
    if (limit < 1) return [];
    if (mode === 'bm25') return (await this.bm25(found, query, limit)).map((hit, i) => stageHit('bm25', hit, i));
    if (mode === 'dense') return (await this.dense(found, query, limit, options)).map((hit, i) => stageHit('dense', hit, i));
    const perStage = Math.max(limit, options.candidatesPerStage ?? limit);
    const [bm25, dense] = await Promise.all([this.bm25(found, query, perStage), this.dense(found, query, perStage, options)]);
    const rankings: StageRanking[] = [
      { stage: 'bm25', hits: bm25 },
      { stage: 'dense', hits: dense },
    ];
    return fuseByReciprocalRank(rankings, limit, options.rrfK ?? DEFAULT_RRF_K);
  }

  /** Exact nearest neighbours, bypassing the vector index: the yardstick for its recall. */
  async exactDense(collection: string, vector: Float32Array, limit: number): Promise<Ranked[]> {
    const found = await this.tables.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    return this.nearest(found, vector, limit, true);
  }

  /** Nearest neighbours of a vector through the index (`nprobes` overrides the engine's, for benchmarks). */
  async denseByVector(collection: string, vector: Float32Array, limit: number, nprobes?: number): Promise<Ranked[]> {
    const found = await this.tables.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    this.tables.warm(found);
    return this.nearest(found, vector, limit, false, nprobes);
  }

  private async bm25(found: OpenCollection, query: string, limit: number): Promise<Ranked[]> {
    // Words only: quotes, operators and field syntax would otherwise reach the query parser.
    const words = queryWords(query);
    if (words.length === 0) return [];
    const rows = (await found.table
      .query()
      .fullTextSearch(words.join(' '), { columns: 'body' })
      .select([...DOCUMENT_COLUMNS, '_score'])
      .limit(limit)
      .toArray()) as StoredRow[];
    // Sorted here too: lance returns a table's unindexed rows in no order when none is indexed yet.
    return rows.map((row) => ({ ...toDocument(row), score: row._score ?? 0 })).sort((a, b) => b.score - a.score);
  }

  private async dense(found: OpenCollection, query: string, limit: number, options: SearchOptions): Promise<Ranked[]> {
    const model = found.shape.embeddingModel as string;
    const [vector] = await embedderOrFail(this.embedder).embed(model, [query], {
      lane: 'interactive',
      deadline: options.deadline,
      requestId: options.requestId,
    });
    return this.nearest(found, vector, limit, false);
  }

  private async nearest(found: OpenCollection, vector: Float32Array, limit: number, exact: boolean, nprobes?: number): Promise<Ranked[]> {
    let search = found.table
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .nprobes(nprobes ?? this.vectorIndex.nprobes);
    if (exact) search = search.bypassVectorIndex();
    const rows = (await search
      .select([...DOCUMENT_COLUMNS, '_distance'])
      .limit(limit)
      .toArray()) as StoredRow[];
    return rows.map((row) => ({ ...toDocument(row), score: 1 - (row._distance ?? 1) }));
  }
}

function stageHit(stage: 'bm25' | 'dense', { score, ...document }: Ranked, index: number): SearchHit {
  return { ...document, score, stages: { [stage]: { rank: index + 1, score } } };
}
