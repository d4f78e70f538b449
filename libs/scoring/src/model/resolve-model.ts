import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ModelKind } from '@rerank/contracts';
import { AutoConfig, AutoTokenizer, ModelRegistry, env } from '@huggingface/transformers';
import { downloadMissing } from './hub-download';
import { hubModelFileFor } from './hub-model-file';
import { MODEL_LAYOUT_HELP, ModelFiles, ModelLoadError, inspectModelDirectory } from './model-layout';

export interface ModelSource {
  /** A local directory, or a Hugging Face hub id such as cross-encoder/ms-marco-MiniLM-L-6-v2. */
  source: string;
  file: string;
  maxLength?: number;
  cacheDir?: string;
  /** Hub mirror or proxy (HF_ENDPOINT); default https://huggingface.co/. */
  hubEndpoint?: string;
  /** Token for a private or gated hub model (HF_TOKEN). */
  hubToken?: string;
  /** What the model computes, when set by hand; otherwise read from the directory (see detectModelKind). */
  kind?: ModelKind;
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$|^[A-Za-z0-9][\w.-]*$/;

/**
 * Finds the model's files on disk. A hub id is fetched once into transformers.js' file cache
 * layout (`<cacheDir>/<id>/<file>`), then served from that directory like a local one.
 */
export async function resolveModel(model: ModelSource, pathExists: (path: string) => boolean): Promise<ModelFiles> {
  if (pathExists(model.source) || !HUB_ID.test(model.source)) {
    return inspectModelDirectory(model.source, model.file, model.maxLength, model.kind);
  }
  // Not transformers.js' default (inside node_modules): every `npm ci` would throw it away.
  const cacheDir = model.cacheDir ?? join(homedir(), '.cache', 'rerank-fleet', 'hub');
  if (model.hubEndpoint) {
    // transformers.js reads the hub address from its process-wide env; a worker serves one
    // model from one hub, so setting it here affects nothing else.
    env.remoteHost = model.hubEndpoint.endsWith('/') ? model.hubEndpoint : `${model.hubEndpoint}/`;
  }
  try {
    await fetchFromHub(model.source, model.file, cacheDir, model.hubToken);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelLoadError(
      `cannot fetch model "${model.source}" from the Hugging Face hub (${env.remoteHost}) into ${cacheDir} (${reason}). ` +
        `Without network access, set RERANK_MODEL to a local directory. ${MODEL_LAYOUT_HELP}`,
      { cause: error },
    );
  }
  return inspectModelDirectory(join(cacheDir, model.source), model.file, model.maxLength, model.kind);
}

/**
 * Fetches what the worker opens: config and tokenizer through transformers.js' own loaders
 * (they open no session and keep its cache layout), then the ONNX file (and any external data)
 * transformers.js would load for `file`, downloaded straight into the same layout.
 */
async function fetchFromHub(id: string, file: string, cacheDir: string, token?: string): Promise<void> {
  const options = { cache_dir: cacheDir };
  const config = await AutoConfig.from_pretrained(id, options);
  await AutoTokenizer.from_pretrained(id, options);
  const { modelFileName, dtype } = hubModelFileFor(file);
  const files = await ModelRegistry.get_model_files(id, { config, model_file_name: modelFileName, dtype: dtype as 'fp32', device: 'cpu' });
  const base = `${env.remoteHost}${env.remotePathTemplate.replaceAll('{model}', id).replaceAll('{revision}', 'main')}`;
  const onnxFiles = new Set([file, ...files.filter((name) => name.startsWith('onnx/'))]);
  await downloadMissing(
    [...onnxFiles].map((name) => ({ url: `${base}${name}`, path: join(cacheDir, id, name) })),
    token,
  );
}
