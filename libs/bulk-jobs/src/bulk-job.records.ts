import { z } from 'zod';
import { say, zodProblem } from '@rerank/contracts';
import { BULK_JOB_STATES, BulkJobRecord, ManifestEntry } from './bulk-job';

/**
 * What a bulk job left in Redis that this version cannot read: written by another version of
 * the fleet, or edited by hand. Reading on with `NaN` counts or a wrong manifest would report a
 * wrong status or hand out wrong results; the error names the job, the value and the field.
 */
export class UnreadableBulkJobError extends Error {
  constructor(jobId: string, what: string, problem: string) {
    super(`bulk job "${jobId}": ${what} in Redis cannot be read: ${problem}`);
    this.name = 'UnreadableBulkJobError';
  }
}

/** A hash field holding a non-negative integer, as HSET and HINCRBY write it. */
const count = z
  .string(say('must be a non-negative integer'))
  .regex(/^\d{1,16}$/)
  .transform(Number);

/** An optional field: absent or empty means not set (FINISH_SCRIPT writes '' for no reason). */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const recordSchema = z.object({
  id: z.string(say('must be a non-empty string')).min(1),
  state: z.enum(BULK_JOB_STATES, say(`must be one of ${BULK_JOB_STATES.join(', ')}`)),
  model: z.string(say('must be a non-empty string')).min(1),
  topN: optional(count),
  queries: count,
  pairsTotal: count,
  pairsDone: count,
  batches: count,
  requestId: z.string(say('must be a string')),
  createdAt: count,
  startedAt: optional(count),
  finishedAt: optional(count),
  failedReason: optional(z.string(say('must be a string'))),
  enqueueLeaseUntil: optional(count),
});

const manifestSchema = z.array(
  z.tuple([
    z.number(say('must be a non-negative integer')).int().min(0),
    z.string(say('must be a string')),
    z.number(say('must be a non-negative integer')).int().min(0),
  ]),
  say('must be a list of [query index, query id, candidates]'),
);

/**
 * A job's record from its hash (HGETALL); undefined for a job that does not exist. A hash
 * without a state is no job either: a lease renewal can land on a record that just expired.
 */
export function readBulkJobRecord(jobId: string, fields: Record<string, string>): BulkJobRecord | undefined {
  if (fields.state === undefined) return undefined;
  const parsed = recordSchema.safeParse(fields);
  if (!parsed.success) throw new UnreadableBulkJobError(jobId, 'its record', zodProblem(parsed.error));
  return parsed.data;
}

/** One batch's manifest from its JSON value. */
export function readManifest(jobId: string, batch: number, value: string): ManifestEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    throw new UnreadableBulkJobError(jobId, `the manifest of batch ${batch}`, `not JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new UnreadableBulkJobError(jobId, `the manifest of batch ${batch}`, zodProblem(parsed.error));
  return parsed.data;
}

/** One query's stored scores (candidate id → logit) from its hash; every logit must be a finite number. */
export function readQueryScores(jobId: string, queryIndex: number, fields: Record<string, string>): Map<string, number> {
  const scores = new Map<string, number>();
  for (const [id, text] of Object.entries(fields)) {
    const logit = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(logit)) {
      throw new UnreadableBulkJobError(jobId, `the scores of query ${queryIndex}`, `candidate "${id}" has "${text}", not a finite number`);
    }
    scores.set(id, logit);
  }
  return scores;
}
