import { RunMetrics } from '@rerank/retrieval';

export interface EvalReport {
  queries: number;
  bm25: RunMetrics;
  /** With --embedding-model: the collection's vectors alone, and fused with BM25. */
  dense?: RunMetrics | null;
  hybrid?: RunMetrics | null;
  rerank: RunMetrics | null;
}

const COLUMNS: [keyof RunMetrics, string][] = [
  ['ndcg@10', 'nDCG@10'],
  ['mrr@10', 'MRR@10'],
  ['recall@100', 'Recall@100'],
  ['map', 'MAP'],
];

/** The side-by-side table the eval command prints. */
export function formatMetricsTable(report: EvalReport): string {
  const header = ['', ...COLUMNS.map(([, label]) => label)];
  const rows = [['BM25', ...COLUMNS.map(([key]) => report.bm25[key].toFixed(4))]];
  if (report.dense) rows.push(['dense', ...COLUMNS.map(([key]) => (report.dense as RunMetrics)[key].toFixed(4))]);
  if (report.hybrid) rows.push(['hybrid (RRF)', ...COLUMNS.map(([key]) => (report.hybrid as RunMetrics)[key].toFixed(4))]);
  if (report.rerank) rows.push(['BM25 + rerank', ...COLUMNS.map(([key]) => (report.rerank as RunMetrics)[key].toFixed(4))]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ');
  return [line(header), ...rows.map(line)].join('\n');
}
