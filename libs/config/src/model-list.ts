import { MODEL_KINDS, ModelKind, isModelKind, scoreQueueName } from '@rerank/contracts';
import { modelNameFor } from './model-name';

/** One model a process routes to (gateway) or loads (worker). */
export interface ModelEntry {
  /** The name clients use in `model`; queues and heartbeats are keyed on it. */
  name: string;
  /** Hub id or local directory, as written in RERANK_MODELS / RERANK_MODEL. */
  source: string;
  /** What the model computes, when the entry says (`#bi-encoder`); otherwise the worker reads it from the model's files. */
  kind?: ModelKind;
}

/** `source#kind`: the kind set by hand, for a model whose directory does not show it. */
function splitKind(entry: string, source: string): { source: string; kind?: ModelKind } {
  const hash = source.lastIndexOf('#');
  if (hash < 0) return { source };
  const kind = source.slice(hash + 1).trim();
  if (!isModelKind(kind)) throw new Error(`entry "${entry}" ends in "#${kind}"; the kind must be one of ${MODEL_KINDS.join(', ')}`);
  const bare = source.slice(0, hash).trim();
  if (bare === '') throw new Error(`entry "${entry}" has no model before "#${kind}"`);
  return { source: bare, kind };
}

/**
 * Parses RERANK_MODELS: comma-separated entries, each a model source (`cross-encoder/…`,
 * `./models/x`) named as RERANK_MODEL would be, or `name=source` to choose the name, and
 * optionally `#cross-encoder` / `#bi-encoder` after the source to set its kind by hand. The
 * gateway and the workers read the same syntax, so one value can serve both roles.
 */
export function parseModelList(value: string): ModelEntry[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new Error('must list at least one model');
  const models = entries.map((entry): ModelEntry => {
    const equals = entry.indexOf('=');
    const name = equals < 0 ? undefined : entry.slice(0, equals).trim();
    const written = (equals < 0 ? entry : entry.slice(equals + 1)).trim();
    if (name === '') throw new Error(`entry "${entry}" has an empty name before "="`);
    if (written === '') throw new Error(`entry "${entry}" has no model after "="`);
    const { source, kind } = splitKind(entry, written);
    const model: ModelEntry = { name: modelNameFor(source, name), source };
    return kind ? { ...model, kind } : model;
  });
  const queues = new Map<string, string>();
  for (const { name } of models) {
    // Two names that differ only in characters a queue name cannot hold would share a queue.
    const queue = scoreQueueName(name);
    const taken = queues.get(queue);
    if (taken !== undefined) {
      throw new Error(
        taken === name ? `model "${name}" is listed twice` : `models "${taken}" and "${name}" would share the queue ${queue}`,
      );
    }
    queues.set(queue, name);
  }
  return models;
}

/** The models a process serves: RERANK_MODELS when set, else the one RERANK_MODEL (named by RERANK_MODEL_NAME). */
export function modelsFromEnv(env: { RERANK_MODELS?: ModelEntry[]; RERANK_MODEL: string; RERANK_MODEL_NAME?: string }): ModelEntry[] {
  return env.RERANK_MODELS ?? [{ name: modelNameFor(env.RERANK_MODEL, env.RERANK_MODEL_NAME), source: env.RERANK_MODEL }];
}
