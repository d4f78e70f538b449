import { Lane } from '@rerank/contracts';
import { EncodedPair } from '../tokenizer/encoded-pair';
import { BatchRun, DeadlineExceededError, DynamicBatcher, DynamicBatcherOptions } from './dynamic-batcher';
import { PaddedBatch } from './pad-batch';

/** A stand-in model: the logit of a row is the sum of its unmasked ids, so misrouted rows show. */
function fakeModel() {
  const runs: number[][] = [];
  const run = async (batch: PaddedBatch): Promise<Float32Array> => {
    const [rows, width] = batch.inputIds.dims;
    const ids = batch.inputIds.data as BigInt64Array;
    const mask = batch.attentionMask.data as BigInt64Array;
    const logits = new Float32Array(rows);
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < width; column++) logits[row] += Number(ids[row * width + column] * mask[row * width + column]);
    }
    runs.push(Array.from(logits));
    await new Promise((resolve) => setImmediate(resolve));
    return logits;
  };
  return { run, runs };
}

const pair = (...ids: number[]): EncodedPair => ({ inputIds: ids, tokenTypeIds: ids.map(() => 0) });
const options: DynamicBatcherOptions = { maxTokens: 64, maxRows: 16, maxWaitMs: 5, roundTokens: 256 };

describe('DynamicBatcher', () => {
  it('returns each submission its own logits when concurrent submissions share one run', async () => {
    const model = fakeModel();
    const batcher = new DynamicBatcher(model.run, options);
    const [a, b, c] = await Promise.all([
      batcher.score([pair(1, 2), pair(10)]),
      batcher.score([pair(100, 200, 300)]),
      batcher.score([pair(5), pair(6, 7)]),
    ]);
    expect(a.logits).toEqual([3, 10]);
    expect(b.logits).toEqual([600]);
    expect(c.logits).toEqual([5, 13]);
    expect(model.runs).toHaveLength(1);
  });

  it("gives each submission its rows' share of the time of the runs it was in", async () => {
    const model = fakeModel();
    const batcher = new DynamicBatcher(model.run, options);
    const [a, b] = await Promise.all([batcher.score([pair(1), pair(2)]), batcher.score([pair(3)])]);
    expect(model.runs).toHaveLength(1);
    expect(b.busyMs).toBeGreaterThan(0);
    expect(a.busyMs).toBe(2 * b.busyMs);
  });

  it('splits a large submission into runs within the token budget, sorted by length', async () => {
    const model = fakeModel();
    const batcher = new DynamicBatcher(model.run, { ...options, maxTokens: 12 });
    const pairs = [pair(1, 1, 1, 1, 1, 1), pair(2), pair(3, 3, 3), pair(4), pair(5, 5, 5, 5, 5, 5)];
    const scored = await batcher.score(pairs);
    expect(scored.logits).toEqual([6, 2, 9, 4, 30]);
    expect(model.runs).toEqual([
      [2, 4, 9],
      [6, 30],
    ]);
    expect(scored.realTokens).toBe(17);
    expect(scored.paddedTokens).toBe(3 * 3 + 2 * 6);
  });

  it('rejects a submission whose deadline has passed without running its pairs', async () => {
    const model = fakeModel();
    const batcher = new DynamicBatcher(model.run, options);
    const late = batcher.score([pair(9)], Date.now() - 1);
    const onTime = batcher.score([pair(4)], Date.now() + 60_000);
    await expect(late).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(onTime).resolves.toMatchObject({ logits: [4] });
    expect(model.runs).toEqual([[4]]);
  });

  it('rejects the submissions of a failed run and keeps serving the next ones', async () => {
    let calls = 0;
    const batcher = new DynamicBatcher(
      async (batch) => {
        if (calls++ === 0) throw new Error('device lost');
        return new Float32Array(batch.inputIds.dims[0]).fill(1);
      },
      { ...options, maxWaitMs: 0 },
    );
    await expect(batcher.score([pair(1)])).rejects.toThrow('device lost');
    await expect(batcher.score([pair(2)])).resolves.toMatchObject({ logits: [1] });
  });

  it('returns at once for an empty submission', async () => {
    const batcher = new DynamicBatcher(fakeModel().run, options);
    await expect(batcher.score([])).resolves.toEqual({ logits: [], paddedTokens: 0, realTokens: 0, busyMs: 0 });
  });
});

