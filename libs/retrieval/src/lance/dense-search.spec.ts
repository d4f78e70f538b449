import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbedOptions, Embedder } from '@rerank/contracts';
import { CollectionConflictError, RetrievalRequestError } from '../retrieval-errors';
import { LanceRetrievalEngine } from './lance-retrieval.engine';

const WORDS = ['harbour', 'ship', 'river', 'bridge', 'train', 'station', 'garden', 'flower', 'music', 'violin', 'coffee', 'bread'];

/**
 * A deterministic fake of the fleet's bi-encoder (the real one runs on workers, built elsewhere):
 * a text's vector counts the WORDS it holds, L2-normalised, so texts sharing words are close and
 * the expected dense order can be worked out by hand. It records every call's lane.
 */
class WordCountEmbedder implements Embedder {
  readonly calls: { model: string; texts: readonly string[]; lane: string }[] = [];
  failNext = false;

  async embed(model: string, texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]> {
    this.calls.push({ model, texts, lane: options.lane });
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the fleet is down');
    }
    if (model !== 'words') throw new Error(`model "${model}" is not served`);
    return texts.map((text) => {
      const vector = new Float32Array(WORDS.length);
      for (const word of text.toLowerCase().split(/\W+/)) {
        const index = WORDS.indexOf(word);
        if (index >= 0) vector[index] += 1;
      }
      const norm = Math.hypot(...vector) || 1;
      return vector.map((value) => value / norm);
    });
  }

  async dimensions(model: string): Promise<number | undefined> {
    return model === 'words' ? WORDS.length : undefined;
  }
}

describe('LanceRetrievalEngine dense and hybrid search (fake embedder)', () => {
  let dataDir: string;
  let embedder: WordCountEmbedder;
  let engine: LanceRetrievalEngine;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dense-spec-'));
    embedder = new WordCountEmbedder();
    engine = await LanceRetrievalEngine.open({ uri: dataDir, readConsistencySeconds: 0, embedder, vectorIndex: { minRows: 1_000_000 } });
  });

  afterEach(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const corpus = [
    { id: 'ships', text: 'harbour ship ship' },
    { id: 'mixed', text: 'harbour river bridge' },
    { id: 'trains', title: 'Rail', text: 'train station' },
    { id: 'garden', text: 'garden flower flower', metadata: { kind: 'plants' } },
  ];

  it('creates a collection with an embedding model, idempotently, and refuses another model', async () => {
    expect(await engine.collections.create('c', { embeddingModel: 'words' })).toEqual({
      created: true,
      info: { name: 'c', documents: 0, embeddingModel: 'words', dimensions: WORDS.length },
    });
    expect((await engine.collections.create('c', { embeddingModel: 'words' })).created).toBe(false);
    await expect(engine.collections.create('c', { embeddingModel: 'other' })).rejects.toBeInstanceOf(CollectionConflictError);
    await expect(engine.collections.create('c', {})).rejects.toThrow('collection "c" exists with embedding model "words"');
  });

  it('embeds documents on the bulk lane (title and text) and queries on the interactive lane', async () => {
    await engine.collections.create('c', { embeddingModel: 'words' });
    await engine.collections.upsert('c', corpus);
    await engine.retriever.search('c', 'river', 2, { retrieval: 'dense' });
    expect(embedder.calls.map(({ lane, texts }) => [lane, texts.length])).toEqual([
      ['bulk', 4],
      ['interactive', 1],
    ]);
    expect(embedder.calls[0].texts[2]).toBe('Rail train station');
  });

  it('ranks dense hits by cosine similarity and says the dense stage found them', async () => {
    await engine.collections.create('c', { embeddingModel: 'words' });
    await engine.collections.upsert('c', corpus);
    const hits = await engine.retriever.search('c', 'ship', 10, { retrieval: 'dense' });
    expect(hits).toHaveLength(4);
    expect(hits[0].id).toBe('ships');
    // ships = (harbour + 2 ship) / sqrt(5): cosine with "ship" is 2 / sqrt(5); no other text holds "ship".
    expect(hits[0].score).toBeCloseTo(2 / Math.sqrt(5), 5);
    expect(hits[0].stages).toEqual({ dense: { rank: 1, score: hits[0].score } });
    expect(hits.slice(1).map((hit) => hit.score)).toEqual([0, 0, 0].map(() => expect.closeTo(0, 5)));
    const [mixed] = await engine.retriever.search('c', 'harbour river', 1, { retrieval: 'dense' });
    expect(mixed).toMatchObject({ id: 'mixed', score: expect.closeTo(2 / Math.sqrt(6), 5) });
  });

  it('fuses BM25 and dense by reciprocal rank in hybrid search, the default for a collection with vectors', async () => {
    await engine.collections.create('c', { embeddingModel: 'words' });
    await engine.collections.upsert('c', [
      ...corpus,
      // Found by BM25 only: "violins" stems to "violin" but the fake embedder counts exact words.
      { id: 'strings', text: 'violins' },
    ]);
    const hits = await engine.retriever.search('c', 'violin harbour', 3, { rrfK: 60 });
    const byId = new Map(hits.map((hit) => [hit.id, hit]));
    expect(hits.map((hit) => hit.id).sort()).toEqual(['mixed', 'ships', 'strings']);
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
    // "mixed" is the dense stage's first (cosine 1/sqrt(6) against 1/sqrt(10) for "ships").
    expect(byId.get('mixed')!.stages.dense?.rank).toBe(1);
    expect(Object.keys(byId.get('ships')!.stages).sort()).toEqual(['bm25', 'dense']);
    expect(Object.keys(byId.get('mixed')!.stages).sort()).toEqual(['bm25', 'dense']);
    expect(byId.get('strings')!.stages.dense).toBeUndefined();
    expect(byId.get('strings')!.stages.bm25?.rank).toBeGreaterThanOrEqual(1);
    const ships = byId.get('ships')!;
    expect(ships.score).toBeCloseTo(1 / (60 + ships.stages.bm25!.rank) + 1 / (60 + ships.stages.dense!.rank), 12);
  });

  it("returns metadata and titles with dense hits, and sees replaced documents' new vectors", async () => {
    await engine.collections.create('c', { embeddingModel: 'words' });
    await engine.collections.upsert('c', corpus);
    await engine.collections.upsert('c', [{ id: 'ships', text: 'coffee bread' }]);
    const [top] = await engine.retriever.search('c', 'coffee', 1, { retrieval: 'dense' });
    expect(top).toMatchObject({ id: 'ships', text: 'coffee bread' });
    const [garden] = await engine.retriever.search('c', 'flower', 1, { retrieval: 'dense' });
    expect(garden).toMatchObject({ id: 'garden', metadata: { kind: 'plants' } });
  });

  it('writes nothing when the embeddings cannot be computed', async () => {
    await engine.collections.create('c', { embeddingModel: 'words' });
    await engine.collections.upsert('c', corpus.slice(0, 1));
    embedder.failNext = true;
    await expect(engine.collections.upsert('c', corpus.slice(1))).rejects.toThrow('the fleet is down');
    expect((await engine.collections.describe('c'))?.documents).toBe(1);
  });

  it('refuses dense and hybrid search on a BM25-only collection, naming the mode', async () => {
    await engine.collections.upsert('plain', corpus);
    await expect(engine.retriever.search('plain', 'ship', 5, { retrieval: 'dense' })).rejects.toThrow(
      new RetrievalRequestError('retrieval "dense" needs a collection with an embedding model; collection "plain" has none (use "bm25")'),
    );
    expect((await engine.retriever.search('plain', 'ship', 5)).map((hit) => hit.id)).toEqual(['ships']);
  });
});

