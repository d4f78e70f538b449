import { Lane, deadlinePassedReason } from '@rerank/contracts';
import { EncodedPair } from '../tokenizer/encoded-pair';
import { PaddedBatch, padBatch } from './pad-batch';
import { BatchLimits, planBatches } from './plan-batches';

export interface DynamicBatcherOptions extends BatchLimits {
  /** How long a lone request may wait for company before its run starts. */
  maxWaitMs: number;
  /**
   * Real tokens a planning round fills up to, whole submissions at a time: a submission is
   * never cut between rounds, so a request's job is sorted and packed as one.
   */
  roundTokens: number;
  /**
   * Most padded tokens in one bulk run (at most maxTokens). An interactive arrival waits for
   * the bulk run in flight, so this bounds what bulk work adds to interactive latency.
   */
  bulkRunTokens?: number;
  /**
   * Told about every ONNX run that returned logits (failed runs are not reported), e.g. to
   * record metrics. Called after the run's pairs are settled; a throw is ignored, so an observer
   * can never fail scoring.
   */
  onRun?: (run: BatchRun) => void;
}

/** One ONNX run, as `DynamicBatcherOptions.onRun` sees it. */
export interface BatchRun {
  lane: Lane;
  /** Pairs in the run. */
  rows: number;
  /** Tokens of the pairs themselves. */
  realTokens: number;
  /** Tokens the model computed: rows × the longest pair, padding included. */
  paddedTokens: number;
  /**
   * Wall time of the run in seconds: from when the model could start it (its posting, or the
   * end of the run queued before it) to its logits, the session thread's round trip included.
   */
  seconds: number;
}

/**
 * What a submission gets back. `R` is what the model gives per row: a cross-encoder's logit
 * (the default), or a bi-encoder's vector.
 */
export interface BatchedScores<R = number> {
  /** One output per submitted row (a cross-encoder's logit, a bi-encoder's vector), in submission order. */
  logits: R[];
  /** Padded tokens spent on this submission's pairs (each pair costs its run's width). */
  paddedTokens: number;
  realTokens: number;
  /**
   * Milliseconds of ONNX runs spent on this submission's pairs (each pair its share of its run):
   * pairs / busy time is how fast the model scores, whatever the traffic.
   */
  busyMs: number;
}

/** Thrown for a submission whose deadline passed while it waited: nobody wants its scores. */
export class DeadlineExceededError extends Error {
  constructor(lateByMs: number) {
    super(deadlinePassedReason(lateByMs));
    this.name = 'DeadlineExceededError';
  }
}

/** Runs one padded batch and gives one output per row, in row order. */
export type RunBatch<R = number> = (batch: PaddedBatch) => Promise<ArrayLike<R>>;

class Submission<R> {
  readonly logits: R[];
  remaining: number;
  paddedTokens = 0;
  realTokens = 0;
  busyMs = 0;
  failed = false;

  constructor(
    pairs: number,
    readonly deadline: number,
    readonly resolve: (scores: BatchedScores<R>) => void,
    readonly reject: (error: Error) => void,
  ) {
    this.logits = new Array<R>(pairs);
    this.remaining = pairs;
  }
}

/**
 * Runs a lane keeps at the model at once. Interactive: one in flight and the next one already
 * posted behind it, so the model goes from run to run without waiting for this thread to settle
 * the last one and pad the next (a round trip per run: ~0.5 ms on a 2-core CPU host, a large
 * share of a GPU's few-millisecond run). Bulk: one, so interactive work arriving during a bulk
 * round waits for at most the bulk run in flight.
 */
const RUNS_AT_THE_MODEL: Record<Lane, number> = { [Lane.Interactive]: 2, [Lane.Bulk]: 1 };

interface QueuedPair<R> {
  pair: EncodedPair;
  owner: Submission<R>;
  slot: number;
  queuedAt: number;
}

/**
 * A round's planned runs, those holding its longest-waiting pair first, so pairs put back by an
 * interrupted round cannot be passed over for ever by shorter newcomers; among runs whose pairs
 * waited alike (one submission, or one round), shortest first as planned.
 */
function runsOldestFirst<R>(round: readonly QueuedPair<R>[], plan: number[][]): number[][] {
  const oldest = plan.map((positions) =>
    positions.reduce((min, position) => Math.min(min, round[position].queuedAt), Number.POSITIVE_INFINITY),
  );
  return plan
    .map((positions, run) => ({ positions, run }))
    .sort((a, b) => oldest[a.run] - oldest[b.run] || a.run - b.run)
    .map(({ positions }) => positions);
}

