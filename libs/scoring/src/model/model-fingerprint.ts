import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModelFiles } from './model-layout';

/** Files besides the ONNX graph whose bytes change a model's scores: the tokenizer's. */
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'] as const;

/**
 * A hex SHA-256 over the bytes of the ONNX file (and its `_data` file of external weights, when
 * there is one) and of the tokenizer files: two workers that report the same fingerprint score
 * a pair alike, whatever the model is called or where its files lie. Streams the files, so a
 * model of gigabytes is never held twice in memory.
 */
export async function modelFingerprint(files: Pick<ModelFiles, 'dir' | 'onnxPath'>): Promise<string> {
  const externalData = `${files.onnxPath}_data`;
  const paths = [
    files.onnxPath,
    ...(existsSync(externalData) ? [externalData] : []),
    ...TOKENIZER_FILES.map((file) => join(files.dir, file)),
  ];
  const hash = createHash('sha256');
  for (const path of paths) {
    // Each file's own digest goes in, so bytes moving from one file to the next change the result.
    const fileHash = createHash('sha256');
    for await (const chunk of createReadStream(path)) fileHash.update(chunk as Buffer);
    hash.update(fileHash.digest());
  }
  return hash.digest('hex');
}
