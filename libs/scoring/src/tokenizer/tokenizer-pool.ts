import type { TruncationDirection } from './pair-tokenizer';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DocumentWindow, WindowOptions } from './document-windows';
import type { EncodedPair } from './encoded-pair';
import type { PairEncoder } from './pair-encoder';
import { PackedWindows, unpackWindows } from './token-buffers';

export type TokenizeRequest = { id: number; query: string; documents: string[]; maxLength: number } & (
  { op: 'pairs'; maxDocumentTokens?: number; direction?: TruncationDirection } | { op: 'windows'; options: WindowOptions }
);

export type TokenizerThreadMessage =
  | { type: 'ready'; threadId?: number }
  | { type: 'error'; message: string }
  | { type: 'result'; id: number; packed?: PackedWindows; error?: string };

// Below this many documents per thread, splitting a call costs more in messages than it saves.
const MIN_DOCUMENTS_PER_SLICE = 8;

/**
 * The compiled thread script. Under ts-jest/swc the pool's own file is TypeScript, which a
 * worker thread cannot load, so it uses the build in dist/ (npm test builds first).
 */
function threadScript(): string {
  const here = join(__dirname, 'tokenizer.thread.js');
  if (existsSync(here)) return here;
  const marker = `${sep}libs${sep}`;
  const root = __dirname.slice(0, __dirname.lastIndexOf(marker));
  const built = join(root, 'dist', __dirname.slice(root.length + 1), 'tokenizer.thread.js');
  if (!existsSync(built)) throw new Error(`tokenizer thread script not found at ${here} or ${built}: run npm run build`);
  return built;
}

interface Slot {
  thread: Worker;
  /** The OS thread id (Linux), for per-thread CPU accounting. */
  threadId?: number;
  /** Documents sent and not yet answered: where the next slice goes. */
  load: number;
}

interface Pending {
  slot: Slot;
  documents: number;
  resolve: (windows: DocumentWindow[][]) => void;
  reject: (error: Error) => void;
}

/**
 * Tokenizer threads, each with its own PairTokenizer, so tokenizing scales with a host's cores
 * instead of running on the worker's event loop. A call's documents are split into contiguous
 * slices over the least-loaded threads, and the pairs come back as views of transferred buffers.
 */
export class TokenizerPool implements PairEncoder {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private broken?: Error;

  private constructor(private readonly slots: Slot[]) {
    for (const slot of slots) {
      slot.thread.on('message', (message: TokenizerThreadMessage) => message.type === 'result' && this.settle(message));
      slot.thread.on('error', (error) => this.breakDown(error));
      slot.thread.on('exit', (code) => this.breakDown(new Error(`tokenizer thread exited with code ${code}`)));
    }
  }

  static async start(modelDir: string, threads: number): Promise<TokenizerPool> {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`a tokenizer pool needs at least 1 thread, got ${threads}`);
    const script = threadScript();
    const workers = Array.from({ length: threads }, () => new Worker(script, { workerData: { modelDir } }));
    const ready = await Promise.allSettled(
      workers.map(
        (thread) =>
          new Promise<number | undefined>((resolve, reject) => {
            thread.once('message', (message: TokenizerThreadMessage) =>
              message.type === 'ready'
                ? resolve(message.threadId)
                : reject(new Error(message.type === 'error' ? message.message : `unexpected ${message.type}`)),
            );
            thread.once('error', reject);
          }),
      ),
    );
    const failed = ready.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) {
      await Promise.all(workers.map((thread) => thread.terminate()));
      throw new Error(
        `tokenizer thread failed to start: ${failed.reason instanceof Error ? failed.reason.message : String(failed.reason)}`,
      );
    }
    return new TokenizerPool(
      workers.map((thread, i) => ({ thread, load: 0, threadId: (ready[i] as PromiseFulfilledResult<number | undefined>).value })),
    );
  }

  /** The OS thread ids of the pool's threads (Linux). */
  get threadIds(): number[] {
    return this.slots.flatMap((slot) => (slot.threadId === undefined ? [] : [slot.threadId]));
  }

  async encodePairs(
    query: string,
    documents: readonly string[],
    maxLength: number,
    maxDocumentTokens?: number,
    direction?: TruncationDirection,
  ): Promise<EncodedPair[]> {
    const windows = await this.dispatch(documents, (id, slice) => ({
      id,
      op: 'pairs',
      query,
      documents: slice,
      maxLength,
      maxDocumentTokens,
      direction,
    }));
    return windows.map(([window]) => window.pair);
  }

  encodeWindows(query: string, documents: readonly string[], maxLength: number, options: WindowOptions): Promise<DocumentWindow[][]> {
    return this.dispatch(documents, (id, slice) => ({ id, op: 'windows', query, documents: slice, maxLength, options }));
  }

  async close(): Promise<void> {
    this.broken = new Error('tokenizer pool closed');
    await Promise.all(this.slots.map((slot) => slot.thread.terminate()));
  }

  private async dispatch(
    documents: readonly string[],
    request: (id: number, slice: string[]) => TokenizeRequest,
  ): Promise<DocumentWindow[][]> {
    if (this.broken) throw this.broken;
    if (documents.length === 0) return [];
    const slices = Math.max(1, Math.min(this.slots.length, Math.floor(documents.length / MIN_DOCUMENTS_PER_SLICE)));
    const size = Math.ceil(documents.length / slices);
    const parts: Promise<DocumentWindow[][]>[] = [];
    for (let start = 0; start < documents.length; start += size) {
      const slice = documents.slice(start, start + size);
      const slot = this.slots.reduce((least, candidate) => (candidate.load < least.load ? candidate : least));
      const id = this.nextId++;
      slot.load += slice.length;
      parts.push(
        new Promise((resolve, reject) => {
          this.pending.set(id, { slot, documents: slice.length, resolve, reject });
          slot.thread.postMessage(request(id, slice));
        }),
      );
    }
    return (await Promise.all(parts)).flat();
  }

  private settle(message: Extract<TokenizerThreadMessage, { type: 'result' }>): void {
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    call.slot.load -= call.documents;
    if (message.packed) call.resolve(unpackWindows(message.packed));
    else call.reject(new Error(message.error ?? 'tokenizer thread answered without a result'));
  }

  private breakDown(error: Error): void {
    this.broken ??= error;
    for (const call of this.pending.values()) call.reject(this.broken);
    this.pending.clear();
  }
}
