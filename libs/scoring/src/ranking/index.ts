/**
 * The pure part of scoring: logits to scores, rankings, window aggregation. The gateway imports
 * only this entry (`@rerank/scoring/ranking`), so it never loads onnxruntime-node or transformers.js,
 * which the package's main entry pulls in.
 */
export * from './relevance';
export * from './rank-partial';
export * from './aggregate-windows';
