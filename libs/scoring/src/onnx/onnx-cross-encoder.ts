import { PaddedBatch } from '../batching/pad-batch';
import { RuntimeOptions } from './execution-provider';
import { OnnxSession } from './onnx-session';

/** A sequence-classification model with a single relevance logit, on its own session thread. */
export class OnnxCrossEncoder {
  private constructor(
    private readonly session: OnnxSession,
    private readonly outputName: string,
  ) {}

  static async load(modelPath: string, runtime: RuntimeOptions): Promise<OnnxCrossEncoder> {
    const session = await OnnxSession.load(modelPath, runtime);
    const outputName = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0];
    return new OnnxCrossEncoder(session, outputName);
  }

  /** The OS thread the session runs on (Linux), for per-thread CPU accounting. */
  get threadId(): number | undefined {
    return this.session.threadId;
  }

  /** Runs one padded batch and returns one logit per row. The batch's buffers move to the thread. */
  async run(batch: PaddedBatch): Promise<Float32Array> {
    const rows = batch.inputIds.dims[0];
    const output = await this.session.run(batch, this.outputName);
    if (!output.data || output.data.length !== rows) {
      throw new Error(
        `model output ${this.outputName} has type ${output.type} and shape [${output.dims.join(', ')}]; ` +
          `expected float32 [${rows}, 1] (a single-label cross-encoder)`,
      );
    }
    return output.data;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
