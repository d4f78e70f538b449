import { BulkJobRecord, ManifestEntry } from '@rerank/bulk-jobs';
import { sigmoid } from '@rerank/scoring/ranking';
import { ResultsMissingError, jobResultLines, rankScores } from './job-results';

const job = (fields: Partial<BulkJobRecord> = {}): BulkJobRecord => ({
  id: 'job1',
  state: 'completed',
  model: 'tiny',
  queries: 3,
  pairsTotal: 6,
  pairsDone: 6,
  batches: 2,
  requestId: 'r',
  createdAt: 0,
  ...fields,
});

function store(manifests: ManifestEntry[][], scores: Record<number, Record<string, number>>) {
  const reads: number[] = [];
  return {
    reads,
    manifest: async (_: string, batch: number) => manifests[batch],
    queryScores: async (_: string, queryIndex: number) => {
      reads.push(queryIndex);
      return new Map(Object.entries(scores[queryIndex] ?? {}));
    },
  };
}

const collect = async (lines: AsyncIterable<string>) => {
  let text = '';
  for await (const line of lines) text += line;
  return text;
};

// Query 1 is split over batches 0 and 1.
const manifests: ManifestEntry[][] = [
  [
    [0, 'q-a', 2],
    [1, 'q-b', 3],
  ],
  [
    [1, 'q-b', 3],
    [2, 'q-c', 1],
  ],
];
const scores = { 0: { x: -1, y: 2 }, 1: { d3: 0.5, d1: 0.5, d2: 3 }, 2: { only: 0 } };

describe('rankScores', () => {
  it('orders best first, equal logits by id, and keeps the top n', () => {
    const scored = new Map([
      ['b', 1],
      ['c', 2],
      ['a', 1],
      ['d', -5],
    ]);
    expect(rankScores(scored).map((r) => r.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(rankScores(scored, 2)).toEqual([
      { id: 'c', logit: 2 },
      { id: 'a', logit: 1 },
    ]);
  });
});

describe('jobResultLines', () => {
  it('emits one NDJSON line per query in upload order, a split query once, with sigmoid scores and ranks', async () => {
    const source = store(manifests, scores);
    const lines = (await collect(jobResultLines(source, job(), 'ndjson', 'tiny')))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        query_id: 'q-a',
        results: [
          { id: 'y', relevance_score: sigmoid(2), rank: 1 },
          { id: 'x', relevance_score: sigmoid(-1), rank: 2 },
        ],
      },
      {
        query_id: 'q-b',
        results: [
          { id: 'd2', relevance_score: sigmoid(3), rank: 1 },
          { id: 'd1', relevance_score: sigmoid(0.5), rank: 2 },
          { id: 'd3', relevance_score: sigmoid(0.5), rank: 3 },
        ],
      },
      { query_id: 'q-c', results: [{ id: 'only', relevance_score: 0.5, rank: 1 }] },
    ]);
    expect(source.reads).toEqual([0, 1, 2]);
  });

  it("applies the job's top_n and writes TREC run lines", async () => {
    const text = await collect(jobResultLines(store(manifests, scores), job({ topN: 1 }), 'trec', 'tiny'));
    expect(text).toBe(`q-a Q0 y 1 ${sigmoid(2)} tiny\nq-b Q0 d2 1 ${sigmoid(3)} tiny\nq-c Q0 only 1 0.5 tiny\n`);
  });

  it('fails rather than write a short file when scores or a manifest are missing', async () => {
    await expect(collect(jobResultLines(store(manifests, { ...scores, 2: {} }), job(), 'ndjson', 't'))).rejects.toThrow(
      new ResultsMissingError('query q-c of job job1 has 0 of its 1 scores'),
    );
    await expect(collect(jobResultLines(store([manifests[0]], scores), job(), 'ndjson', 't'))).rejects.toThrow(
      new ResultsMissingError('the manifest of batch 1 of job job1 is gone'),
    );
  });
});
