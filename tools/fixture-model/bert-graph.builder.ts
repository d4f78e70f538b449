import type { onnx } from 'onnx-proto';
import type { BertArchitecture } from './bert-architectures';
import { addEncoderLayer } from './bert-layer.builder';
import { addLayerNorm, addLinear, BertBuildContext, BertWeightFactory } from './bert-weights';
import { attr, DataType, OnnxGraphBuilder } from './onnx-graph.builder';
import { Int8Form, QuantizedLinearBuilder } from './quantized-linear.builder';

/** Opset 17 is the first with a native LayerNormalization. */
export const BERT_OPSET = 17;
/** IR version 8 is what ONNX 1.12 (which introduced opset 17) writes; onnxruntime 1.30 reads it. */
export const BERT_IR_VERSION = 8;

/** BERT's original additive mask for padded keys: exp(-10000) underflows to exactly 0 in float32. */
const MASKED_SCORE = -10000;

const INPUT_DIMS = ['batch_size', 'sequence_length'] as const;

/**
 * word + position + token-type embeddings, then LayerNorm. Positions 0..S-1 are the first S rows
 * of the position table, with S read from input_ids at run time.
 */
function addEmbeddings(ctx: BertBuildContext, inputIds: string, tokenTypeIds: string): string {
  const { graph, weights, arch } = ctx;
  const h = arch.hiddenSize;
  const label = 'bert.embeddings';
  // HF zeroes the padding row of a fresh nn.Embedding(padding_idx=0); keep that so [PAD] embeds to 0.
  const wordTable = weights.normal(`${label}.word_embeddings.weight`, [arch.vocabSize, h], { zeroRow: 0 });
  const positionTable = weights.normal(`${label}.position_embeddings.weight`, [arch.maxPositionEmbeddings, h]);
  const typeTable = weights.normal(`${label}.token_type_embeddings.weight`, [arch.typeVocabSize, h]);

  const words = graph.node('Gather', [wordTable, inputIds], { label });
  const sequenceLength = graph.node('Shape', [inputIds], {
    label,
    attributes: { start: attr.int(1), end: attr.int(2) },
  });
  const zero = graph.constantInt64([0]);
  const positions = graph.node('Slice', [positionTable, zero, sequenceLength, zero], { label });
  const types = graph.node('Gather', [typeTable, tokenTypeIds], { label });

  const wordsAndPositions = graph.node('Add', [words, positions], { label });
  const summed = graph.node('Add', [wordsAndPositions, types], { label });
  return addLayerNorm(ctx, summed, `${label}.LayerNorm`);
}

/** attention_mask [B,S] -> (1 - mask[:, None, None, :]) * -10000, added to every head's scores. */
function addExtendedAttentionMask(ctx: BertBuildContext, attentionMask: string): string {
  const { graph } = ctx;
  const label = 'bert.extended_attention_mask';
  const withHeadAxis = graph.node('Unsqueeze', [attentionMask, graph.constantInt64([1])], { label });
  const withQueryAxis = graph.node('Unsqueeze', [withHeadAxis, graph.constantInt64([2])], { label });
  const asFloat = graph.node('Cast', [withQueryAxis], { label, attributes: { to: attr.int(DataType.FLOAT) } });
  const inverted = graph.node('Sub', [graph.constantFloat(1), asFloat], { label });
  return graph.node('Mul', [inverted, graph.constantFloat(MASKED_SCORE)], { label });
}

/** Pooler (first token -> dense -> tanh) and the classifier that writes `logits` [B, numLabels]. */
function addClassifierHead(ctx: BertBuildContext, hidden: string, output: string): void {
  const { graph, arch } = ctx;
  const h = arch.hiddenSize;
  const firstToken = graph.node('Gather', [hidden, graph.constantInt64([0], [])], {
    label: 'bert.pooler',
    attributes: { axis: attr.int(1) },
  });
  const pooledDense = addLinear(ctx, firstToken, 'bert.pooler.dense', h, h);
  const pooled = graph.node('Tanh', [pooledDense], { label: 'bert.pooler' });
  // Gain 4 spreads the logits over a few units, like a trained reranker's.
  addLinear(ctx, pooled, 'classifier', h, arch.numLabels, output, 4);
}

export interface BuildBertModelOptions {
  /**
   * Emit every dense layer dynamically quantized (int8 weights, uint8 activations) in this
   * graph form. The weights are drawn exactly as for the float model and then quantized, so
   * the int8 model is a quantization of the float one built from the same seed.
   */
  int8?: Int8Form;
}

/**
 * Builds BertForSequenceClassification (a cross-encoder arch) or BertModel (a bi-encoder arch)
 * as an ONNX model with inputs input_ids, attention_mask and token_type_ids (int64 [batch_size,
 * sequence_length]) and output logits (float32 [batch_size, numLabels]), or last_hidden_state
 * (float32 [batch_size, sequence_length, hiddenSize]). Weights are drawn from `seed`; the same
 * seed gives the same bytes, and the same encoder weights for both kinds.
 */
export function buildBertModel(arch: BertArchitecture, seed: number, options: BuildBertModelOptions = {}): onnx.ModelProto {
  const graph = new OnnxGraphBuilder();
  const int8 = options.int8 ? new QuantizedLinearBuilder(graph, options.int8) : undefined;
  const ctx: BertBuildContext = { graph, weights: new BertWeightFactory(graph, seed), arch, int8 };

  const inputIds = graph.input('input_ids', DataType.INT64, INPUT_DIMS);
  const attentionMask = graph.input('attention_mask', DataType.INT64, INPUT_DIMS);
  const tokenTypeIds = graph.input('token_type_ids', DataType.INT64, INPUT_DIMS);

  let hidden = addEmbeddings(ctx, inputIds, tokenTypeIds);
  const extendedMask = addExtendedAttentionMask(ctx, attentionMask);
  for (let layer = 0; layer < arch.numHiddenLayers; layer++) {
    hidden = addEncoderLayer(ctx, hidden, layer, extendedMask);
  }
  if (arch.kind === 'bi-encoder') {
    // What Optimum exports for feature extraction: the token embeddings; pooling is the reader's job.
    graph.node('Identity', [hidden], { label: 'bert.last_hidden_state', output: 'last_hidden_state' });
    graph.output('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', arch.hiddenSize]);
  } else {
    addClassifierHead(ctx, hidden, 'logits');
    graph.output('logits', DataType.FLOAT, ['batch_size', arch.numLabels]);
  }

  return graph.toModel({
    graphName: `rerank-fleet-fixture-${arch.name}`,
    opsetVersion: BERT_OPSET,
    irVersion: BERT_IR_VERSION,
    producerName: 'rerank-fleet fixture-model',
    docString:
      `${arch.kind === 'bi-encoder' ? 'BertModel' : 'BertForSequenceClassification'} (${arch.name}) with seeded random weights` +
      (int8 ? `, dense layers dynamically quantized to int8 (${int8.form})` : '') +
      (arch.kind === 'bi-encoder' ? '; embeddings are meaningless.' : '; scores are meaningless.'),
  });
}
