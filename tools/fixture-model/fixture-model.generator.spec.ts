import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { generateFixtureModel } from './fixture-model.generator';

type Pair = { ids: number[]; types: number[] };

// [CLS] how many people live in berlin ? [SEP] berlin [SEP]
const SHORT_PAIR: Pair = {
  ids: [101, 2129, 2116, 2111, 2444, 1999, 4068, 1029, 102, 4068, 102],
  types: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
};
// [CLS] berlin ? [SEP] the capital of germany is berlin , a city of people . [SEP]
const LONG_PAIR: Pair = {
  ids: [101, 4068, 1029, 102, 1996, 3007, 1997, 2762, 2003, 4068, 1010, 1037, 2103, 1997, 2111, 1012, 102],
  types: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};

/** Right-pads pairs with [PAD] (id 0) into the three int64 model inputs. */
function feeds(pairs: Pair[], maskPadding = true): Record<string, Tensor> {
  const length = Math.max(...pairs.map((p) => p.ids.length));
  const tensor = (rows: number[][]) => {
    const padded = rows.flatMap((row) => [...row, ...Array<number>(length - row.length).fill(0)]);
    return new Tensor('int64', BigInt64Array.from(padded.map(BigInt)), [pairs.length, length]);
  };
  return {
    input_ids: tensor(pairs.map((p) => p.ids)),
    token_type_ids: tensor(pairs.map((p) => p.types)),
    attention_mask: tensor(pairs.map((p) => Array(maskPadding ? p.ids.length : length).fill(1))),
  };
}

async function logits(session: InferenceSession, input: Record<string, Tensor>): Promise<{ dims: readonly number[]; values: number[] }> {
  const { logits: output } = await session.run(input);
  return { dims: output.dims, values: Array.from(output.data as Float32Array) };
}

