import { quantizeSymmetricInt8 } from './int8-quantization';
import { attr, DataType, MICROSOFT_DOMAIN, OnnxGraphBuilder } from './onnx-graph.builder';

/**
 * How a dynamically quantized dense layer is written into the graph:
 * - `matmul-integer`: DynamicQuantizeLinear → MatMulInteger → Cast → Mul by (x_scale · w_scale),
 *   then the bias Add: exactly what onnxruntime's `quantize_dynamic` emits, in standard ONNX ops.
 * - `matmul-integer-to-float`: the shared DynamicQuantizeLinear, then ONNX Runtime's fused
 *   com.microsoft MatMulIntegerToFloat, bias included.
 * - `dynamic-quantize-matmul`: com.microsoft DynamicQuantizeMatMul, which quantizes its float
 *   input itself (so Q, K and V each quantize the hidden state), bias included.
 */
export const INT8_FORMS = ['matmul-integer', 'matmul-integer-to-float', 'dynamic-quantize-matmul'] as const;
export type Int8Form = (typeof INT8_FORMS)[number];

/** The form fixtures use unless told otherwise; see docs/fixtures.md for the timings behind it. */
export const DEFAULT_INT8_FORM: Int8Form = 'matmul-integer';

export interface QuantizedLinear {
  /** Float input [.., inputs]. */
  x: string;
  /** Parameter prefix, e.g. `bert.encoder.layer.0.intermediate.dense`. */
  name: string;
  /** Float weights, [inputs, outputs] row-major; quantized here. */
  weight: Float32Array;
  dims: readonly [number, number] | readonly number[];
  /** Name of the float bias initializer [outputs]. */
  bias: string;
  output?: string;
}

interface QuantizedActivation {
  values: string;
  scale: string;
  zeroPoint: string;
}

/**
 * Emits dense layers as uint8-activation × int8-weight products (onnxruntime's dynamic
 * quantization scheme). An activation feeding several layers (Q, K and V read the same hidden
 * state) is quantized once, as `quantize_dynamic` does.
 */
export class QuantizedLinearBuilder {
  private readonly activations = new Map<string, QuantizedActivation>();

  constructor(
    private readonly graph: OnnxGraphBuilder,
    readonly form: Int8Form,
  ) {}

  linear({ x, name, weight, dims, bias, output }: QuantizedLinear): string {
    const { graph } = this;
    const quantized = quantizeSymmetricInt8(weight);
    const w = graph.initializer(`${name}.weight_quantized`, dims, quantized.values);
    const wScale = graph.initializer(`${name}.weight_scale`, [], Float32Array.of(quantized.scale));
    const wZeroPoint = graph.initializer(`${name}.weight_zero_point`, [], new Int8Array(1));
    const label = name;

    if (this.form === 'dynamic-quantize-matmul') {
      return graph.node('DynamicQuantizeMatMul', [x, w, wScale, wZeroPoint, bias], {
        label,
        output,
        domain: MICROSOFT_DOMAIN,
      });
    }
    const a = this.quantizeActivation(x);
    if (this.form === 'matmul-integer-to-float') {
      return graph.node('MatMulIntegerToFloat', [a.values, w, a.scale, wScale, a.zeroPoint, wZeroPoint, bias], {
        label,
        output,
        domain: MICROSOFT_DOMAIN,
      });
    }
    const product = graph.node('MatMulInteger', [a.values, w, a.zeroPoint, wZeroPoint], { label });
    const asFloat = graph.node('Cast', [product], { label, attributes: { to: attr.int(DataType.FLOAT) } });
    const scale = graph.node('Mul', [a.scale, wScale], { label });
    const dequantized = graph.node('Mul', [asFloat, scale], { label });
    return graph.node('Add', [dequantized, bias], { label, output });
  }

  private quantizeActivation(x: string): QuantizedActivation {
    const known = this.activations.get(x);
    if (known) return known;
    const [values, scale, zeroPoint] = this.graph.nodeWithOutputs('DynamicQuantizeLinear', [x], 3, {
      label: `${x}/quantized`,
    });
    const quantized = { values, scale, zeroPoint };
    this.activations.set(x, quantized);
    return quantized;
  }
}
