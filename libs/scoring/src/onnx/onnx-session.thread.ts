/**
 * Source of the thread that owns the ONNX Runtime session. onnxruntime-node's `session.run`
 * is synchronous underneath its promise: on the main thread it would freeze the event loop for
 * the whole forward pass (no job fetching, tokenizing, lock renewal or heartbeats meanwhile).
 * Kept as a string so it runs the same from compiled output and from TypeScript sources.
 */
export const ONNX_SESSION_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);

// A bi-encoder's token embeddings [rows, width, size] become one vector per row here, so only
// rows x size floats cross back to the main thread: 'mean' averages the tokens the attention
// mask keeps (sentence-transformers' mean pooling), 'cls' takes the first token. Sums in float64.
function pool(hidden, dims, mask, mode) {
  const [rows, width, size] = dims;
  const pooled = new Float32Array(rows * size);
  const sum = new Float64Array(size);
  for (let row = 0; row < rows; row++) {
    const out = row * size;
    if (mode === 'cls') {
      pooled.set(hidden.subarray(row * width * size, row * width * size + size), out);
      continue;
    }
    sum.fill(0);
    let count = 0;
    for (let t = 0; t < width; t++) {
      if (mask[row * width + t] === 0n) continue;
      count++;
      const at = (row * width + t) * size;
      for (let k = 0; k < size; k++) sum[k] += hidden[at + k];
    }
    const scale = 1 / Math.max(count, 1e-9);
    for (let k = 0; k < size; k++) pooled[out + k] = sum[k] * scale;
  }
  return pooled;
}

async function main() {
  let session;
  try {
    session = await ort.InferenceSession.create(workerData.modelPath, workerData.sessionOptions);
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
    return;
  }
  let threadId;
  try {
    threadId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  } catch {}
  parentPort.postMessage({ type: 'ready', inputNames: session.inputNames, outputNames: session.outputNames, threadId });
  // The batcher posts the next run while one is in flight: runs go one after another, in order,
  // whether or not session.run yields before it is done.
  let previous = Promise.resolve();
  parentPort.on('message', (message) => {
    // handle() answers every run itself; only a failed release lands in catch, as the thread ends.
    previous = previous.then(() => handle(message)).catch(() => undefined);
  });
  async function handle(message) {
    if (message.type === 'release') {
      await session.release();
      parentPort.postMessage({ type: 'released' });
      return;
    }
    try {
      const feeds = {};
      for (const [name, data] of Object.entries(message.feeds)) feeds[name] = new ort.Tensor('int64', data, message.dims);
      const output = (await session.run(feeds))[message.outputName];
      let logits = null;
      let dims = output.dims;
      if (output.type === 'float32' && workerData.pooling && dims.length === 3) {
        logits = pool(output.data, dims, message.feeds.attention_mask, workerData.pooling);
        dims = [dims[0], dims[2]];
      } else if (output.type === 'float32') {
        logits = new Float32Array(output.data);
      }
      parentPort.postMessage(
        { type: 'result', id: message.id, logits, outputType: output.type, dims },
        logits ? [logits.buffer] : [],
      );
    } catch (error) {
      parentPort.postMessage({ type: 'result', id: message.id, error: String(error && error.message || error) });
    }
  }
}
main();
`;
