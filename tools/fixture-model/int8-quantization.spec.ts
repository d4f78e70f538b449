import { quantizeSymmetricInt8, roundHalfToEven } from './int8-quantization';

describe('roundHalfToEven', () => {
  it('returns the even neighbour when the value is exactly halfway', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5].map(roundHalfToEven)).toEqual([0, 2, 2, -0, -2, -2]);
  });

  it('returns the nearest integer when the value is not halfway', () => {
    expect([0.49, 0.51, -1.2, -1.7, 3].map(roundHalfToEven)).toEqual([0, 1, -1, -2, 3]);
  });
});

describe('quantizeSymmetricInt8', () => {
  it('returns scale max|w|/127 and maps the largest magnitude to ±127 when quantizing', () => {
    const { values, scale } = quantizeSymmetricInt8(Float32Array.of(0.5, -1.27, 0.01, 0));
    expect(scale).toBeCloseTo(0.01, 7);
    expect(Array.from(values)).toEqual([50, -127, 1, 0]);
  });

  it('returns values within half a step of the weights when dequantized', () => {
    const weights = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 0.3);
    const { values, scale } = quantizeSymmetricInt8(weights);
    const worst = weights.reduce((max, w, i) => Math.max(max, Math.abs(values[i] * scale - w)), 0);
    expect(worst).toBeLessThanOrEqual(scale / 2 + 1e-9);
  });

  it('returns zeros with scale 1 when every weight is zero', () => {
    const { values, scale } = quantizeSymmetricInt8(new Float32Array(3));
    expect(scale).toBe(1);
    expect(Array.from(values)).toEqual([0, 0, 0]);
  });
});
