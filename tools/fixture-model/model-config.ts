import type { BertArchitecture } from './bert-architectures';

/**
 * config.json in the shape of cross-encoder/ms-marco-MiniLM-L-6-v2's, plus a
 * `rerank_fleet_fixture` marker so nobody mistakes the fixture for a trained model.
 */
export function buildModelConfig(arch: BertArchitecture, seed: number): Record<string, unknown> {
  const id2label: Record<string, string> = {};
  const label2id: Record<string, number> = {};
  for (let i = 0; i < arch.numLabels; i++) {
    id2label[String(i)] = `LABEL_${i}`;
    label2id[`LABEL_${i}`] = i;
  }
  return {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: arch.hiddenSize,
    id2label,
    initializer_range: 0.02,
    intermediate_size: arch.intermediateSize,
    label2id,
    layer_norm_eps: arch.layerNormEps,
    max_position_embeddings: arch.maxPositionEmbeddings,
    num_attention_heads: arch.numAttentionHeads,
    num_hidden_layers: arch.numHiddenLayers,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    type_vocab_size: arch.typeVocabSize,
    use_cache: true,
    vocab_size: arch.vocabSize,
    rerank_fleet_fixture: {
      arch: arch.name,
      seed,
      note: 'seeded random weights; scores are meaningless',
    },
  };
}
