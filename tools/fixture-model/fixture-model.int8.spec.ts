import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { FixtureModel, generateFixtureModel } from './fixture-model.generator';
import { INT8_FORMS } from './quantized-linear.builder';

const ROWS = 32;
const LENGTH = 24;

/** ROWS pairs of LENGTH seeded word-piece ids ([CLS] 7 query ids [SEP] document ids [SEP]), unpadded. */
function pairFeeds(): Record<string, Tensor> {
  let state = 7;
  const nextId = () => 1000 + ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) % 28_000);
  const ids = new BigInt64Array(ROWS * LENGTH);
  const types = new BigInt64Array(ROWS * LENGTH);
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < LENGTH; column++) {
      const at = row * LENGTH + column;
      ids[at] = BigInt(column === 0 ? 101 : column === 8 || column === LENGTH - 1 ? 102 : nextId());
      types[at] = column > 8 ? 1n : 0n;
    }
  }
  const dims = [ROWS, LENGTH];
  return {
    input_ids: new Tensor('int64', ids, dims),
    token_type_ids: new Tensor('int64', types, dims),
    attention_mask: new Tensor('int64', new BigInt64Array(ROWS * LENGTH).fill(1n), dims),
  };
}

async function logitsOf(modelPath: string): Promise<{ dims: readonly number[]; values: number[] }> {
  const session = await InferenceSession.create(modelPath);
  try {
    const { logits } = await session.run(pairFeeds());
    return { dims: logits.dims, values: Array.from(logits.data as Float32Array) };
  } finally {
    await session.release();
  }
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const result = new Array<number>(values.length);
  order.forEach((position, rank) => (result[position] = rank));
  return result;
}

/** Spearman's rank correlation (no ties among float logits). */
function spearman(a: readonly number[], b: readonly number[]): number {
  const [ra, rb] = [ranks(a), ranks(b)];
  const n = a.length;
  const squared = ra.reduce((sum, r, i) => sum + (r - rb[i]) ** 2, 0);
  return 1 - (6 * squared) / (n * (n * n - 1));
}

describe('generateFixtureModel with int8', () => {
  let root: string;
  let tiny: FixtureModel;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'fixture-int8-'));
    tiny = await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny'), int8: true });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns onnx/model_quantized.onnx next to the float onnx/model.onnx', () => {
    expect(tiny.int8).toMatchObject({
      path: path.join(root, 'tiny', 'onnx', 'model_quantized.onnx'),
      form: 'matmul-integer',
    });
    expect(tiny.modelPath).toBe(path.join(root, 'tiny', 'onnx', 'model.onnx'));
  });

  it('returns a graph whose dense layers are all MatMulInteger on int8 weights', async () => {
    const model = onnx.ModelProto.decode(await readFile(tiny.int8!.path));
    const graph = model.graph!;
    const initializers = new Map(graph.initializer!.map((tensor) => [tensor.name!, tensor]));
    const ops = graph.node!.map((node) => node.opType);
    // 2 layers x (Q, K, V, attention output, intermediate, output) + pooler + classifier.
    expect(ops.filter((op) => op === 'MatMulInteger')).toHaveLength(14);
    // Q, K and V share one quantized copy of their input.
    expect(ops.filter((op) => op === 'DynamicQuantizeLinear')).toHaveLength(10);
    expect(graph.node!.filter((node) => node.opType === 'MatMul' && initializers.has(node.input![1]))).toEqual([]);
    const weight = initializers.get('bert.encoder.layer.0.intermediate.dense.weight_quantized')!;
    expect(weight.dataType).toBe(onnx.TensorProto.DataType.INT8);
    expect(weight.dims!.map(Number)).toEqual([32, 64]);
  });

  it('returns logits of shape [batch, 1] close to the float model when onnxruntime runs a batch', async () => {
    const float = await logitsOf(tiny.modelPath);
    const int8 = await logitsOf(tiny.int8!.path);
    expect(int8.dims).toEqual([ROWS, 1]);
    // Quantizing the weights alone moves tiny's logits by up to ~0.17, mostly as one shift shared
    // by every pair (measured over 100 pairs); the uint8 activations add a little more, up to
    // 0.25. The bound leaves margin for that and still fails a wrong scale or zero point, which
    // moves logits by about their whole spread (~2.4). The ranking must barely change.
    const worst = Math.max(...float.values.map((logit, i) => Math.abs(logit - int8.values[i])));
    expect(worst).toBeLessThan(0.35);
    expect(spearman(float.values, int8.values)).toBeGreaterThan(0.95);
  });

  it('returns the same logits from every graph form, fused or not', async () => {
    const plain = await logitsOf(tiny.int8!.path);
    for (const form of INT8_FORMS.filter((f) => f !== 'matmul-integer')) {
      const outDir = path.join(root, form);
      const other = await generateFixtureModel({ arch: 'tiny', outDir, int8: true, int8Form: form });
      const { values } = await logitsOf(other.int8!.path);
      values.forEach((logit, i) => expect(logit).toBeCloseTo(plain.values[i], 4));
    }
  });

  it('returns byte-identical files when generated twice with the same seed', async () => {
    const again = await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny-again'), int8: true });
    expect(Buffer.compare(await readFile(again.int8!.path), await readFile(tiny.int8!.path))).toBe(0);
  });

  it('rejects an unknown graph form with a message listing the known ones', async () => {
    const outDir = path.join(root, 'nope');
    await expect(generateFixtureModel({ arch: 'tiny', outDir, int8: true, int8Form: 'qdq' as never })).rejects.toThrow(
      'unknown int8 form "qdq"; expected one of matmul-integer, matmul-integer-to-float',
    );
  });
});
