import { PaddedBatch } from '../batching/pad-batch';
import { RuntimeOptions } from './execution-provider';
import { OnnxSession, Pooling } from './onnx-session';

/** Outputs a bi-encoder export may name its result, most specific first. */
const EMBEDDING_OUTPUTS = ['sentence_embedding', 'last_hidden_state', 'token_embeddings'];

/**
 * A BERT encoder that gives one vector per text: its token embeddings (`last_hidden_state`, as
 * Optimum exports a feature-extraction model) pooled on the session thread, or a graph's own
 * pooled `sentence_embedding`. Vectors come back unnormalised.
 */
export class OnnxBiEncoder {
  private constructor(
    private readonly session: OnnxSession,
    private readonly outputName: string,
    readonly dimensions: number,
  ) {}

  static async load(modelPath: string, runtime: RuntimeOptions, pooling: Pooling, dimensions: number): Promise<OnnxBiEncoder> {
    const session = await OnnxSession.load(modelPath, runtime, pooling);
    const outputName = EMBEDDING_OUTPUTS.find((name) => session.outputNames.includes(name)) ?? session.outputNames[0];
    return new OnnxBiEncoder(session, outputName, dimensions);
  }

  /** The OS thread the session runs on (Linux). */
  get threadId(): number | undefined {
    return this.session.threadId;
  }

  /** Runs one padded batch and returns one vector (a view on one shared buffer) per row. */
  async run(batch: PaddedBatch): Promise<Float32Array[]> {
    const rows = batch.inputIds.dims[0];
    const output = await this.session.run(batch, this.outputName);
    const size = this.dimensions;
    if (!output.data || output.dims.length !== 2 || output.dims[0] !== rows || output.dims[1] !== size) {
      throw new Error(
        `model output ${this.outputName} has type ${output.type} and shape [${output.dims.join(', ')}] after pooling; ` +
          `expected float32 [${rows}, ${size}] (a bi-encoder of ${size} dimensions)`,
      );
    }
    const data = output.data;
    return Array.from({ length: rows }, (_, row) => data.subarray(row * size, (row + 1) * size));
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
