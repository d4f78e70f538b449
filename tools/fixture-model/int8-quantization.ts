// onnxruntime.quantization's range for symmetric int8 weights: -127..127, so that 0 is exact
// and negating a weight never overflows.
const INT8_SYMMETRIC_MAX = 127;

/** A weight tensor quantized to int8 with one scale and a zero point of 0: w ≈ scale · q. */
export interface SymmetricInt8Tensor {
  values: Int8Array;
  /** float32 scale: max |w| / 127. */
  scale: number;
}

/** Round half to even, as numpy's `rint` (which onnxruntime.quantization uses) does. */
export function roundHalfToEven(x: number): number {
  const rounded = Math.round(x);
  return Math.abs(x % 1) === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

/**
 * Per-tensor symmetric int8 quantization, the weight scheme of onnxruntime's
 * `quantize_dynamic` with its defaults (weight_type QInt8, per_channel False, reduce_range False).
 */
export function quantizeSymmetricInt8(weights: Float32Array): SymmetricInt8Tensor {
  let absMax = 0;
  for (const w of weights) absMax = Math.max(absMax, Math.abs(w));
  // An all-zero tensor gets scale 1, as onnxruntime gives it, so dequantizing never divides by 0.
  const scale = absMax === 0 ? 1 : Math.fround(absMax / INT8_SYMMETRIC_MAX);
  const values = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const q = roundHalfToEven(weights[i] / scale);
    values[i] = Math.max(-INT8_SYMMETRIC_MAX, Math.min(INT8_SYMMETRIC_MAX, q));
  }
  return { values, scale };
}
