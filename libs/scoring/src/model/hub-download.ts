import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';

export interface HubFile {
  /** `https://…/<id>/resolve/main/<file>`. */
  url: string;
  /** Where it is kept; left alone when it is already there. */
  path: string;
}

/**
 * Downloads each file not yet on disk, streamed (an ONNX file may be gigabytes) into a partial
 * file renamed into place once whole, so a download cut short is never taken for a model.
 */
export async function downloadMissing(files: readonly HubFile[], token?: string): Promise<void> {
  for (const { url, path } of files) {
    if (existsSync(path)) continue;
    const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : undefined);
    if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`.trim());
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    try {
      const out = createWriteStream(partial);
      await once(out, 'open');
      await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), out);
      renameSync(partial, path);
    } finally {
      rmSync(partial, { force: true });
    }
  }
}
