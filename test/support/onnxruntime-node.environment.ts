import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';

const HOST_CONSTRUCTORS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

/**
 * Jest's node environment with the host realm's ArrayBuffer and typed-array constructors.
 * onnxruntime-node's native addon allocates output arrays in the host realm, and
 * onnxruntime-common then checks them with `instanceof Float32Array` against the sandbox's own
 * constructor, so every `session.run` under the stock environment throws "A float32 tensor's
 * data must be type of function Float32Array()". Every project in jest.config.js uses it.
 */
export default class OnnxRuntimeNodeEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const sandbox = this.global as unknown as Record<string, unknown>;
    const host = globalThis as unknown as Record<string, unknown>;
    for (const name of HOST_CONSTRUCTORS) sandbox[name] = host[name];
  }
}
