import './lance-threads';
import { Embedder } from '@rerank/contracts';
import { CollectionNotFoundError, RetrievalRequestError } from '../retrieval-errors';
import { Retriever, SearchHit, SearchOptions } from '../retriever';
import { DEFAULT_RRF_K, StageRanking, fuseByReciprocalRank } from '../reciprocal-rank-fusion';
import { queryWords } from '../query-words';
import { CorpusDocument } from '../corpus-document';
import { DOCUMENT_COLUMNS, StoredRow, toDocument } from './collection-schema';
import { readDocumentsAt } from './document-reader';
import { LanceTables, OpenCollection } from './lance-tables';
import { embedderOrFail } from './unwired-embedder';
import { VectorIndexOptions } from './vector-index.policy';

type Ranked = CorpusDocument & { score: number };

/** A hybrid stage's hit: its row address (as the fusion key `id`, and as read back) and the stage's score. */
type RowHit = { id: string; rowId: bigint; score: number };

/** A search row as Lance returns it (rows are typed any). */
type SearchRow = StoredRow & { _rowid: bigint };

/** Columns a search reads: the document's, or only the row address and score (hybrid stages). */
type Reading = 'documents' | 'rows';

/**
 * BM25 through Lance's inverted index (block-max WAND), dense search through its vector index
 * (query vectors from the fleet on the interactive lane), and hybrid as reciprocal rank fusion of
 * the two, run side by side. Reading a hit's columns costs about as much as the index search
 * itself (docs/benchmarks.md), so a hybrid search's stages return row addresses only and the
 * fused hits' documents are read once.
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
    if (mode === 'dense') {
      const vector = await this.embedQuery(found, query, options);
      return (await this.nearest(found, vector, limit, false)).map((hit, i) => stageHit('dense', hit, i));
    }
    return this.hybrid(found, query, limit, options);
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

  private async hybrid(found: OpenCollection, query: string, limit: number, options: SearchOptions): Promise<SearchHit[]> {
    const perStage = Math.max(limit, options.candidatesPerStage ?? limit);
    const vector = this.embedQuery(found, query, options);
    // A compaction between the searches and the read moves the rows: the second try sees the new layout.
    for (let attempt = 1; ; attempt++) {
      const [bm25, dense] = await Promise.all([
        this.bm25Rows(found, query, perStage),
        vector.then((v) => this.nearestRows(found, v, perStage)),
      ]);
      const rankings: StageRanking<RowHit>[] = [
        { stage: 'bm25', hits: bm25 },
        { stage: 'dense', hits: dense },
      ];
      const fused = fuseByReciprocalRank(rankings, limit, options.rrfK ?? DEFAULT_RRF_K);
      const documents = await readDocumentsAt(
        found.table,
        fused.map((hit) => hit.rowId),
      );
      if (documents) return withDocuments(fused, documents);
      if (attempt === 2) throw new Error(`collection "${found.name}" changed under two searches in a row; try again`);
    }
  }

  private async embedQuery(found: OpenCollection, query: string, options: SearchOptions): Promise<Float32Array> {
    const model = found.shape.embeddingModel as string;
    const [vector] = await embedderOrFail(this.embedder).embed(model, [query], {
      lane: 'interactive',
      deadline: options.deadline,
      requestId: options.requestId,
    });
    return vector;
  }

  private async bm25(found: OpenCollection, query: string, limit: number): Promise<Ranked[]> {
    const rows = await this.bm25Search(found, query, limit, 'documents');
    // Sorted here too: lance returns a table's unindexed rows in no order when none is indexed yet.
    return rows.map((row) => ({ ...toDocument(row), score: row._score ?? 0 })).sort((a, b) => b.score - a.score);
  }

  private async bm25Rows(found: OpenCollection, query: string, limit: number): Promise<RowHit[]> {
    const rows = await this.bm25Search(found, query, limit, 'rows');
    return rows.map((row) => rowHit(row, row._score ?? 0)).sort((a, b) => b.score - a.score);
  }

  private async bm25Search(found: OpenCollection, query: string, limit: number, reading: Reading): Promise<SearchRow[]> {
    // Words only: quotes, operators and field syntax would otherwise reach the query parser.
    const words = queryWords(query);
    if (words.length === 0) return [];
    const search = found.table.query().fullTextSearch(words.join(' '), { columns: 'body' });
    return (await (reading === 'documents' ? search.select([...DOCUMENT_COLUMNS, '_score']) : search.select(['_score']).withRowId())
      .limit(limit)
      .toArray()) as SearchRow[];
  }

  private async nearest(found: OpenCollection, vector: Float32Array, limit: number, exact: boolean, nprobes?: number): Promise<Ranked[]> {
    const rows = await this.vectorSearch(found, vector, limit, 'documents', exact, nprobes);
    return rows.map((row) => ({ ...toDocument(row), score: 1 - (row._distance ?? 1) }));
  }

  private async nearestRows(found: OpenCollection, vector: Float32Array, limit: number): Promise<RowHit[]> {
    const rows = await this.vectorSearch(found, vector, limit, 'rows', false);
    return rows.map((row) => rowHit(row, 1 - (row._distance ?? 1)));
  }

  private async vectorSearch(
    found: OpenCollection,
    vector: Float32Array,
    limit: number,
    reading: Reading,
    exact: boolean,
    nprobes?: number,
  ): Promise<SearchRow[]> {
    let search = found.table
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .nprobes(nprobes ?? this.vectorIndex.nprobes);
    if (exact) search = search.bypassVectorIndex();
    search = reading === 'documents' ? search.select([...DOCUMENT_COLUMNS, '_distance']) : search.select(['_distance']).withRowId();
    return (await search.limit(limit).toArray()) as SearchRow[];
  }
}

/**
 * The fused hits with their documents. Both stages read one table version, so a document has one
 * address; should a refresh land between them, the document's first (better) hit is kept.
 */
function withDocuments(
  fused: readonly (Omit<RowHit, 'score'> & Pick<SearchHit, 'score' | 'stages'>)[],
  documents: Map<bigint, CorpusDocument>,
): SearchHit[] {
  const seen = new Set<string>();
  return fused.flatMap(({ rowId, score, stages }) => {
    const document = documents.get(rowId) as CorpusDocument;
    if (seen.has(document.id)) return [];
    seen.add(document.id);
    return [{ ...document, score, stages }];
  });
}

function rowHit(row: SearchRow, score: number): RowHit {
  return { id: String(row._rowid), rowId: row._rowid, score };
}

function stageHit(stage: 'bm25' | 'dense', { score, ...document }: Ranked, index: number): SearchHit {
  return { ...document, score, stages: { [stage]: { rank: index + 1, score } } };
}
