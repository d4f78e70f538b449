/**
 * Queue and job names shared by the gateway (producer) and the workers (consumers).
 * One queue per model and lane, so models and priorities scale independently.
 */
export enum Lane {
  Interactive = 'interactive',
  /** Offline rescoring jobs: served by the same workers, after interactive work. */
  Bulk = 'bulk',
}

export enum JobName {
  ScorePairs = 'score-pairs',
  ScoreBulkBatch = 'score-bulk-batch',
  /** Texts a bi-encoder turns into vectors, on either lane of its model's queues. */
  EmbedTexts = 'embed-texts',
}

/** Turns a model name (hub id or directory name) into a token that is safe inside a BullMQ queue name. */
export function modelSlug(modelName: string): string {
  const slug = modelName
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '--')
    .replace(/^-+|-+$/g, '');
  if (!slug) throw new Error(`model name "${modelName}" has no usable characters for a queue name`);
  return slug;
}

/** The BullMQ queue that carries one model's work (scoring or embedding, by the model's kind) in one lane. */
export function scoreQueueName(modelName: string, lane: Lane = Lane.Interactive): string {
  return `score.${modelSlug(modelName)}.${lane}`;
}
