import { EmbedOptions, Embedder } from '@rerank/contracts';
import { SeededRandom } from './synthetic-corpus';

/** FNV-1a: a text's seed, so the same text always gets the same vector. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * A stand-in bi-encoder for benchmarks: each text's vector is a draw from a Gaussian mixture
 * (a centroid chosen by the text's hash plus seeded noise, L2-normalised). Real embeddings are
 * clustered like this; uniformly random vectors, nearly equidistant, would be every ANN index's
 * worst case. Deterministic, so exact and indexed search see the same vectors.
 */
export class GaussianMixtureEmbedder implements Embedder {
  private readonly centroids: Float32Array[];

  constructor(
    readonly dimensions_: number,
    readonly clusters: number,
    /** Noise per coordinate relative to a unit-norm centroid's coordinates (1/sqrt(d) each). */
    readonly spread: number,
    seed: number,
  ) {
    const random = new SeededRandom(seed);
    this.centroids = Array.from({ length: clusters }, () => normalise(gaussians(random, dimensions_, 1)));
  }

  async embed(_model: string, texts: readonly string[], _options: EmbedOptions): Promise<Float32Array[]> {
    return texts.map((text) => this.vectorOf(hashOf(text)));
  }

  async dimensions(): Promise<number> {
    return this.dimensions_;
  }

  /** A fresh draw from the mixture: a query that is near, but not equal to, stored vectors. */
  sample(seed: number): Float32Array {
    return this.vectorOf(hashOf(`query-${seed}`));
  }

  private vectorOf(hash: number): Float32Array {
    const random = new SeededRandom(hash);
    const centroid = this.centroids[hash % this.clusters];
    const noise = gaussians(random, this.dimensions_, this.spread / Math.sqrt(this.dimensions_));
    for (let i = 0; i < noise.length; i++) noise[i] += centroid[i];
    return normalise(noise);
  }
}

function gaussians(random: SeededRandom, count: number, sigma: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    // Box-Muller: two normal draws per two uniforms.
    const u = Math.max(random.next(), 1e-12);
    const radius = sigma * Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * random.next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

function normalise(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}
