import * as path from 'node:path';
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
  const isBiEncoder = arch.kind === 'bi-encoder';
  return {
    architectures: [isBiEncoder ? 'BertModel' : 'BertForSequenceClassification'],
    model_type: 'bert',
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: arch.hiddenSize,
    ...(isBiEncoder ? {} : { id2label }),
    initializer_range: 0.02,
    intermediate_size: arch.intermediateSize,
    ...(isBiEncoder ? {} : { label2id }),
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
      note: `seeded random weights; ${isBiEncoder ? 'embeddings' : 'scores'} are meaningless`,
    },
  };
}

/**
 * The sentence-transformers files of sentence-transformers/all-MiniLM-L6-v2: modules.json
 * (Transformer -> Pooling -> Normalize), mean pooling in 1_Pooling/config.json and the 256-token
 * max_seq_length in sentence_bert_config.json. A worker reads the first two to know it holds a
 * bi-encoder and how to pool.
 */
export function buildSentenceTransformersFiles(arch: BertArchitecture): Record<string, string> {
  const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
  return {
    'modules.json': json([
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
      { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
    ]),
    [path.join('1_Pooling', 'config.json')]: json({
      word_embedding_dimension: arch.hiddenSize,
      pooling_mode_cls_token: false,
      pooling_mode_mean_tokens: true,
      pooling_mode_max_tokens: false,
      pooling_mode_mean_sqrt_len_tokens: false,
      pooling_mode_weightedmean_tokens: false,
      pooling_mode_lasttoken: false,
      include_prompt: true,
    }),
    'sentence_bert_config.json': json({ max_seq_length: 256, do_lower_case: false }),
  };
}
