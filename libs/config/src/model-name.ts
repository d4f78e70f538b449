import { basename } from 'node:path';

const FILESYSTEM_PATH = /^(\/|\.{1,2}\/|~|[A-Za-z]:\\)/;

/** True when RERANK_MODEL names a directory on disk rather than a Hugging Face hub id. */
export function isFilesystemPath(model: string): boolean {
  return FILESYSTEM_PATH.test(model);
}

/**
 * The name clients use in `model` and the queue is keyed on. It is derived from the string
 * alone (no disk access) so a gateway and a worker on different hosts always agree.
 */
export function modelNameFor(model: string, explicitName?: string): string {
  if (explicitName) return explicitName;
  return isFilesystemPath(model) ? basename(model.replace(/[\\/]+$/, '')) : model;
}