/**
 * Packs the pairs of all concurrent submissions into shared ONNX runs: every planning round
 * takes what has queued up (oldest first, whole submissions), sorts it by length and cuts it
 * into runs within the token budget. Small concurrent requests share forward passes; a big one
 * is split. One run is in flight at a time and, in the interactive lane, the next one waits
 * posted behind it (see RUNS_AT_THE_MODEL); the next submissions are tokenized meanwhile. Pairs
 * that arrive while a round runs end it before its next unposted run: its unrun pairs go back
 * to the front of their queue and are planned again with the newcomers (the jobs of one request,
 * tokenized one after another, are packed as one), runs holding the longest-waiting pairs first.
 *
 * Each submission belongs to a lane. Interactive pairs always go into a round before any bulk
 * pair, and a bulk round yields after each run when interactive pairs are waiting (its other
 * pairs go back to the front of the bulk queue), so interactive work waits for at most one bulk
 * run. With no interactive work, bulk rounds are planned exactly like interactive ones.
 */
export class DynamicBatcher<R = number> {
  private readonly queues: Record<Lane, QueuedPair<R>[]> = { [Lane.Interactive]: [], [Lane.Bulk]: [] };
  /** Submissions per lane so far: a round yields to pairs that arrived while it ran. */
  private readonly arrivals: Record<Lane, number> = { [Lane.Interactive]: 0, [Lane.Bulk]: 0 };
  private queuedTokens = 0;
  private pumping = false;
  /** Runs posted to the model and not yet settled, oldest first; each removes itself when settled. */
  private readonly atTheModel: Promise<void>[] = [];
  /** When the last run came back: a run posted behind another starts then, not when it was posted. */
  private lastRunEnded = 0;

  constructor(
    private readonly runBatch: RunBatch<R>,
    private readonly options: DynamicBatcherOptions,
  ) {}

  /**
   * Scores pairs in runs shared with other submissions; rejects with DeadlineExceededError if
   * `deadline` (epoch ms) passes before they run. `lane` orders the work: see the class comment.
   */
  score(pairs: readonly EncodedPair[], deadline = Number.POSITIVE_INFINITY, lane: Lane = Lane.Interactive): Promise<BatchedScores<R>> {
    if (pairs.length === 0) return Promise.resolve({ logits: [], paddedTokens: 0, realTokens: 0, busyMs: 0 });
    return new Promise((resolve, reject) => {
      const owner = new Submission<R>(pairs.length, deadline, resolve, reject);
      const queuedAt = performance.now();
      const queue = this.queues[lane];
      this.arrivals[lane]++;
      pairs.forEach((pair, slot) => {
        queue.push({ pair, owner, slot, queuedAt });
        this.queuedTokens += pair.inputIds.length;
      });
      // Fire and forget: the pump settles every submission itself (a failed run rejects its owners).
      void this.pump();
    });
  }

  /** Pairs waiting for a run, in both lanes. */
  get backlog(): number {
    return this.queues[Lane.Interactive].length + this.queues[Lane.Bulk].length;
  }

