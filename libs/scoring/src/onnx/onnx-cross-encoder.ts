import { InferenceSession, Tensor } from 'onnxruntime-node';
import { PaddedBatch } from '../batching/pad-batch';
import { RuntimeOptions, sessionOptionsFor } from './execution-provider';

const REQUIRED_INPUTS = ['input_ids', 'attention_mask'];

/** One ONNX Runtime session of a sequence-classification model with a single relevance logit. */
export class OnnxCrossEncoder {
  private constructor(
    private readonly session: InferenceSession,
    private readonly outputName: string,
    private readonly wantsTokenTypes: boolean,
  ) {}

  static async load(modelPath: string, runtime: RuntimeOptions): Promise<OnnxCrossEncoder> {
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(modelPath, sessionOptionsFor(runtime));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const hint =
        runtime.executionProvider === 'cuda'
          ? ' (the CUDA provider needs its binaries: see "GPU hosts" in README.md)'
          : '';
      throw new Error(`cannot load ONNX model ${modelPath}: ${reason}${hint}`, { cause: error });
    }
    const missing = REQUIRED_INPUTS.filter((name) => !session.inputNames.includes(name));
    if (missing.length > 0) {
      throw new Error(`ONNX model ${modelPath} lacks input(s) ${missing.join(', ')}; has ${session.inputNames.join(', ')}`);
    }
    const outputName = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0];
    return new OnnxCrossEncoder(session, outputName, session.inputNames.includes('token_type_ids'));
  }

  /** Runs one padded batch and returns one logit per row. */
  async run(batch: PaddedBatch): Promise<Float32Array> {
    const feeds: Record<string, Tensor> = { input_ids: batch.inputIds, attention_mask: batch.attentionMask };
    if (this.wantsTokenTypes) feeds.token_type_ids = batch.tokenTypeIds;
    const output = (await this.session.run(feeds))[this.outputName];
    const rows = batch.inputIds.dims[0];
    if (output.type !== 'float32' || output.data.length !== rows) {
      throw new Error(
        `model output ${this.outputName} has type ${output.type} and shape [${output.dims.join(', ')}]; ` +
          `expected float32 [${rows}, 1] (a single-label cross-encoder)`,
      );
    }
    return output.data as Float32Array;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
