import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelKind } from '@rerank/contracts';

/** Files a model directory must hold, in Hugging Face's layout. */
export const REQUIRED_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

export const MODEL_LAYOUT_HELP =
  'A model directory needs the Hugging Face layout: config.json, tokenizer.json, tokenizer_config.json ' +
  'and the ONNX file named by RERANK_MODEL_FILE (default onnx/model.onnx). ' +
  'Offline, generate one with `npm run fixture:model -- --arch minilm-l6 --out models/minilm-l6`.';

export class ModelLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}

export interface ModelFiles {
  dir: string;
  onnxPath: string;
  maxLength: number;
}

interface BertLikeConfig {
  max_position_embeddings?: number;
  num_labels?: number;
  id2label?: Record<string, string>;
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new ModelLoadError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Checks a local model directory and works out the sequence limit: the smaller of the
 * tokenizer's model_max_length and the model's position table, unless overridden.
 */
export function inspectModelDirectory(
  dir: string,
  onnxFile: string,
  maxLengthOverride?: number,
  kind: ModelKind = 'cross-encoder',
): ModelFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelLoadError(`model directory ${dir} does not exist. ${MODEL_LAYOUT_HELP}`);
  }
  const missing = [...REQUIRED_MODEL_FILES, onnxFile].filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new ModelLoadError(`model directory ${dir} lacks ${missing.join(', ')}. ${MODEL_LAYOUT_HELP}`);
  }
  const config = readJson<BertLikeConfig>(join(dir, 'config.json'));
  const labels = config.num_labels ?? Object.keys(config.id2label ?? { 0: 'LABEL_0' }).length;
  // A bi-encoder has no classification head, so no labels to count.
  if (kind === 'cross-encoder' && labels !== 1) {
    throw new ModelLoadError(`model in ${dir} has ${labels} labels; a cross-encoder reranker has exactly one`);
  }
  const tokenizerConfig = readJson<{ model_max_length?: number }>(join(dir, 'tokenizer_config.json'));
  const limits = [config.max_position_embeddings, tokenizerConfig.model_max_length].filter(
    (value): value is number => typeof value === 'number' && value > 0 && value < 1e6,
  );
  const modelLimit = limits.length > 0 ? Math.min(...limits) : 512;
  if (maxLengthOverride !== undefined && maxLengthOverride > modelLimit) {
    throw new ModelLoadError(`RERANK_MAX_LENGTH ${maxLengthOverride} exceeds the model's limit of ${modelLimit} tokens (${dir})`);
  }
  return { dir, onnxPath: join(dir, onnxFile), maxLength: maxLengthOverride ?? modelLimit };
}