/** The fake model, except that each run waits until the test lets it finish. */
function gatedModel() {
  const model = fakeModel();
  const gates: (() => void)[] = [];
  const run = async (batch: PaddedBatch): Promise<Float32Array> => {
    await new Promise<void>((resolve) => gates.push(resolve));
    return model.run(batch);
  };
  /** Resolves once the next run has started, then lets it finish. */
  const finishNextRun = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    (gates.shift() as () => void)();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { run, runs: model.runs, finishNextRun, started: () => gates.length };
}

describe('DynamicBatcher lanes', () => {
  // Two pairs of two tokens per run: a submission of six such pairs takes three runs.
  const lanes: DynamicBatcherOptions = { maxTokens: 4, maxRows: 16, maxWaitMs: 0, roundTokens: 256 };

  it('runs interactive pairs before bulk pairs that queued up earlier', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher(model.run, lanes);
    const inFlight = batcher.score([pair(9, 9)]);
    const bulk = batcher.score([pair(1, 1), pair(2, 2), pair(3, 3), pair(4, 4)], undefined, Lane.Bulk);
    const interactive = batcher.score([pair(50, 50)]);
    for (let run = 0; run < 4; run++) await model.finishNextRun();

    await expect(inFlight).resolves.toMatchObject({ logits: [18] });
    await expect(interactive).resolves.toMatchObject({ logits: [100] });
    await expect(bulk).resolves.toMatchObject({ logits: [2, 4, 6, 8] });
    expect(model.runs).toEqual([[18], [100], [2, 4], [6, 8]]);
  });

  it('runs interactive work that arrives during a bulk round after one bulk run, then resumes bulk oldest first', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher(model.run, lanes);
    const older = batcher.score([pair(1, 1), pair(2, 2), pair(3, 3), pair(4, 4), pair(5, 5), pair(6, 6)], undefined, Lane.Bulk);
    await model.finishNextRun(); // the first bulk run, [2, 4]
    while (model.started() === 0) await new Promise((resolve) => setImmediate(resolve));
    // The second bulk run is in flight when the interactive request and a newer bulk job arrive.
    const interactive = batcher.score([pair(50, 50)]);
    const newer = batcher.score([pair(7, 7), pair(8, 8)], undefined, Lane.Bulk);
    for (let run = 0; run < 4; run++) await model.finishNextRun();

    await expect(interactive).resolves.toMatchObject({ logits: [100] });
    await expect(older).resolves.toMatchObject({ logits: [2, 4, 6, 8, 10, 12] });
    await expect(newer).resolves.toMatchObject({ logits: [14, 16] });
    // The interrupted round's pairs went back in front of the newer bulk job's.
    expect(model.runs).toEqual([[2, 4], [6, 8], [100], [10, 12], [14, 16]]);
  });

  it('plans bulk work exactly like interactive work when no interactive work arrives', async () => {
    const pairs = [pair(1, 1, 1), pair(2), pair(3, 3), pair(4), pair(5, 5, 5), pair(6, 6)];
    const asBulk = fakeModel();
    const asInteractive = fakeModel();
    const bulk = await new DynamicBatcher(asBulk.run, { ...options, maxTokens: 6 }).score(pairs, undefined, Lane.Bulk);
    const interactive = await new DynamicBatcher(asInteractive.run, { ...options, maxTokens: 6 }).score(pairs);

    // Everything but the measured run time.
    expect({ ...bulk, busyMs: 0 }).toEqual({ ...interactive, busyMs: 0 });
    expect(bulk.logits).toEqual([3, 2, 6, 4, 15, 12]);
    expect(asBulk.runs).toEqual(asInteractive.runs);
  });

  it('finishes every bulk submission while interactive work comes and goes', async () => {
    const model = fakeModel();
    const batcher = new DynamicBatcher(model.run, lanes);
    const bulk = Array.from({ length: 5 }, (_, i) =>
      batcher.score([pair(i, i), pair(i + 10, i + 10), pair(i + 20, i + 20)], undefined, Lane.Bulk),
    );
    const interactive: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      interactive.push(batcher.score([pair(100 + i)]));
      await new Promise((resolve) => setImmediate(resolve));
    }

    const scored = await Promise.all(bulk);
    await Promise.all(interactive);
    expect(scored.map((result) => result.logits)).toEqual(Array.from({ length: 5 }, (_, i) => [2 * i, 2 * (i + 10), 2 * (i + 20)]));
    expect(batcher.backlog).toBe(0);
  });

  it('cuts bulk runs to bulkRunTokens while interactive runs keep the full budget', async () => {
    const pairs = [pair(1, 1), pair(2, 2), pair(3, 3), pair(4, 4)];
    const model = fakeModel();
    const batcher = new DynamicBatcher(model.run, { ...options, maxTokens: 8, bulkRunTokens: 4 });
    await batcher.score(pairs, undefined, Lane.Bulk);
    await batcher.score(pairs);

    expect(model.runs).toEqual([
      [2, 4],
      [6, 8],
      [2, 4, 6, 8],
    ]);
  });

  it('counts the pairs of both lanes in its backlog', () => {
    const batcher = new DynamicBatcher(gatedModel().run, lanes);
    void batcher.score([pair(9)]);
    void batcher.score([pair(1), pair(2)], undefined, Lane.Bulk);
    void batcher.score([pair(3)]);
    // The first submission is in its run; the others wait.
    expect(batcher.backlog).toBe(3);
  });
});

