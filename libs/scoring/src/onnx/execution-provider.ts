import { InferenceSession } from 'onnxruntime-node';

export interface RuntimeOptions {
  executionProvider: 'cpu' | 'cuda';
  cudaDevice: number;
  /** 0 lets ONNX Runtime choose. */
  intraOpThreads: number;
}

/** Session options for a host: CPU, or CUDA on one device id (several workers may share a GPU). */
export function sessionOptionsFor(runtime: RuntimeOptions): InferenceSession.SessionOptions {
  const executionProviders: InferenceSession.ExecutionProviderConfig[] =
    runtime.executionProvider === 'cuda' ? [{ name: 'cuda', deviceId: runtime.cudaDevice }] : ['cpu'];
  const options: InferenceSession.SessionOptions = {
    executionProviders,
    graphOptimizationLevel: 'all',
    // One run at a time per session: inter-op threads would only compete for the same cores.
    interOpNumThreads: 1,
    executionMode: 'sequential',
  };
  if (runtime.intraOpThreads > 0) options.intraOpNumThreads = runtime.intraOpThreads;
  return options;
}
