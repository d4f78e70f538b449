import './lance-threads';
import { Embedder } from '@rerank/contracts';
import { CollectionNotFoundError, RetrievalRequestError } from '../retrieval-errors';
import { Retriever, SearchHit, SearchOptions } from '../retriever';
import { DEFAULT_RRF_K, StageRanking, fuseByReciprocalRank } from '../reciprocal-rank-fusion';
import { queryWords } from '../query-words';
import { CorpusDocument } from '../corpus-document';
import { RowRef, readDocuments } from './document-reader';
import { LanceTables, OpenCollection } from './lance-tables';
import { embedderOrFail } from './unwired-embedder';
import { VectorIndexOptions } from './vector-index.policy';

/** A stage's hit before its document is read: id, row address and the stage's score. */
type StageRow = RowRef & { score: number };

/**
 * BM25 through Lance's inverted index (block-max WAND), dense search through its vector index
 * (query vectors from the fleet on the interactive lane), and hybrid as reciprocal rank fusion of
 * the two, run side by side. Stages read ids and scores only; the final hits' documents are read
 * once, after ranking or fusion (see readDocuments).
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
    const mode = options.retrieval ?? (found.shape.embeddingModel === undefined ? 'bm25' : 'hybrid');
    if (mode !== 'bm25' && found.shape.embeddingModel === undefined) {
      throw new RetrievalRequestError(
        `retrieval "${mode}" needs a collection with an embedding model; collection "${collection}" has none (use "bm25")`,
      );
    }
    if (limit < 1) return [];
    let hits: (RowRef & Pick<SearchHit, 'score' | 'stages'>)[];
    if (mode === 'bm25') hits = (await this.bm25(found, query, limit)).map((hit, i) => stageHit('bm25', hit, i));
    else if (mode === 'dense') hits = (await this.dense(found, query, limit, options)).map((hit, i) => stageHit('dense', hit, i));
    else {
      const perStage = Math.max(limit, options.candidatesPerStage ?? limit);
      const [bm25, dense] = await Promise.all([this.bm25(found, query, perStage), this.dense(found, query, perStage, options)]);
      const rankings: StageRanking<StageRow>[] = [
        { stage: 'bm25', hits: bm25 },
        { stage: 'dense', hits: dense },
      ];
      hits = fuseByReciprocalRank(rankings, limit, options.rrfK ?? DEFAULT_RRF_K);
    }
    return withDocuments(hits, await readDocuments(found.table, hits));
  }

  /** Exact nearest neighbours, bypassing the vector index: the yardstick for its recall. */
  async exactDense(collection: string, vector: Float32Array, limit: number): Promise<SearchHit[]> {
    return this.denseOf(collection, vector, limit, true);
  }

  /** Nearest neighbours of a vector through the index (`nprobes` overrides the engine's, for benchmarks). */
  async denseByVector(collection: string, vector: Float32Array, limit: number, nprobes?: number): Promise<SearchHit[]> {
    return this.denseOf(collection, vector, limit, false, nprobes);
  }

  private async denseOf(collection: string, vector: Float32Array, limit: number, exact: boolean, nprobes?: number): Promise<SearchHit[]> {
    const found = await this.tables.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    const hits = (await this.nearest(found, vector, limit, exact, nprobes)).map((hit, i) => stageHit('dense', hit, i));
    return withDocuments(hits, await readDocuments(found.table, hits));
  }

  private async bm25(found: OpenCollection, query: string, limit: number): Promise<StageRow[]> {
    // Words only: quotes, operators and field syntax would otherwise reach the query parser.
    const words = queryWords(query);
    if (words.length === 0) return [];
    const rows = (await found.table
      .query()
      .fullTextSearch(words.join(' '), { columns: 'body' })
      .select(['id', '_score'])
      .withRowId()
      .limit(limit)
      .toArray()) as SearchRow[];
    // Sorted here too: lance returns a table's unindexed rows in no order when none is indexed yet.
    return rows.map((row) => ({ id: row.id, rowId: row._rowid, score: row._score ?? 0 })).sort((a, b) => b.score - a.score);
  }

  private async dense(found: OpenCollection, query: string, limit: number, options: SearchOptions): Promise<StageRow[]> {
    const model = found.shape.embeddingModel as string;
    const [vector] = await embedderOrFail(this.embedder).embed(model, [query], {
      lane: 'interactive',
      deadline: options.deadline,
      requestId: options.requestId,
    });
    return this.nearest(found, vector, limit, false);
  }

  private async nearest(found: OpenCollection, vector: Float32Array, limit: number, exact: boolean, nprobes?: number): Promise<StageRow[]> {
    let search = found.table
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .nprobes(nprobes ?? this.vectorIndex.nprobes);
    if (exact) search = search.bypassVectorIndex();
    const rows = (await search.select(['id', '_distance']).withRowId().limit(limit).toArray()) as SearchRow[];
    return rows.map((row) => ({ id: row.id, rowId: row._rowid, score: 1 - (row._distance ?? 1) }));
  }
}

/** A stage's row as Lance returns it (rows are typed any). */
interface SearchRow {
  id: string;
  _rowid: bigint;
  _score?: number;
  _distance?: number;
}

function stageHit(stage: 'bm25' | 'dense', { score, ...ref }: StageRow, index: number): RowRef & Pick<SearchHit, 'score' | 'stages'> {
  return { ...ref, score, stages: { [stage]: { rank: index + 1, score } } };
}

/** The hits with their documents, in order; a hit whose document was deleted since the search is dropped. */
function withDocuments(
  hits: readonly (RowRef & Pick<SearchHit, 'score' | 'stages'>)[],
  documents: Map<string, CorpusDocument>,
): SearchHit[] {
  return hits.flatMap(({ rowId: _rowId, id, score, stages }) => {
    const document = documents.get(id);
    return document ? [{ ...document, score, stages }] : [];
  });
}