describe('generateFixtureModel', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'fixture-model-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('with the tiny architecture', () => {
    let session: InferenceSession;
    let modelPath: string;

    beforeAll(async () => {
      ({ modelPath } = await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny') }));
      session = await InferenceSession.create(modelPath);
    });

    afterAll(async () => {
      await session?.release();
    });

    it('returns a Hugging Face layout with the fixture marker when generated', async () => {
      const dir = path.join(root, 'tiny');
      const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
      expect(config).toMatchObject({
        architectures: ['BertForSequenceClassification'],
        hidden_size: 32,
        num_hidden_layers: 2,
        vocab_size: 30522,
        rerank_fleet_fixture: { arch: 'tiny', seed: 42 },
      });
      const vocab = (await readFile(path.join(dir, 'vocab.txt'), 'utf8')).split('\n');
      expect(vocab.slice(100, 104)).toEqual(['[UNK]', '[CLS]', '[SEP]', '[MASK]']);
      await expect(stat(path.join(dir, 'tokenizer.json'))).resolves.toBeTruthy();
      await expect(stat(path.join(dir, 'special_tokens_map.json'))).resolves.toBeTruthy();
    });

    it('returns logits of shape [batch, 1] when onnxruntime runs a batch', async () => {
      const { dims, values } = await logits(session, feeds([SHORT_PAIR, LONG_PAIR, SHORT_PAIR]));
      expect(dims).toEqual([3, 1]);
      expect(values.every(Number.isFinite)).toBe(true);
      expect(values[0]).not.toBeCloseTo(values[1], 6);
    });

    it('returns the same logit for a pair when it is padded inside a longer batch', async () => {
      const [alone] = (await logits(session, feeds([SHORT_PAIR]))).values;
      const [padded, long] = (await logits(session, feeds([SHORT_PAIR, LONG_PAIR]))).values;
      const [longAlone] = (await logits(session, feeds([LONG_PAIR]))).values;
      // With std-0.02 random weights the tiny model's logit moves only ~4e-5 when the padding is
      // attended, so the bound must sit well below that to tell a working mask from none.
      expect(Math.abs(padded - alone)).toBeLessThan(1e-6);
      expect(Math.abs(long - longAlone)).toBeLessThan(1e-6);

      const [unmasked] = (await logits(session, feeds([SHORT_PAIR, LONG_PAIR], false))).values;
      expect(Math.abs(unmasked - alone)).toBeGreaterThan(1e-5);
    });

    it('returns byte-identical files when generated twice with the same seed', async () => {
      const again = await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny-again') });
      expect(Buffer.compare(await readFile(again.modelPath), await readFile(modelPath))).toBe(0);
      const tokenizer = (dir: string) => readFile(path.join(dir, 'tokenizer.json'), 'utf8');
      expect(await tokenizer(again.dir)).toBe(await tokenizer(path.join(root, 'tiny')));
    });

    it('returns different weights when generated with another seed', async () => {
      const other = await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny-seed-7'), seed: 7 });
      expect(Buffer.compare(await readFile(other.modelPath), await readFile(modelPath))).not.toBe(0);
    });
  });

  it('returns a minilm-l6 file whose initializers hold exactly the computed parameter count', async () => {
    const model = await generateFixtureModel({ arch: 'minilm-l6', outDir: path.join(root, 'minilm-l6') });
    const decoded = onnx.ModelProto.decode(await readFile(model.modelPath));
    const stored = decoded.graph!.initializer!.reduce((sum, tensor) => sum + tensor.dims!.reduce<number>((n, d) => n * Number(d), 1), 0);
    expect(model.parameterCount).toBe(22_713_601);
    expect(stored).toBe(model.parameterCount);
    expect(Number(decoded.opsetImport[0].version)).toBe(17);
  }, 60_000);

  describe('with the tiny-bi-encoder architecture', () => {
    it('returns the sentence-transformers layout of all-MiniLM-L6-v2 and token embeddings [batch, tokens, 32]', async () => {
      const model = await generateFixtureModel({ arch: 'tiny-bi-encoder', outDir: path.join(root, 'tiny-bi') });
      const read = async (file: string) => JSON.parse(await readFile(path.join(model.dir, file), 'utf8'));
      expect(await read('config.json')).toMatchObject({ architectures: ['BertModel'], hidden_size: 32 });
      expect((await read('config.json')).id2label).toBeUndefined();
      expect((await read('modules.json')).map((module: { type: string }) => module.type)).toEqual([
        'sentence_transformers.models.Transformer',
        'sentence_transformers.models.Pooling',
        'sentence_transformers.models.Normalize',
      ]);
      expect(await read(path.join('1_Pooling', 'config.json'))).toMatchObject({
        word_embedding_dimension: 32,
        pooling_mode_mean_tokens: true,
      });
      expect(await read('sentence_bert_config.json')).toEqual({ max_seq_length: 256, do_lower_case: false });

      const session = await InferenceSession.create(model.modelPath);
      try {
        const input = feeds([SHORT_PAIR, LONG_PAIR]);
        const { last_hidden_state: hidden } = await session.run(input);
        expect(hidden.dims).toEqual([2, LONG_PAIR.ids.length, 32]);
        expect(session.outputNames).toEqual(['last_hidden_state']);
      } finally {
        await session.release();
      }
      const decoded = onnx.ModelProto.decode(await readFile(model.modelPath));
      const stored = decoded.graph!.initializer!.reduce((sum, tensor) => sum + tensor.dims!.reduce<number>((n, d) => n * Number(d), 1), 0);
      expect(stored).toBe(model.parameterCount);
      expect(model.parameterCount).toBe(1_010_304);
    });
  });

  it('rejects an unknown architecture with a message listing the known ones', async () => {
    await expect(generateFixtureModel({ arch: 'bert-large' as never, outDir: path.join(root, 'nope') })).rejects.toThrow(
      'unknown fixture arch "bert-large"; expected one of tiny, minilm-l6, tiny-bi-encoder, minilm-l6-bi-encoder',
    );
  });
});