describe('DynamicBatcher rounds', () => {
  const waitForRun = async (model: ReturnType<typeof gatedModel>) => {
    while (model.started() === 0) await new Promise((resolve) => setImmediate(resolve));
  };

  it("packs pairs that arrive while a round runs with the round's unposted pairs, as one request's jobs", async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher(model.run, { maxTokens: 4, maxRows: 2, maxWaitMs: 0, roundTokens: 256 });
    // Alone, the first job's runs are [1, 2], [3, 4] (posted behind it) and a half-empty [10]; the second job's [12] another.
    const first = batcher.score([pair(1), pair(2), pair(3), pair(4), pair(5, 5)]);
    await waitForRun(model);
    const second = batcher.score([pair(6, 6)]);
    for (let run = 0; run < 3; run++) await model.finishNextRun();

    await expect(first).resolves.toMatchObject({ logits: [1, 2, 3, 4, 10] });
    await expect(second).resolves.toMatchObject({ logits: [12] });
    expect(model.runs).toEqual([
      [1, 2],
      [3, 4],
      [10, 12],
    ]);
  });

  it('keeps the next interactive run posted behind the one in flight, and one bulk run at a time', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher(model.run, { maxTokens: 2, maxRows: 16, maxWaitMs: 0, roundTokens: 256 });
    const interactive = batcher.score([pair(1), pair(2), pair(3), pair(4), pair(5), pair(6)]);
    await waitForRun(model);
    await new Promise((resolve) => setImmediate(resolve));
    expect(model.started()).toBe(2);
    for (let run = 0; run < 3; run++) await model.finishNextRun();
    await expect(interactive).resolves.toMatchObject({ logits: [1, 2, 3, 4, 5, 6] });

    const bulk = batcher.score([pair(1), pair(2), pair(3), pair(4)], undefined, Lane.Bulk);
    await waitForRun(model);
    await new Promise((resolve) => setImmediate(resolve));
    expect(model.started()).toBe(1);
    for (let run = 0; run < 2; run++) await model.finishNextRun();
    await expect(bulk).resolves.toMatchObject({ logits: [1, 2, 3, 4] });
  });

  it('plans a submission bigger than a round as one round, never cutting it between rounds', async () => {
    const model = fakeModel();
    const batcher = new DynamicBatcher(model.run, { maxTokens: 6, maxRows: 16, maxWaitMs: 0, roundTokens: 2 });
    const scored = await batcher.score([pair(1, 1, 1), pair(2), pair(3, 3, 3), pair(4)]);
    expect(scored.logits).toEqual([3, 2, 9, 4]);
    // Rounds cut at 2 tokens would run [3], [2], [9], [4] or so; sorted as one, the short pairs share a run.
    expect(model.runs).toEqual([
      [2, 4],
      [3, 9],
    ]);
  });

  it('runs a put-back pair before shorter newcomers planned with it', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher(model.run, { maxTokens: 3, maxRows: 16, maxWaitMs: 0, roundTokens: 256 });
    const older = batcher.score([pair(1), pair(5, 5, 5)]);
    await waitForRun(model);
    const newer = batcher.score([pair(2), pair(3)]);
    for (let run = 0; run < 3; run++) await model.finishNextRun();

    await expect(older).resolves.toMatchObject({ logits: [1, 15] });
    await expect(newer).resolves.toMatchObject({ logits: [2, 3] });
    expect(model.runs).toEqual([[1], [15], [2, 3]]);
  });
});

