// Bound once: inside Jest's vm sandbox every global lookup of `Math` goes through an interceptor,
// which made filling 22.7M weights ~25x slower than in plain Node.
const { cos, imul, log, PI, sin, sqrt } = Math;

/**
 * Deterministic pseudo-random numbers for fixture weights. Not for anything that needs
 * statistical quality beyond "looks like a trained model's init": mulberry32 has a 2^32 period.
 */
export class SeededRandom {
  private state: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // 1 - u keeps the log argument in (0, 1], so log never sees 0.
    const radius = sqrt(-2 * log(1 - this.next()));
    const angle = 2 * PI * this.next();
    this.spareNormal = radius * sin(angle);
    return radius * cos(angle);
  }

  /** Fills `out` with normal samples of the given standard deviation (rounded to float32 on store). */
  fillNormal(out: Float32Array, std: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal() * std;
    return out;
  }
}

/**
 * Derives an independent stream seed for one named tensor, so adding or reordering tensors
 * never changes the values of the others (FNV-1a over the label, mixed with the base seed).
 */
export function deriveSeed(baseSeed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (baseSeed >>> 0);
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}
