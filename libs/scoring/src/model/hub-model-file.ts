/** Suffixes transformers.js appends to `onnx/<name>` per dtype (DEFAULT_DTYPE_SUFFIX_MAPPING). */
const DTYPE_SUFFIXES: ReadonlyArray<[dtype: string, suffix: string]> = [
  ['q4f16', '_q4f16'],
  ['bnb4', '_bnb4'],
  ['q8', '_quantized'],
  ['fp16', '_fp16'],
  ['int8', '_int8'],
  ['uint8', '_uint8'],
  ['q4', '_q4'],
  ['fp32', ''],
];

export interface HubModelFile {
  modelFileName: string;
  dtype: string;
}

/**
 * Splits RERANK_MODEL_FILE (e.g. `onnx/model_quantized.onnx`) into what transformers.js asks
 * for when it downloads a model: the base file name and the dtype whose suffix it carries.
 */
export function hubModelFileFor(file: string): HubModelFile {
  const match = /^onnx\/([^/]+)\.onnx$/.exec(file);
  if (!match) {
    throw new Error(`RERANK_MODEL_FILE "${file}" must look like onnx/<name>.onnx to be fetched from the hub`);
  }
  const stem = match[1];
  const [dtype, suffix] = DTYPE_SUFFIXES.find(([, s]) => s !== '' && stem.endsWith(s)) ?? ['fp32', ''];
  return { modelFileName: stem.slice(0, stem.length - suffix.length), dtype };
}
