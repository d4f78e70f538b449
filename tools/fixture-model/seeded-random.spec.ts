import { deriveSeed, SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('returns the same sequence when seeded with the same value', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const draws = (rng: SeededRandom) => Array.from({ length: 5 }, () => rng.normal());
    expect(draws(a)).toEqual(draws(b));
  });

  it('returns a different sequence when seeded with a different value', () => {
    expect(new SeededRandom(7).next()).not.toEqual(new SeededRandom(8).next());
  });

  it('returns uniforms in [0, 1) when drawn many times', () => {
    const rng = new SeededRandom(1);
    const values = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('returns samples with the requested standard deviation when filling normals', () => {
    const samples = new SeededRandom(3).fillNormal(new Float32Array(100_000), 0.02);
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.0005);
    expect(Math.sqrt(variance)).toBeCloseTo(0.02, 3);
  });
});

describe('deriveSeed', () => {
  it('returns distinct seeds when the tensor names differ', () => {
    const names = ['a.weight', 'a.bias', 'b.weight', 'bert.encoder.layer.0.attention.self.query.weight'];
    expect(new Set(names.map((name) => deriveSeed(42, name))).size).toBe(names.length);
  });

  it('returns a different seed when the base seed differs', () => {
    expect(deriveSeed(1, 'classifier.weight')).not.toBe(deriveSeed(2, 'classifier.weight'));
  });
});
