import { Logger } from '@nestjs/common';
import { EmbedTextsPayload, EmbedTextsResult, Lane } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { BacklogJob } from '@rerank/queue';
import { FleetModelsService } from '../scoring/fleet-models.service';
import { QueueBackpressureService } from '../scoring/queue-backpressure.service';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { ScoreResultsListener, ScoringFailedError } from '../scoring/score-results.listener';
import { EmbeddingDispatcherService } from './embedding-dispatcher.service';

/** What the stub fleet does with the job of `chunk`: fail it or never finish it. */
type JobFate = 'failed' | 'stuck';

/** A dispatcher over a stub queue (jobs of 2 texts) that records what is added, removed and counted in and out of the backlog. */
function dispatcherWith(fate: (chunk: number) => JobFate) {
  const added: EmbedTextsPayload[] = [];
  const removed: string[] = [];
  const backlog = { counted: [] as BacklogJob[], released: [] as string[] };
  const pending = new Map<string, { reject: (error: Error) => void }>();
  const queue = {
    name: 'embed.m.interactive',
    addBulk: async (jobs: { data: EmbedTextsPayload; opts: { jobId: string } }[]) => {
      for (const job of jobs) {
        added.push(job.data);
        if (fate(Number(job.opts.jobId.split('.')[1])) === 'failed') {
          pending.get(job.opts.jobId)?.reject(new ScoringFailedError(job.opts.jobId, 'invalid embed-texts payload: texts must be strings'));
        }
      }
    },
    remove: async (jobId: string) => void removed.push(jobId),
  };
  const results = {
    listen: async () => undefined,
    expect: (jobId: string) => new Promise<EmbedTextsResult>((_, reject) => pending.set(jobId, { reject })),
    forget: () => undefined,
  };
  const backpressure = {
    admit: async () => undefined,
    enqueuing: async (_queue: string, jobs: BacklogJob[]) => void backlog.counted.push(...jobs),
    finished: (_queue: string, jobIds: string[]) => void backlog.released.push(...jobIds),
  };
  const dispatcher = new EmbeddingDispatcherService(
    { jobDocuments: 2, requestTimeoutMs: 5_000 } as GatewayConfig,
    { resolveModel: (model: string) => model, queueFor: () => queue } as unknown as ScoreQueuesService,
    results as unknown as ScoreResultsListener,
    { assertServed: async () => 1 } as unknown as FleetModelsService,
    backpressure as unknown as QueueBackpressureService,
  );
  return { dispatcher, added, removed, backlog };
}

const request = (texts: string[], deadline: number) => ({ requestId: 'r', model: 'm', texts, lane: Lane.Interactive, deadline });

describe('EmbeddingDispatcherService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers 502 when a job fails, and counts the other jobs out of the backlog and removes them at once', async () => {
    const { dispatcher, added, removed, backlog } = dispatcherWith((chunk) => (chunk === 1 ? 'failed' : 'stuck'));
    const answered = dispatcher.dispatch(request(['a', 'b', 'c', 'd', 'e'], Date.now() + 60_000));
    await expect(answered).rejects.toThrow(/^embedding job .*\.1 failed: invalid embed-texts payload/);
    expect(added.map((payload) => payload.texts.length)).toEqual([2, 2, 1]);
    expect([...removed].sort()).toEqual([expect.stringMatching(/\.0$/), expect.stringMatching(/\.2$/)]);
    expect([...backlog.released].sort()).toEqual(backlog.counted.map((job) => job.jobId).sort());
  });

  it('answers 504 naming the unfinished jobs when the deadline passes, and counts each out of the backlog once', async () => {
    const { dispatcher, removed, backlog } = dispatcherWith(() => 'stuck');
    const answered = dispatcher.dispatch(request(['a', 'b', 'c'], Date.now() + 30));
    await expect(answered).rejects.toThrow('the deadline passed with 2 of 2 embedding job(s) unfinished');
    expect(removed).toHaveLength(2);
    expect([...backlog.released].sort()).toEqual(backlog.counted.map((job) => job.jobId).sort());
  });
});
