import { BadRequestException } from '@nestjs/common';
import { WindowingOptions } from '@rerank/contracts';
import { DEFAULT_MEAN_TOP_K, DEFAULT_STRIDE, LongDocumentPolicy } from './rerank-command';

/**
 * The windowing a request (or bulk job) asks for, with defaults filled in and the bounds
 * checked; undefined to truncate. `maxChunksPerDoc` is RERANK_MAX_CHUNKS_PER_DOC, default and limit.
 */
export function windowingFor(policy: LongDocumentPolicy, maxChunksPerDoc: number): WindowingOptions | undefined {
  const maxChunks = policy.maxChunksPerDoc ?? maxChunksPerDoc;
  if (maxChunks > maxChunksPerDoc) {
    throw new BadRequestException(`max_chunks_per_doc is ${maxChunks}; the limit is ${maxChunksPerDoc} (RERANK_MAX_CHUNKS_PER_DOC)`);
  }
  const aggregation = policy.aggregation ?? 'max';
  if (policy.meanTopK !== undefined && aggregation !== 'mean') {
    throw new BadRequestException(`mean_top_k applies only to aggregation "mean" (got "${aggregation}")`);
  }
  if (policy.meanTopK !== undefined && policy.meanTopK > maxChunks) {
    throw new BadRequestException(`mean_top_k (${policy.meanTopK}) must not exceed max_chunks_per_doc (${maxChunks})`);
  }
  if (policy.truncate) return undefined;
  return {
    aggregation,
    maxChunks,
    meanTopK: policy.meanTopK ?? Math.min(DEFAULT_MEAN_TOP_K, maxChunks),
    stride: policy.stride ?? DEFAULT_STRIDE,
  };
}
