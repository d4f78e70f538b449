import { BadRequestException } from '@nestjs/common';
import { WindowingOptions } from '@rerank/contracts';
import { DEFAULT_MEAN_TOP_K, DEFAULT_STRIDE, LongDocumentPolicy } from './rerank-command';

/**
 * The windowing a request (or bulk job) asks for, with defaults filled in and the bounds
 * checked; undefined to truncate. `maxChunksPerDoc` is RERANK_MAX_CHUNKS_PER_DOC, default and
 * limit: a larger `max_chunks_per_doc` is clamped to it, as `top_n` is to the documents, since
 * Cohere takes larger values (its own default is 10) and a client has no way to ask our limit.
 */
export function windowingFor(policy: LongDocumentPolicy, maxChunksPerDoc: number): WindowingOptions | undefined {
  const maxChunks = Math.min(policy.maxChunksPerDoc ?? maxChunksPerDoc, maxChunksPerDoc);
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
