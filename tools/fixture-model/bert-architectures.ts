/** Names of the fixture architectures the generator can build. */
export const FIXTURE_ARCHS = ['tiny', 'minilm-l6', 'tiny-bi-encoder', 'minilm-l6-bi-encoder'] as const;

export type FixtureArch = (typeof FIXTURE_ARCHS)[number];

/**
 * What the fixture computes: a cross-encoder (BertForSequenceClassification, one logit per
 * pair) or a bi-encoder (BertModel whose token embeddings are mean-pooled into one vector).
 * Spelled here rather than imported: test/global-setup.ts loads this without path aliases.
 */
export type FixtureKind = 'cross-encoder' | 'bi-encoder';

/** The hyper-parameters of a BERT cross-encoder or bi-encoder. */
export interface BertArchitecture {
  readonly name: FixtureArch;
  readonly kind: FixtureKind;
  readonly numHiddenLayers: number;
  readonly hiddenSize: number;
  readonly numAttentionHeads: number;
  readonly intermediateSize: number;
  readonly vocabSize: number;
  readonly maxPositionEmbeddings: number;
  readonly typeVocabSize: number;
  readonly layerNormEps: number;
  readonly numLabels: number;
}

// bert-base-uncased vocabulary and position table, shared by every fixture.
const BERT_BASE_UNCASED_SHAPES = {
  vocabSize: 30522,
  maxPositionEmbeddings: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  numLabels: 1,
} as const;

const TINY_SHAPES = { numHiddenLayers: 2, hiddenSize: 32, numAttentionHeads: 2, intermediateSize: 64 } as const;
const MINILM_L6_SHAPES = { numHiddenLayers: 6, hiddenSize: 384, numAttentionHeads: 12, intermediateSize: 1536 } as const;

/**
 * Every fixture architecture by name. `minilm-l6` matches cross-encoder/ms-marco-MiniLM-L-6-v2,
 * `minilm-l6-bi-encoder` sentence-transformers/all-MiniLM-L6-v2 (the same encoder shapes).
 */
export const BERT_ARCHITECTURES: Readonly<Record<FixtureArch, BertArchitecture>> = {
  tiny: { name: 'tiny', kind: 'cross-encoder', ...TINY_SHAPES, ...BERT_BASE_UNCASED_SHAPES },
  'minilm-l6': { name: 'minilm-l6', kind: 'cross-encoder', ...MINILM_L6_SHAPES, ...BERT_BASE_UNCASED_SHAPES },
  'tiny-bi-encoder': { name: 'tiny-bi-encoder', kind: 'bi-encoder', ...TINY_SHAPES, ...BERT_BASE_UNCASED_SHAPES },
  'minilm-l6-bi-encoder': { name: 'minilm-l6-bi-encoder', kind: 'bi-encoder', ...MINILM_L6_SHAPES, ...BERT_BASE_UNCASED_SHAPES },
};

/** The cross-encoder archs: what the rerank benches (`bench`, `load`, `bench:int8`) can run. */
export const CROSS_ENCODER_ARCHS = ['tiny', 'minilm-l6'] as const satisfies readonly FixtureArch[];

/** Narrows a string (for example a bench's --arch) to a cross-encoder fixture architecture. */
export function isCrossEncoderArch(value: string): value is (typeof CROSS_ENCODER_ARCHS)[number] {
  return (CROSS_ENCODER_ARCHS as readonly string[]).includes(value);
}

/** Narrows a string (for example a CLI flag) to a known fixture architecture. */
export function isFixtureArch(value: string): value is FixtureArch {
  return (FIXTURE_ARCHS as readonly string[]).includes(value);
}

/**
 * Number of parameters in the generated graph, in closed form so it can be checked against the
 * initializers of a generated file: BertForSequenceClassification for a cross-encoder, the
 * encoder alone for a bi-encoder (its export, like all-MiniLM-L6-v2's, has no use for the pooler).
 */
export function bertParameterCount(arch: BertArchitecture): number {
  const h = arch.hiddenSize;
  const dense = (inputs: number, outputs: number) => inputs * outputs + outputs;
  const layerNorm = 2 * h;

  const embeddings = (arch.vocabSize + arch.maxPositionEmbeddings + arch.typeVocabSize) * h + layerNorm;
  const layer =
    4 * dense(h, h) + // query, key, value, attention output
    layerNorm +
    dense(h, arch.intermediateSize) +
    dense(arch.intermediateSize, h) +
    layerNorm;
  const encoder = embeddings + arch.numHiddenLayers * layer;
  if (arch.kind === 'bi-encoder') return encoder;
  const pooler = dense(h, h);
  const classifier = dense(h, arch.numLabels);
  return encoder + pooler + classifier;
}