  /** The lane the next round serves: interactive whenever it has pairs waiting. */
  private nextLane(): Lane | undefined {
    if (this.queues[Lane.Interactive].length > 0) return Lane.Interactive;
    return this.queues[Lane.Bulk].length > 0 ? Lane.Bulk : undefined;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.backlog > 0) {
        let lane = this.nextLane() as Lane;
        // Pairs that queued up behind the previous run have waited already; only a lone
        // newcomer on an idle batcher waits (briefly) for company.
        const waited = performance.now() - this.queues[lane][0].queuedAt;
        if (this.queuedTokens < this.options.maxTokens && waited < this.options.maxWaitMs) {
          await new Promise((resolve) => setTimeout(resolve, this.options.maxWaitMs - waited));
          // Interactive work that arrived meanwhile goes first.
          lane = this.nextLane() as Lane;
        }
        await this.runRound(this.takeRound(lane), lane);
      }
    } finally {
      this.pumping = false;
    }
  }

  private takeRound(lane: Lane): QueuedPair<R>[] {
    const queue = this.queues[lane];
    const now = Date.now();
    const round: QueuedPair<R>[] = [];
    let tokens = 0;
    while (
      queue.length > 0 &&
      (round.length === 0 || tokens < this.options.roundTokens || queue[0].owner === round[round.length - 1].owner)
    ) {
      const entry = queue.shift() as QueuedPair<R>;
      this.queuedTokens -= entry.pair.inputIds.length;
      if (entry.owner.failed) continue;
      if (now > entry.owner.deadline) {
        this.fail(entry.owner, new DeadlineExceededError(now - entry.owner.deadline));
        continue;
      }
      round.push(entry);
      tokens += entry.pair.inputIds.length;
    }
    return round;
  }

  private async runRound(round: QueuedPair<R>[], lane: Lane): Promise<void> {
    const { maxTokens, maxRows, bulkRunTokens } = this.options;
    const limits = lane === Lane.Bulk ? { maxRows, maxTokens: Math.min(maxTokens, bulkRunTokens ?? maxTokens) } : this.options;
    const runs = runsOldestFirst(
      round,
      planBatches(
        round.map((entry) => entry.pair.inputIds.length),
        limits,
      ),
    );
    const arrivedBefore = this.arrivals[lane];
    for (const [run, positions] of runs.entries()) {
      await this.roomAtTheModel(lane);
      if (run > 0 && this.shouldYield(lane, arrivedBefore)) {
        this.requeue(
          lane,
          runs
            .slice(run)
            .flat()
            .sort((a, b) => a - b)
            .map((position) => round[position]),
        );
        return;
      }
      const entries = positions.map((position) => round[position]).filter((entry) => !entry.owner.failed);
      if (entries.length > 0) this.post(entries, lane);
    }
  }

  /** Waits until the lane may post another run (RUNS_AT_THE_MODEL). */
  private async roomAtTheModel(lane: Lane): Promise<void> {
    while (this.atTheModel.length >= RUNS_AT_THE_MODEL[lane]) await this.atTheModel[0];
  }

  /** Pads the entries into one run and posts it; the run settles its pairs (or fails their owners) when it comes back. */
  private post(entries: QueuedPair<R>[], lane: Lane): void {
    const batch = padBatch(entries.map((entry) => entry.pair));
    const width = batch.inputIds.dims[1];
    const posted = performance.now();
    const settled: Promise<void> = this.runBatch(batch)
      .then(
        (logits) => {
          const ended = performance.now();
          const seconds = (ended - Math.max(posted, this.lastRunEnded)) / 1000;
          this.lastRunEnded = ended;
          const share = (seconds * 1000) / entries.length;
          entries.forEach((entry, row) => this.settle(entry, logits[row], width, share));
          this.report({ lane, rows: entries.length, realTokens: batch.realTokens, paddedTokens: batch.paddedTokens, seconds });
        },
        (error: unknown) => {
          this.lastRunEnded = performance.now();
          for (const entry of entries) this.fail(entry.owner, error instanceof Error ? error : new Error(String(error)));
        },
      )
      .finally(() => this.atTheModel.splice(this.atTheModel.indexOf(settled), 1));
    this.atTheModel.push(settled);
  }

  /**
   * Whether a round stops before its next run: a bulk round for interactive work, and any
   * round for pairs of its own lane that arrived while it ran. Those are planned with the
   * round's unrun pairs, so a request cut into several jobs is sorted and packed as one
   * instead of job by job (each job's last run half empty).
   */
  private shouldYield(lane: Lane, arrivedBefore: number): boolean {
    if (lane === Lane.Bulk && this.queues[Lane.Interactive].length > 0) return true;
    return this.arrivals[lane] !== arrivedBefore && this.queues[lane].length > 0;
  }

  private report(run: BatchRun): void {
    try {
      this.options.onRun?.(run);
    } catch {
      // Metrics must not fail scoring; a throw here would also leave the pump stuck half-way.
    }
  }

  /** Puts the unrun pairs of an interrupted round (in their queue order) back in front of their lane's queue. */
  private requeue(lane: Lane, entries: QueuedPair<R>[]): void {
    const waiting = entries.filter((entry) => !entry.owner.failed);
    for (const entry of waiting) this.queuedTokens += entry.pair.inputIds.length;
    this.queues[lane] = waiting.concat(this.queues[lane]);
  }

  private settle(entry: QueuedPair<R>, logit: R, width: number, busyMs: number): void {
    const owner = entry.owner;
    if (owner.failed) return;
    owner.logits[entry.slot] = logit;
    owner.paddedTokens += width;
    owner.realTokens += entry.pair.inputIds.length;
    owner.busyMs += busyMs;
    if (--owner.remaining === 0) {
      owner.resolve({ logits: owner.logits, paddedTokens: owner.paddedTokens, realTokens: owner.realTokens, busyMs: owner.busyMs });
    }
  }

  private fail(owner: Submission<R>, error: Error): void {
    if (owner.failed) return;
    owner.failed = true;
    owner.reject(error);
  }
}
