import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstLineOf, providerLoadHint, vulkanLoaderPresent } from './provider-load-error';

const ORT_WEBGPU_FAILURE =
  '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize' +
  '(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success ' +
  'was false. Failed to get a WebGPU adapter: No supported adapters\n';

describe('provider load errors', () => {
  it('keeps the sentence of an ONNX Runtime assertion and drops its source location and trailing lines', () => {
    expect(firstLineOf(ORT_WEBGPU_FAILURE)).toBe('Failed to get a WebGPU adapter: No supported adapters');
    expect(firstLineOf('Load model from /m.onnx failed:Protobuf parsing failed.\nmore')).toBe(
      'Load model from /m.onnx failed:Protobuf parsing failed.',
    );
  });

  it('names the missing Vulkan loader and its package when webgpu has none', () => {
    const hint = providerLoadHint('webgpu', () => false);
    expect(hint).toContain('libvulkan.so.1');
    expect(hint).toContain('libvulkan1');
    expect(hint).not.toContain('\n');
  });

  it('points at the GPU driver when the Vulkan loader is there but no adapter was found', () => {
    const hint = providerLoadHint('webgpu', () => true);
    expect(hint).toContain('driver exposes Vulkan');
    expect(hint).not.toContain('libvulkan1');
  });

  it('says nothing extra for the CPU provider and names CUDA and cuDNN for cuda', () => {
    expect(providerLoadHint('cpu')).toBe('');
    expect(providerLoadHint('cuda')).toMatch(/CUDA 12 and cuDNN 9/);
  });

  it('finds the Vulkan loader in LD_LIBRARY_PATH or the linker cache, and nowhere else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vulkan-'));
    const emptyCache = join(dir, 'empty.cache');
    writeFileSync(emptyCache, 'libc.so.6\0libm.so.6\0');
    expect(vulkanLoaderPresent({ LD_LIBRARY_PATH: dir }, emptyCache)).toBe(false);

    writeFileSync(join(dir, 'libvulkan.so.1'), '');
    expect(vulkanLoaderPresent({ LD_LIBRARY_PATH: `/nowhere:${dir}` }, emptyCache)).toBe(true);

    const cache = join(dir, 'ld.so.cache');
    writeFileSync(cache, 'libc.so.6\0libvulkan.so.1\0');
    expect(vulkanLoaderPresent({}, cache)).toBe(true);
    expect(vulkanLoaderPresent({}, join(dir, 'missing.cache'))).toBe(false);
  });
});