describe('the vector index (fake embedder)', () => {
  it('is built once the collection is large enough and finds what exact search finds', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dense-index-spec-'));
    // Vectors from the text's numbers: 600 points on 12 dimensions, spread over 4 clusters.
    const embedder: Embedder = {
      embed: async (_model, texts) =>
        texts.map((text) => {
          const n = Number(text.split(' ')[1]);
          const vector = new Float32Array(12).map((_, d) => Math.sin(n * (d + 1) * 0.37) + (d === n % 4 ? 3 : 0));
          const norm = Math.hypot(...vector);
          return vector.map((value) => value / norm);
        }),
      dimensions: async () => 12,
    };
    const engine = await LanceRetrievalEngine.open({
      uri: dataDir,
      readConsistencySeconds: 0,
      embedder,
      vectorIndex: { minRows: 500, rowsPerPartition: 150, nprobes: 4 },
    });
    try {
      await engine.collections.create('v', { embeddingModel: 'numbers' });
      await engine.collections.upsert(
        'v',
        Array.from({ length: 600 }, (_, n) => ({ id: `d${n}`, text: `point ${n}` })),
      );
      await engine.flush();
      expect(await engine.buildVectorIndex('v')).toBe(false); // already built by the optimize after the write
      let found = 0;
      for (let q = 0; q < 20; q++) {
        const [vector] = await embedder.embed('numbers', [`point ${1000 + q}`], { lane: 'interactive' });
        const exact = new Set((await engine.retriever.exactDense('v', vector, 10)).map((hit) => hit.id));
        found += (await engine.retriever.denseByVector('v', vector, 10)).filter((hit) => exact.has(hit.id)).length;
      }
      expect(found / 200).toBeGreaterThanOrEqual(0.9);
    } finally {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
