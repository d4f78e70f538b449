import { FleetProcess } from '../../tools/fleet/fleet-process';
import { deleteKeysUnder } from '../../tools/fleet/fleet-housekeeping';
import { vulkanLoaderPresent } from '../../libs/scoring/src/onnx/provider-load-error';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { TEST_REDIS_URL } from '../support/redis';

/**
 * The WebGPU provider is bundled with onnxruntime-node, but it needs a Vulkan GPU. The machines
 * this suite runs on have none (no libvulkan.so.1 either), so what is tested here is the
 * start-up failure an operator sees; GPU figures are in docs/benchmarks.md when a GPU was lent.
 */
describe('RERANK_EXECUTION_PROVIDER=webgpu on a host without a Vulkan GPU', () => {
  const prefix = `test-webgpu-${process.pid}`;

  // The worker creates its queues' meta keys before the model fails to load: they are removed here.
  afterAll(() => deleteKeysUnder(TEST_REDIS_URL, prefix));

  it('stops the worker at start-up with one line that says what is missing', async () => {
    const worker = FleetProcess.start('worker', {
      env: {
        ...process.env,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        RERANK_MODEL: TINY_FIXTURE_DIR,
        RERANK_EXECUTION_PROVIDER: 'webgpu',
        WORKER_METRICS_PORT: '0',
      },
    });
    const exitCode = await worker.exited;
    const failure = worker.output.split('\n').filter((line) => line.startsWith('worker failed to start'));

    expect(exitCode).toBe(1);
    expect(failure).toHaveLength(1);
    expect(failure[0]).toContain(`cannot load ONNX model ${TINY_FIXTURE_DIR}`);
    expect(failure[0]).toContain('Failed to get a WebGPU adapter');
    expect(failure[0]).not.toContain('onnxruntime_src');
    if (vulkanLoaderPresent()) expect(failure[0]).toContain('driver exposes Vulkan');
    else expect(failure[0]).toContain('needs the Vulkan loader libvulkan.so.1, Debian/Ubuntu package libvulkan1');
  });
});
