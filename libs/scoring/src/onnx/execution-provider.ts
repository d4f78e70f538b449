import { InferenceSession } from 'onnxruntime-node';

export type ExecutionProviderName = 'cpu' | 'cuda' | 'webgpu';

export interface RuntimeOptions {
  executionProvider: ExecutionProviderName;
  cudaDevice: number;
  /** 0 lets ONNX Runtime choose. */
  intraOpThreads: number;
}

function providersFor(runtime: RuntimeOptions): InferenceSession.ExecutionProviderConfig[] {
  switch (runtime.executionProvider) {
    case 'cuda':
      return [{ name: 'cuda', deviceId: runtime.cudaDevice }];
    case 'webgpu':
      // Operators WebGPU lacks fall back to ONNX Runtime's CPU kernels on their own.
      return [{ name: 'webgpu' }];
    case 'cpu':
      return ['cpu'];
  }
}

/** Session options for a host: CPU, CUDA on one device id (several workers may share a GPU), or WebGPU. */
export function sessionOptionsFor(runtime: RuntimeOptions): InferenceSession.SessionOptions {
  const options: InferenceSession.SessionOptions = {
    executionProviders: providersFor(runtime),
    graphOptimizationLevel: 'all',
    // One run at a time per session: inter-op threads would only compete for the same cores.
    interOpNumThreads: 1,
    executionMode: 'sequential',
  };
  if (runtime.intraOpThreads > 0) options.intraOpNumThreads = runtime.intraOpThreads;
  return options;
}
