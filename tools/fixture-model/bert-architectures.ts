/** Names of the fixture architectures the generator can build. */
export const FIXTURE_ARCHS = ['tiny', 'minilm-l6'] as const;

export type FixtureArch = (typeof FIXTURE_ARCHS)[number];

/** The hyper-parameters of a BERT cross-encoder (BertForSequenceClassification). */
export interface BertArchitecture {
  readonly name: FixtureArch;
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

/** Every fixture architecture by name. `minilm-l6` matches cross-encoder/ms-marco-MiniLM-L-6-v2. */
export const BERT_ARCHITECTURES: Readonly<Record<FixtureArch, BertArchitecture>> = {
  tiny: {
    name: 'tiny',
    numHiddenLayers: 2,
    hiddenSize: 32,
    numAttentionHeads: 2,
    intermediateSize: 64,
    ...BERT_BASE_UNCASED_SHAPES,
  },
  'minilm-l6': {
    name: 'minilm-l6',
    numHiddenLayers: 6,
    hiddenSize: 384,
    numAttentionHeads: 12,
    intermediateSize: 1536,
    ...BERT_BASE_UNCASED_SHAPES,
  },
};

/** Narrows a string (for example a CLI flag) to a known fixture architecture. */
export function isFixtureArch(value: string): value is FixtureArch {
  return (FIXTURE_ARCHS as readonly string[]).includes(value);
}

/**
 * Number of trainable parameters of BertForSequenceClassification with this architecture,
 * computed in closed form so it can be checked against the initializers of a generated file.
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
  const pooler = dense(h, h);
  const classifier = dense(h, arch.numLabels);

  return embeddings + arch.numHiddenLayers * layer + pooler + classifier;
}
