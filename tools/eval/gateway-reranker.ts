interface RerankReply {
  model: string;
  results: { index: number; relevance_score: number }[];
}

/** Calls a running fleet's POST /v1/rerank, the same path /v1/search reranks through. */
export class GatewayReranker {
  constructor(
    readonly url: string,
    private readonly model?: string,
  ) {}

  /** Fails early, with what to do, when no gateway answers or no worker serves. */
  async checkReady(): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/health`);
    } catch (error) {
      throw new Error(
        `no gateway answers at ${this.url} (${(error as Error).message}); start the fleet with "npm start" or pass --gateway`,
      );
    }
    if (!response.ok) throw new Error(`the gateway at ${this.url} is not ready: ${await response.text()}`);
  }

  /** Relevance scores by position in `texts`, and the model that gave them. */
  async score(query: string, texts: readonly string[]): Promise<{ model: string; scores: number[] }> {
    const response = await fetch(`${this.url}/v1/rerank`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Metrics over a partial ranking would be quietly wrong: a late query should fail loudly.
      body: JSON.stringify({ query, documents: texts, model: this.model, partial: false }),
    });
    const body = (await response.json().catch(() => ({}))) as Partial<RerankReply> & { message?: string };
    if (!response.ok || !Array.isArray(body.results)) {
      throw new Error(`the gateway answered ${response.status} to /v1/rerank: ${body.message ?? 'no message'}`);
    }
    const scores = new Array<number>(texts.length).fill(Number.NaN);
    for (const { index, relevance_score } of body.results) scores[index] = relevance_score;
    return { model: body.model ?? 'unknown', scores };
  }
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the results in order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