describe('DynamicBatcher onRun', () => {
  it("reports each run's lane, rows, real and padded tokens and wall time", async () => {
    const runs: BatchRun[] = [];
    const model = fakeModel();
    // 20 ms a run, one run at a time, as the session thread runs them.
    let previous = Promise.resolve();
    const slowModel = (batch: PaddedBatch) => {
      const done = previous.then(() => new Promise((resolve) => setTimeout(resolve, 20))).then(() => model.run(batch));
      previous = done.then(() => undefined);
      return done;
    };
    const batcher = new DynamicBatcher(slowModel, { ...options, maxTokens: 12, onRun: (run) => runs.push(run) });
    await batcher.score([pair(1, 1, 1, 1, 1, 1), pair(2), pair(3, 3, 3), pair(4), pair(5, 5, 5, 5, 5, 5)]);
    await batcher.score([pair(7, 7)], undefined, Lane.Bulk);

    expect(runs.map(({ seconds: _seconds, ...run }) => run)).toEqual([
      { lane: Lane.Interactive, rows: 3, realTokens: 5, paddedTokens: 9 },
      { lane: Lane.Interactive, rows: 2, realTokens: 12, paddedTokens: 12 },
      { lane: Lane.Bulk, rows: 1, realTokens: 2, paddedTokens: 2 },
    ]);
    // The second run was posted behind the first: its time starts when the first came back, not at posting (it would be 40 ms).
    for (const run of runs) {
      expect(run.seconds).toBeGreaterThanOrEqual(0.015);
      expect(run.seconds).toBeLessThan(0.035);
    }
  });

  it('reports no failed run, and keeps scoring when the observer throws', async () => {
    const runs: BatchRun[] = [];
    let calls = 0;
    const batcher = new DynamicBatcher(
      async (batch) => {
        if (calls++ === 0) throw new Error('device lost');
        return new Float32Array(batch.inputIds.dims[0]).fill(1);
      },
      {
        ...options,
        maxWaitMs: 0,
        onRun: (run) => {
          runs.push(run);
          throw new Error('observer broke');
        },
      },
    );
    await expect(batcher.score([pair(1)])).rejects.toThrow('device lost');
    await expect(batcher.score([pair(2, 3)])).resolves.toMatchObject({ logits: [1] });
    await expect(batcher.score([pair(4)])).resolves.toMatchObject({ logits: [1] });
    expect(runs.map((run) => run.rows)).toEqual([1, 1]);
  });
});
