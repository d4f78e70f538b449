import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionProviderName } from './execution-provider';

const VULKAN_LOADER = 'libvulkan.so.1';

/**
 * Whether the dynamic linker can find the Vulkan loader that Dawn (ONNX Runtime's WebGPU
 * provider) opens: in LD_LIBRARY_PATH or in the linker cache, where ldconfig lists system libraries.
 */
export function vulkanLoaderPresent(env: NodeJS.ProcessEnv = process.env, ldCache = '/etc/ld.so.cache'): boolean {
  const dirs = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  if (dirs.some((dir) => existsSync(join(dir, VULKAN_LOADER)))) return true;
  try {
    return readFileSync(ldCache).includes(VULKAN_LOADER);
  } catch {
    return false;
  }
}

/** ONNX Runtime's reason without its source-file prefix or trailing lines: one line for a log. */
export function firstLineOf(reason: string): string {
  const line = reason.trim().split('\n')[0];
  // "/onnxruntime_src/…/webgpu_context.cc:136 …::<lambda()> adapter_result.status == … was false. Failed to …"
  const sentence = /\bwas false\.\s*(.*)$/.exec(line);
  return sentence?.[1] || line;
}

/** What to tell an operator whose execution provider did not load, in one line. */
export function providerLoadHint(provider: ExecutionProviderName, vulkanPresent: () => boolean = vulkanLoaderPresent): string {
  switch (provider) {
    case 'cuda':
      return ' (the CUDA provider needs its binaries, CUDA 12 and cuDNN 9: see docs/operations.md#gpu-hosts)';
    case 'webgpu':
      return vulkanPresent()
        ? ' (RERANK_EXECUTION_PROVIDER=webgpu needs a GPU whose driver exposes Vulkan to this process, e.g. the NVIDIA driver with its Vulkan ICD: see docs/operations.md#gpu-hosts)'
        : ` (RERANK_EXECUTION_PROVIDER=webgpu needs the Vulkan loader ${VULKAN_LOADER}, Debian/Ubuntu package libvulkan1, and a GPU driver that exposes Vulkan: see docs/operations.md#gpu-hosts)`;
    case 'cpu':
      return '';
  }
}
