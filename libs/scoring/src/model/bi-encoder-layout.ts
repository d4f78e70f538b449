import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelKind } from '@rerank/contracts';
import { ModelLoadError } from './model-layout';
import type { Pooling } from '../onnx/onnx-session';

/** What a sentence-transformers directory says about turning token embeddings into one vector. */
export interface BiEncoderLayout {
  pooling: Pooling;
  /** Length of the model's vectors. */
  dimensions: number;
  /** sentence_bert_config.json's max_seq_length, when the directory has one. */
  maxSeqLength?: number;
}

interface SentenceTransformersModule {
  type?: string;
  path?: string;
}

const POOLING_MODULE = 'sentence_transformers.models.Pooling';

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new ModelLoadError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function modulesOf(dir: string): SentenceTransformersModule[] | undefined {
  const path = join(dir, 'modules.json');
  if (!existsSync(path)) return undefined;
  const modules = readJson<unknown>(path);
  if (!Array.isArray(modules)) throw new ModelLoadError(`${path} must hold an array of modules`);
  return modules as SentenceTransformersModule[];
}

/**
 * The kind of the model in `dir`: a sentence-transformers directory whose modules.json has a
 * Pooling module is a bi-encoder; anything else is read as a cross-encoder.
 */
export function detectModelKind(dir: string): ModelKind {
  return modulesOf(dir)?.some((module) => module.type === POOLING_MODULE) ? 'bi-encoder' : 'cross-encoder';
}

/**
 * Reads the pooling (1_Pooling/config.json, as modules.json points to it) and the vector size
 * of a bi-encoder. Without modules.json (a kind set by hand), mean pooling over hidden_size.
 */
export function inspectBiEncoder(dir: string): BiEncoderLayout {
  const config = readJson<{ hidden_size?: number }>(join(dir, 'config.json'));
  const bertConfigPath = join(dir, 'sentence_bert_config.json');
  const maxSeqLength = existsSync(bertConfigPath) ? readJson<{ max_seq_length?: number }>(bertConfigPath).max_seq_length : undefined;
  const poolingModule = modulesOf(dir)?.find((module) => module.type === POOLING_MODULE);
  const layout = (pooling: Pooling, dimensions: number | undefined): BiEncoderLayout => {
    if (!Number.isInteger(dimensions) || (dimensions as number) <= 0) {
      throw new ModelLoadError(`bi-encoder in ${dir} states no vector size (word_embedding_dimension or hidden_size)`);
    }
    return typeof maxSeqLength === 'number' && maxSeqLength > 0
      ? { pooling, dimensions: dimensions as number, maxSeqLength }
      : { pooling, dimensions: dimensions as number };
  };
  if (!poolingModule) return layout('mean', config.hidden_size);
  const poolingPath = join(dir, poolingModule.path ?? '1_Pooling', 'config.json');
  const pooling = readJson<Record<string, unknown>>(poolingPath);
  const modes = Object.entries(pooling)
    .filter(([key, value]) => key.startsWith('pooling_mode_') && value === true)
    .map(([key]) => key.slice('pooling_mode_'.length));
  const dimensions = (pooling.word_embedding_dimension as number | undefined) ?? config.hidden_size;
  if (modes.length === 1 && modes[0] === 'mean_tokens') return layout('mean', dimensions);
  if (modes.length === 1 && modes[0] === 'cls_token') return layout('cls', dimensions);
  throw new ModelLoadError(
    `${poolingPath} asks for pooling ${modes.join(' + ') || '(none)'}; only mean_tokens or cls_token alone is supported`,
  );
}
