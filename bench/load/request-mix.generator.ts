import { SeededRandom } from '@rerank/fixture-model';
import { generateWorkload } from '../fleet/workload.generator';

/** Documents per request: a reranker behind a search page sees small and large candidate lists. */
export const DEFAULT_MIX: readonly number[] = [10, 50, 100, 200];

/** Distinct queries (each with its own passages) generated per request size. */
const VARIANTS_PER_SIZE = 16;

export interface MixOptions {
  /** Documents per request; each request draws one entry, so repeating an entry weighs it. */
  sizes: readonly number[];
  seed: number;
  /** Put in every query with a serial number, so no two requests of any run share a query. */
  runTag: string;
  model?: string;
}

/** One `/v1/rerank` body, serialized, and the pairs it asks for. */
export interface MixedRequest {
  body: string;
  documents: number;
}

interface Template {
  query: string;
  /** The body after its query, already serialized: `,"documents":[…]…}`. */
  tail: string;
}

/**
 * A seeded stream of `/v1/rerank` bodies of mixed sizes, with the MS MARCO-like queries and
 * passages of the bench's workload generator. Bodies are serialized once up front, so the load
 * client spends its CPU sending rather than building JSON. Every query ends in the run's tag and
 * a serial number: the gateway's score cache must never answer a load test.
 */
export class RequestMix {
  private serial = 0;

  private constructor(
    private readonly sizes: readonly number[],
    private readonly templates: ReadonlyMap<number, readonly Template[]>,
    private readonly order: SeededRandom,
    private readonly runTag: string,
  ) {}

  static generate(vocabulary: readonly string[], options: MixOptions): RequestMix {
    if (options.sizes.length === 0) throw new RangeError('a request mix needs at least one size');
    const model = options.model === undefined ? '' : `,"model":${JSON.stringify(options.model)}`;
    const templates = new Map<number, Template[]>();
    for (const size of new Set(options.sizes)) {
      // Each size has its own stream, so adding a size to the mix leaves the others' texts alone.
      const calls = generateWorkload(vocabulary, { requests: VARIANTS_PER_SIZE, documentsPerRequest: size, seed: options.seed + size });
      templates.set(
        size,
        calls.map((call) => ({ query: call.query, tail: `,"documents":${JSON.stringify(call.documents)}${model}}` })),
      );
    }
    return new RequestMix([...options.sizes], templates, new SeededRandom(options.seed), options.runTag);
  }

  /** Documents per request averaged over the mix: what one request of it costs, in pairs. */
  get meanDocuments(): number {
    return this.sizes.reduce((sum, size) => sum + size, 0) / this.sizes.length;
  }

  /** The next request: its size drawn from the mix, its query one of that size's, made unique. */
  next(): MixedRequest {
    const size = this.sizes[Math.floor(this.order.next() * this.sizes.length)];
    const variants = this.templates.get(size) as readonly Template[];
    return this.request(variants[Math.floor(this.order.next() * variants.length)], size);
  }

  /** A request of `size` documents (one of the mix's sizes), outside the seeded order: for a warm-up. */
  ofSize(size: number): MixedRequest {
    const variants = this.templates.get(size);
    if (!variants) throw new RangeError(`${size} documents is not a size of this mix (${[...this.templates.keys()].join(', ')})`);
    return this.request(variants[0], size);
  }

  private request(template: Template, size: number): MixedRequest {
    const query = `${template.query} ${this.runTag}-${++this.serial}`;
    return { body: `{"query":${JSON.stringify(query)}${template.tail}`, documents: size };
  }
}
