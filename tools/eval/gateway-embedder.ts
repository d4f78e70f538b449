import { EmbedOptions, Embedder } from '@rerank/contracts';

/** Texts per request: well under the gateway's body limit for passage-length texts. */
const TEXTS_PER_REQUEST = 64;

/**
 * The fleet's bi-encoder seen from a CLI: the gateway's OpenAI-shaped `POST /v1/embeddings`
 * (`{ model, input: string[] }` → `{ data: [{ index, embedding }] }`).
 */
export class GatewayEmbedder implements Embedder {
  private size: number | undefined;

  constructor(private readonly gateway: string) {}

  async embed(model: string, texts: readonly string[], _options: EmbedOptions): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += TEXTS_PER_REQUEST) {
      const input = texts.slice(start, start + TEXTS_PER_REQUEST);
      const response = await fetch(`${this.gateway}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, input }),
      });
      const body = (await response.json().catch(() => undefined)) as
        { data?: { index: number; embedding: number[] }[]; message?: unknown } | undefined;
      if (!response.ok || !Array.isArray(body?.data) || body.data.length !== input.length) {
        throw new Error(`POST ${this.gateway}/v1/embeddings answered ${response.status}: ${JSON.stringify(body?.message ?? body)}`);
      }
      const ordered = [...body.data].sort((a, b) => a.index - b.index);
      for (const { embedding } of ordered) vectors.push(Float32Array.from(embedding));
    }
    this.size ??= vectors[0]?.length;
    return vectors;
  }

  async dimensions(): Promise<number | undefined> {
    return this.size;
  }
}
