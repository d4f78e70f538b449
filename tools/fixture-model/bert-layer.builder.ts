import { attr } from './onnx-graph.builder';
import { addLayerNorm, addLinear, BertBuildContext } from './bert-weights';

/**
 * Multi-head self-attention in the exact shape of an exported Hugging Face BertSelfAttention:
 * Q/K/V MatMul+Add -> Reshape [0,0,N,D] -> Transpose (K straight to [B,N,D,S]) -> MatMul ->
 * Div sqrt(D) -> Add mask -> Softmax -> MatMul V -> Transpose -> Reshape [0,0,H].
 */
function addSelfAttention(ctx: BertBuildContext, hidden: string, prefix: string, extendedMask: string): string {
  const { graph, arch } = ctx;
  const h = arch.hiddenSize;
  const headSize = h / arch.numAttentionHeads;
  const splitHeads = graph.constantInt64([0, 0, arch.numAttentionHeads, headSize]);
  const mergeHeads = graph.constantInt64([0, 0, h]);

  const project = (name: 'query' | 'key' | 'value', perm: number[]) => {
    const label = `${prefix}.attention.self.${name}`;
    const projected = addLinear(ctx, hidden, label, h, h);
    const heads = graph.node('Reshape', [projected, splitHeads], { label });
    return graph.node('Transpose', [heads], { label, attributes: { perm: attr.ints(...perm) } });
  };
  const query = project('query', [0, 2, 1, 3]);
  const keyTransposed = project('key', [0, 2, 3, 1]);
  const value = project('value', [0, 2, 1, 3]);

  const label = `${prefix}.attention.self`;
  const scores = graph.node('MatMul', [query, keyTransposed], { label });
  const scaled = graph.node('Div', [scores, graph.constantFloat(Math.sqrt(headSize))], { label });
  const masked = graph.node('Add', [scaled, extendedMask], { label });
  const probs = graph.node('Softmax', [masked], { label, attributes: { axis: attr.int(-1) } });
  const context = graph.node('MatMul', [probs, value], { label });
  const contextByToken = graph.node('Transpose', [context], { label, attributes: { perm: attr.ints(0, 2, 1, 3) } });
  return graph.node('Reshape', [contextByToken, mergeHeads], { label });
}

/** GELU in its erf form as exported: x * (1 + erf(x / sqrt 2)) * 0.5 (ORT fuses it to Gelu/BiasGelu). */
function addGelu(ctx: BertBuildContext, x: string, label: string): string {
  const { graph } = ctx;
  const scaled = graph.node('Div', [x, graph.constantFloat(Math.SQRT2)], { label });
  const erf = graph.node('Erf', [scaled], { label });
  const shifted = graph.node('Add', [erf, graph.constantFloat(1)], { label });
  const gated = graph.node('Mul', [x, shifted], { label });
  return graph.node('Mul', [gated, graph.constantFloat(0.5)], { label });
}

/** One BertLayer: attention + residual LayerNorm, then GELU feed-forward + residual LayerNorm. */
export function addEncoderLayer(ctx: BertBuildContext, hidden: string, index: number, extendedMask: string): string {
  const { graph, arch } = ctx;
  const h = arch.hiddenSize;
  const prefix = `bert.encoder.layer.${index}`;

  const attention = addSelfAttention(ctx, hidden, prefix, extendedMask);
  const attentionOut = addLinear(ctx, attention, `${prefix}.attention.output.dense`, h, h);
  const attentionResidual = graph.node('Add', [attentionOut, hidden], { label: `${prefix}.attention.output` });
  const attended = addLayerNorm(ctx, attentionResidual, `${prefix}.attention.output.LayerNorm`);

  const intermediate = addLinear(ctx, attended, `${prefix}.intermediate.dense`, h, arch.intermediateSize);
  const activated = addGelu(ctx, intermediate, `${prefix}.intermediate.gelu`);
  const output = addLinear(ctx, activated, `${prefix}.output.dense`, arch.intermediateSize, h);
  const outputResidual = graph.node('Add', [output, attended], { label: `${prefix}.output` });
  return addLayerNorm(ctx, outputResidual, `${prefix}.output.LayerNorm`);
}
