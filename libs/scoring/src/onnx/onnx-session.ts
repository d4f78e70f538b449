import { Worker } from 'node:worker_threads';
import { PaddedBatch } from '../batching/pad-batch';
import { RuntimeOptions, sessionOptionsFor } from './execution-provider';
import { ONNX_SESSION_THREAD_SOURCE } from './onnx-session.thread';
import { firstLineOf, providerLoadHint } from './provider-load-error';

const REQUIRED_INPUTS = ['input_ids', 'attention_mask'];

/** How the session thread turns a bi-encoder's token embeddings into one vector per row. */
export type Pooling = 'mean' | 'cls';

/** One run's output as the session thread sends it back. */
export interface SessionOutput {
  /** The float32 output (pooled, for a session with pooling); null when the output is not float32. */
  data: Float32Array | null;
  type?: string;
  dims: number[];
}

type ThreadMessage =
  | { type: 'ready'; inputNames: string[]; outputNames: string[]; threadId?: number }
  | { type: 'error'; message: string }
  | { type: 'released' }
  | { type: 'result'; id: number; logits?: Float32Array | null; outputType?: string; dims?: number[]; error?: string };

interface PendingRun {
  resolve: (output: SessionOutput) => void;
  reject: (error: Error) => void;
}

/**
 * An ONNX Runtime session on a thread of its own, so the event loop stays free while a batch is
 * in the model. Both model kinds run on it: a cross-encoder reads its logits, a bi-encoder has
 * the thread pool the token embeddings.
 */
export class OnnxSession {
  private readonly pending = new Map<number, PendingRun>();
  private nextId = 0;
  private broken?: Error;

  private constructor(
    private readonly thread: Worker,
    readonly modelPath: string,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
    /** The OS thread the session runs on (Linux), for per-thread CPU accounting. */
    readonly threadId?: number,
  ) {
    thread.on('message', (message: ThreadMessage) => message.type === 'result' && this.settle(message));
    thread.on('error', (error) => this.breakDown(error));
    thread.on('exit', (code) => this.breakDown(new Error(`ONNX Runtime thread exited with code ${code}`)));
  }

  static async load(modelPath: string, runtime: RuntimeOptions, pooling?: Pooling): Promise<OnnxSession> {
    const thread = new Worker(ONNX_SESSION_THREAD_SOURCE, {
      eval: true,
      workerData: { ortPath: require.resolve('onnxruntime-node'), modelPath, sessionOptions: sessionOptionsFor(runtime), pooling },
    });
    const ready = await new Promise<ThreadMessage>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
    });
    if (ready.type !== 'ready') {
      await thread.terminate();
      const reason = ready.type === 'error' ? firstLineOf(ready.message) : `unexpected ${ready.type}`;
      throw new Error(`cannot load ONNX model ${modelPath}: ${reason}${providerLoadHint(runtime.executionProvider)}`);
    }
    const missing = REQUIRED_INPUTS.filter((name) => !ready.inputNames.includes(name));
    if (missing.length > 0) {
      await thread.terminate();
      throw new Error(`ONNX model ${modelPath} lacks input(s) ${missing.join(', ')}; has ${ready.inputNames.join(', ')}`);
    }
    return new OnnxSession(thread, modelPath, ready.inputNames, ready.outputNames, ready.threadId);
  }

  /** Runs one padded batch and returns output `outputName`. The batch's buffers move to the thread. */
  run(batch: PaddedBatch, outputName: string): Promise<SessionOutput> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    const feeds: Record<string, BigInt64Array> = {
      input_ids: batch.inputIds.data as BigInt64Array,
      attention_mask: batch.attentionMask.data as BigInt64Array,
    };
    if (this.inputNames.includes('token_type_ids')) feeds.token_type_ids = batch.tokenTypeIds.data as BigInt64Array;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread.postMessage(
        { type: 'run', id, feeds, dims: batch.inputIds.dims, outputName },
        Object.values(feeds).map((data) => data.buffer as ArrayBuffer),
      );
    });
  }

  async release(): Promise<void> {
    this.broken = new Error('ONNX session released');
    await this.thread.terminate();
  }

  private settle(message: Extract<ThreadMessage, { type: 'result' }>): void {
    const run = this.pending.get(message.id);
    if (!run) return;
    this.pending.delete(message.id);
    if (message.error) run.reject(new Error(`ONNX run failed on ${this.modelPath}: ${message.error}`));
    else run.resolve({ data: message.logits ?? null, type: message.outputType, dims: message.dims ?? [] });
  }

  private breakDown(error: Error): void {
    this.broken ??= error;
    for (const run of this.pending.values()) run.reject(this.broken);
    this.pending.clear();
  }
}
