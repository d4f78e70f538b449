import { Tensor } from 'onnxruntime-node';
import { EncodedPair } from '../tokenizer/encoded-pair';
import { DeadlineExceededError, DynamicBatcher, DynamicBatcherOptions } from './dynamic-batcher';
import { PaddedBatch } from './pad-batch';

/** A stand-in model: the logit of a row is the sum of its unmasked ids, so misrouted rows show. */
function fakeModel() {
  const runs: number[][] = [];
  const run = async (batch: PaddedBatch): Promise<Float32Array> => {
    const [rows, width] = batch.inputIds.dims;
    const ids = batch.inputIds.data as BigInt64Array;
    const mask = (batch.attentionMask as Tensor).data as BigInt64Array;
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

  it('splits a large submission into runs within the token budget, sorted by length', async () => {
    const model = fakeModel();
    const batcher = new DynamicBatcher(model.run, { ...options, maxTokens: 12 });
    const pairs = [pair(1, 1, 1, 1, 1, 1), pair(2), pair(3, 3, 3), pair(4), pair(5, 5, 5, 5, 5, 5)];
    const scored = await batcher.score(pairs);
    expect(scored.logits).toEqual([6, 2, 9, 4, 30]);
    expect(model.runs).toEqual([[2, 4, 9], [6, 30]]);
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
    const batcher = new DynamicBatcher(async (batch) => {
      if (calls++ === 0) throw new Error('device lost');
      return new Float32Array(batch.inputIds.dims[0]).fill(1);
    }, { ...options, maxWaitMs: 0 });
    await expect(batcher.score([pair(1)])).rejects.toThrow('device lost');
    await expect(batcher.score([pair(2)])).resolves.toMatchObject({ logits: [1] });
  });

  it('returns at once for an empty submission', async () => {
    const batcher = new DynamicBatcher(fakeModel().run, options);
    await expect(batcher.score([])).resolves.toEqual({ logits: [], paddedTokens: 0, realTokens: 0 });
  });
});
