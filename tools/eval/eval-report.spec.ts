import { formatMetricsTable } from './eval-report';

describe('formatMetricsTable', () => {
  it('prints BM25 and reranked metrics side by side, four decimals, columns aligned', () => {
    const bm25 = { 'ndcg@10': 0.36234, 'mrr@10': 0.5155, 'recall@100': 0.7313, map: 0.2947 };
    const rerank = { 'ndcg@10': 0.4, 'mrr@10': 0.6, 'recall@100': 0.7313, map: 0.31 };
    expect(formatMetricsTable({ queries: 2, bm25, rerank }).split('\n')).toEqual([
      '                nDCG@10   MRR@10   Recall@100      MAP',
      'BM25             0.3623   0.5155       0.7313   0.2947',
      'BM25 + rerank    0.4000   0.6000       0.7313   0.3100',
    ]);
  });

  it('adds dense and hybrid rows when the corpus had vectors', () => {
    const bm25 = { 'ndcg@10': 0.3, 'mrr@10': 0.5, 'recall@100': 0.7, map: 0.25 };
    const dense = { 'ndcg@10': 0.1, 'mrr@10': 0.2, 'recall@100': 0.3, map: 0.05 };
    const hybrid = { 'ndcg@10': 0.25, 'mrr@10': 0.45, 'recall@100': 0.72, map: 0.2 };
    expect(formatMetricsTable({ queries: 2, bm25, dense, hybrid, rerank: null }).split('\n')).toEqual([
      '               nDCG@10   MRR@10   Recall@100      MAP',
      'BM25            0.3000   0.5000       0.7000   0.2500',
      'dense           0.1000   0.2000       0.3000   0.0500',
      'hybrid (RRF)    0.2500   0.4500       0.7200   0.2000',
    ]);
  });
});
