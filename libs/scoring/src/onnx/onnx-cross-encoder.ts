import { Worker } from 'node:worker_threads';
import { PaddedBatch } from '../batching/pad-batch';
import { RuntimeOptions, sessionOptionsFor } from './execution-provider';
import { ONNX_SESSION_THREAD_SOURCE } from './onnx-session.thread';
import { firstLineOf, providerLoadHint } from './provider-load-error';

const REQUIRED_INPUTS = ['input_ids', 'attention_mask'];

type ThreadMessage =
  | { type: 'ready'; inputNames: string[]; outputNames: string[]; threadId?: number }
  | { type: 'error'; message: string }
  | { type: 'released' }
  | { type: 'result'; id: number; logits?: Float32Array | null; outputType?: string; dims?: number[]; error?: string };

interface PendingRun {
  rows: number;
  resolve: (logits: Float32Array) => void;
  reject: (error: Error) => void;
}

/**
 * A sequence-classification model with a single relevance logit, run by ONNX Runtime on a
 * thread of its own so the event loop stays free while a batch is in the model.
 */
export class OnnxCrossEncoder {
  private readonly pending = new Map<number, PendingRun>();
  private nextId = 0;
  private broken?: Error;

  private constructor(
    private readonly thread: Worker,
    private readonly modelPath: string,
    private readonly outputName: string,
    private readonly wantsTokenTypes: boolean,
    /** The OS thread the session runs on (Linux), for per-thread CPU accounting. */
    readonly threadId?: number,
  ) {
    thread.on('message', (message: ThreadMessage) => message.type === 'result' && this.settle(message));
    thread.on('error', (error) => this.breakDown(error));
    thread.on('exit', (code) => this.breakDown(new Error(`ONNX Runtime thread exited with code ${code}`)));
  }

  static async load(modelPath: string, runtime: RuntimeOptions): Promise<OnnxCrossEncoder> {
    const thread = new Worker(ONNX_SESSION_THREAD_SOURCE, {
      eval: true,
      workerData: { ortPath: require.resolve('onnxruntime-node'), modelPath, sessionOptions: sessionOptionsFor(runtime) },
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
    const outputName = ready.outputNames.includes('logits') ? 'logits' : ready.outputNames[0];
    return new OnnxCrossEncoder(thread, modelPath, outputName, ready.inputNames.includes('token_type_ids'), ready.threadId);
  }

  /** Runs one padded batch and returns one logit per row. The batch's buffers move to the thread. */
  run(batch: PaddedBatch): Promise<Float32Array> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    const feeds: Record<string, BigInt64Array> = {
      input_ids: batch.inputIds.data as BigInt64Array,
      attention_mask: batch.attentionMask.data as BigInt64Array,
    };
    if (this.wantsTokenTypes) feeds.token_type_ids = batch.tokenTypeIds.data as BigInt64Array;
    const rows = batch.inputIds.dims[0];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { rows, resolve, reject });
      this.thread.postMessage(
        { type: 'run', id, feeds, dims: batch.inputIds.dims, outputName: this.outputName },
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
    if (message.error) {
      run.reject(new Error(`ONNX run failed on ${this.modelPath}: ${message.error}`));
    } else if (!message.logits || message.logits.length !== run.rows) {
      run.reject(
        new Error(
          `model output ${this.outputName} has type ${message.outputType} and shape [${(message.dims ?? []).join(', ')}]; ` +
            `expected float32 [${run.rows}, 1] (a single-label cross-encoder)`,
        ),
      );
    } else {
      run.resolve(message.logits);
    }
  }

  private breakDown(error: Error): void {
    this.broken ??= error;
    for (const run of this.pending.values()) run.reject(this.broken);
    this.pending.clear();
  }
}
