import { endianness } from 'node:os';
import { onnx } from 'onnx-proto';

export const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

/** A dimension of a graph input or output: a fixed size or a symbolic name such as `batch_size`. */
export type Dim = number | string;

/** A typed node attribute; ONNX distinguishes `1` (INT) from `1.0` (FLOAT), so the kind is explicit. */
export type AttributeValue = { kind: 'int'; value: number } | { kind: 'ints'; value: number[] } | { kind: 'float'; value: number };

/** Constructors for node attributes. */
export const attr = {
  int: (value: number): AttributeValue => ({ kind: 'int', value }),
  ints: (...value: number[]): AttributeValue => ({ kind: 'ints', value }),
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
};

export interface NodeOptions {
  attributes?: Record<string, AttributeValue>;
  /** Name of the output value; generated from `label` when omitted. */
  output?: string;
  /** Human-readable prefix for generated node and value names. */
  label?: string;
  /** Operator set domain, e.g. `com.microsoft` for ONNX Runtime's contrib ops; default the ONNX one. */
  domain?: string;
}

export interface ModelOptions {
  graphName: string;
  opsetVersion: number;
  irVersion: number;
  producerName: string;
  docString?: string;
}

const IS_LITTLE_ENDIAN = endianness() === 'LE';

/** The bytes of a float32 tensor in ONNX raw_data order (little-endian), without copying on LE hosts. */
function float32Bytes(data: Float32Array): Uint8Array {
  if (IS_LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const view = new DataView(new ArrayBuffer(data.byteLength));
  data.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return new Uint8Array(view.buffer);
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
  return new Uint8Array(view.buffer);
}

function toAttributeProto(name: string, value: AttributeValue): onnx.IAttributeProto {
  switch (value.kind) {
    case 'int':
      return { name, type: AttributeType.INT, i: value.value };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: value.value };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: value.value };
  }
}

function valueInfo(name: string, elemType: number, dims: readonly Dim[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** A parameter tensor's values: float32, or the int8 / uint8 of a quantized model. */
export type InitializerData = Float32Array | Int8Array | Uint8Array;

function initializerTensor(name: string, dims: readonly number[], data: InitializerData): onnx.ITensorProto {
  if (data instanceof Float32Array) {
    return { name, dims: [...dims], dataType: DataType.FLOAT, rawData: float32Bytes(data) };
  }
  const dataType = data instanceof Int8Array ? DataType.INT8 : DataType.UINT8;
  return { name, dims: [...dims], dataType, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** ONNX Runtime's contrib operators (MatMulIntegerToFloat, DynamicQuantizeMatMul, ...). */
export const MICROSOFT_DOMAIN = 'com.microsoft';

/**
 * Accumulates an ONNX graph: inputs, outputs, initializers, constants and nodes.
 * Names are generated deterministically so the same build always yields the same bytes.
 */
export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly constants = new Map<string, string>();
  private readonly domains = new Set<string>();
  private nextId = 0;

  input(name: string, elemType: number, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: readonly Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds an initializer (a model parameter) stored as raw little-endian bytes; the array type sets its type. */
  initializer(name: string, dims: readonly number[], data: InitializerData): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (data.length !== expected) {
      throw new Error(`initializer ${name}: ${data.length} values do not fill dims [${dims.join(', ')}]`);
    }
    this.initializers.push(initializerTensor(name, dims, data));
    return name;
  }

  /**
   * An int64 constant (shapes, axes, indices). Emitted as a Constant node rather than an
   * initializer so that the initializers are exactly the model's parameters.
   */
  constantInt64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant(`i64:${dims.join('x')}:${values.join(',')}`, {
      dims: [...dims],
      dataType: DataType.INT64,
      rawData: int64Bytes(values),
    });
  }

  /** A float32 scalar constant. */
  constantFloat(value: number): string {
    return this.constant(`f32:${value}`, {
      dims: [],
      dataType: DataType.FLOAT,
      rawData: float32Bytes(Float32Array.of(value)),
    });
  }

  /** Appends a node and returns the name of its (single) output. */
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string {
    return this.nodeWithOutputs(opType, inputs, 1, options)[0];
  }

  /**
   * Appends a node with `count` outputs (e.g. DynamicQuantizeLinear's value, scale and zero
   * point) and returns their names; `options.output` names the first one.
   */
  nodeWithOutputs(opType: string, inputs: readonly string[], count: number, options: NodeOptions = {}): string[] {
    const id = this.nextId++;
    const label = options.label ?? opType;
    const output = Array.from({ length: count }, (_, i) =>
      i === 0 && options.output ? options.output : `${label}/${opType}_${id}_output${i === 0 ? '' : `_${i}`}`,
    );
    const attribute = Object.entries(options.attributes ?? {}).map(([name, value]) => toAttributeProto(name, value));
    const node: onnx.INodeProto = { name: `${label}/${opType}_${id}`, opType, input: [...inputs], output, attribute };
    if (options.domain) {
      node.domain = options.domain;
      this.domains.add(options.domain);
    }
    this.nodes.push(node);
    return output;
  }

  toModel(options: ModelOptions): onnx.ModelProto {
    // Contrib domains are all at version 1; they are listed only when a node uses them.
    const contribOpsets = [...this.domains].sort().map((domain) => ({ domain, version: 1 }));
    return onnx.ModelProto.create({
      irVersion: options.irVersion,
      producerName: options.producerName,
      docString: options.docString,
      opsetImport: [{ domain: '', version: options.opsetVersion }, ...contribOpsets],
      graph: {
        name: options.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
  }

  private constant(key: string, tensor: onnx.ITensorProto): string {
    const existing = this.constants.get(key);
    if (existing) return existing;
    const output = `const_${this.constants.size}`;
    this.nodes.push({
      name: `${output}/Constant`,
      opType: 'Constant',
      output: [output],
      attribute: [{ name: 'value', type: AttributeType.TENSOR, t: tensor }],
    });
    this.constants.set(key, output);
    return output;
  }
}

/** Serialises a model to the ONNX protobuf wire format. */
export function encodeModel(model: onnx.ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}
