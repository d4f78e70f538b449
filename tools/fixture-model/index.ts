export {
  BERT_ARCHITECTURES,
  bertParameterCount,
  CROSS_ENCODER_ARCHS,
  FIXTURE_ARCHS,
  isCrossEncoderArch,
  isFixtureArch,
} from './bert-architectures';
export type { BertArchitecture, FixtureArch } from './bert-architectures';
export { DEFAULT_FIXTURE_SEED, FIXTURE_INT8_MODEL_FILE, FIXTURE_MODEL_FILE, generateFixtureModel } from './fixture-model.generator';
export type { FixtureModel, FixtureModelFile, GenerateFixtureModelOptions } from './fixture-model.generator';
export { DEFAULT_INT8_FORM, INT8_FORMS } from './quantized-linear.builder';
export type { Int8Form } from './quantized-linear.builder';
export { BERT_SPECIAL_TOKENS } from './tokenizer-files';
export { SeededRandom } from './seeded-random';
