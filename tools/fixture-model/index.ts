export { BERT_ARCHITECTURES, bertParameterCount, FIXTURE_ARCHS, isFixtureArch } from './bert-architectures';
export type { BertArchitecture, FixtureArch } from './bert-architectures';
export { DEFAULT_FIXTURE_SEED, FIXTURE_MODEL_FILE, generateFixtureModel } from './fixture-model.generator';
export type { FixtureModel, GenerateFixtureModelOptions } from './fixture-model.generator';
export { BERT_SPECIAL_TOKENS } from './tokenizer-files';
