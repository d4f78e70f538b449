import { InferenceSession, Tensor } from 'onnxruntime-node';
import { join } from 'node:path';
import { AutoTokenizer, PreTrainedTokenizer } from '@huggingface/transformers';
import { TINY_BI_ENCODER_FIXTURE_DIR } from './fixtures';

/**
 * The tiny bi-encoder computed the long way round, independent of the worker's code: each text
 * alone (tokenised by transformers.js' own truncation) through its own ONNX session (no batch, no padding), then mean pooling over the tokens
 * and L2 normalisation written out here in float64, as sentence-transformers defines them.
 */
export class DirectEmbeddings {
  private constructor(
    private readonly session: InferenceSession,
    private readonly tokenizer: PreTrainedTokenizer,
  ) {}

  static async load(dir = TINY_BI_ENCODER_FIXTURE_DIR): Promise<DirectEmbeddings> {
    const session = await InferenceSession.create(join(dir, 'onnx', 'model.onnx'), { intraOpNumThreads: 1 });
    return new DirectEmbeddings(session, await AutoTokenizer.from_pretrained(dir, { local_files_only: true }));
  }

  /** Token embeddings of one text, mean-pooled (no normalisation). */
  async pooled(text: string, maxLength = 256): Promise<number[]> {
    // [CLS] text [SEP] cut as Hugging Face's fast tokenizer cuts it: the text loses its end, the
    // closing [SEP] stays. (transformers.js 4.3's own `truncation` drops the [SEP] instead.)
    const full = this.tokenizer.encode(text);
    const ids = full.length <= maxLength ? full : [...full.slice(0, maxLength - 1), full[full.length - 1]];
    const tensor = (values: number[]) => new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
    const output = await this.session.run({
      input_ids: tensor(ids),
      attention_mask: tensor(ids.map(() => 1)),
      token_type_ids: tensor(ids.map(() => 0)),
    });
    const hidden = output.last_hidden_state;
    const [, tokens, size] = hidden.dims;
    const data = hidden.data as Float32Array;
    const sum = new Array<number>(size).fill(0);
    for (let t = 0; t < tokens; t++) for (let k = 0; k < size; k++) sum[k] += data[t * size + k];
    return sum.map((value) => value / tokens);
  }

  /** Tokens the model reads of `text`: `[CLS] text [SEP]`, at most `maxLength`. */
  tokenCount(text: string, maxLength = 256): number {
    return Math.min(this.tokenizer.encode(text).length, maxLength);
  }

  /** The normalised vector sentence-transformers' all-MiniLM-L6-v2 pipeline would give. */
  async embed(text: string, maxLength = 256): Promise<number[]> {
    const pooled = await this.pooled(text, maxLength);
    const norm = Math.sqrt(pooled.reduce((sum, value) => sum + value * value, 0));
    return pooled.map((value) => value / norm);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
