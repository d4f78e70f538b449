import type { BertArchitecture } from './bert-architectures';
import { attr, OnnxGraphBuilder } from './onnx-graph.builder';
import type { QuantizedLinearBuilder } from './quantized-linear.builder';
import { deriveSeed, SeededRandom } from './seeded-random';

/** BERT's `initializer_range`: the standard deviation of the embedding tables at init. */
const INITIALIZER_RANGE = 0.02;

interface NormalOptions {
  zeroRow?: number;
  std?: number;
}

/**
 * Creates the model's parameters as graph initializers: embeddings normal(0, 0.02) as Hugging
 * Face initialises them, zero biases, LayerNorm ones/zeros. Dense weights use normal(0,
 * gain/sqrt(fan_in)) instead of 0.02: with 0.02 every layer is nearly the identity, the [CLS]
 * state hardly depends on the input and all logits agree to 1e-5, so no test could tell a right
 * ranking from a shuffled one. Trained weights have this larger scale too; speed is unchanged.
 */
export class BertWeightFactory {
  constructor(
    private readonly graph: OnnxGraphBuilder,
    private readonly seed: number,
  ) {}

  normal(name: string, dims: readonly number[], options: NormalOptions = {}): string {
    return this.graph.initializer(name, dims, this.normalValues(name, dims, options));
  }

  /** The values {@link normal} would store under `name`, without adding them to the graph. */
  normalValues(name: string, dims: readonly number[], options: NormalOptions = {}): Float32Array {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    new SeededRandom(deriveSeed(this.seed, name)).fillNormal(data, options.std ?? INITIALIZER_RANGE);
    if (options.zeroRow !== undefined) {
      const width = dims[dims.length - 1];
      data.fill(0, options.zeroRow * width, (options.zeroRow + 1) * width);
    }
    return data;
  }

  zeros(name: string, dims: readonly number[]): string {
    return this.graph.initializer(name, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)));
  }

  ones(name: string, dims: readonly number[]): string {
    return this.graph.initializer(name, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(1));
  }
}

/** What every BERT sub-graph builder needs. */
export interface BertBuildContext {
  readonly graph: OnnxGraphBuilder;
  readonly weights: BertWeightFactory;
  readonly arch: BertArchitecture;
  /** Set for an int8 model: dense layers are emitted dynamically quantized instead of as MatMul. */
  readonly int8?: QuantizedLinearBuilder;
}

/**
 * `x @ W + b` as MatMul + Add, the shape the PyTorch exporter gives nn.Linear and the one
 * ORT's MatMul/Add, SkipLayerNorm and BiasGelu fusions look for. The weight is stored
 * transposed relative to PyTorch ([in, out]), as exported models store it. In an int8 model the
 * same weight values are quantized and the product is computed by `ctx.int8` instead.
 */
export function addLinear(
  ctx: BertBuildContext,
  x: string,
  name: string,
  inputs: number,
  outputs: number,
  output?: string,
  gain = 1,
): string {
  const dims = [inputs, outputs];
  const std = gain / Math.sqrt(inputs);
  if (ctx.int8) {
    const bias = ctx.weights.zeros(`${name}.bias`, [outputs]);
    const weight = ctx.weights.normalValues(`${name}.weight`, dims, { std });
    return ctx.int8.linear({ x, name, weight, dims, bias, output });
  }
  const weight = ctx.weights.normal(`${name}.weight`, dims, { std });
  const bias = ctx.weights.zeros(`${name}.bias`, [outputs]);
  const product = ctx.graph.node('MatMul', [x, weight], { label: name });
  return ctx.graph.node('Add', [product, bias], { label: name, output });
}

/** Native LayerNormalization (opset 17) over the hidden axis. */
export function addLayerNorm(ctx: BertBuildContext, x: string, name: string): string {
  const h = ctx.arch.hiddenSize;
  const gamma = ctx.weights.ones(`${name}.weight`, [h]);
  const beta = ctx.weights.zeros(`${name}.bias`, [h]);
  return ctx.graph.node('LayerNormalization', [x, gamma, beta], {
    label: name,
    attributes: { axis: attr.int(-1), epsilon: attr.float(ctx.arch.layerNormEps) },
  });
}
