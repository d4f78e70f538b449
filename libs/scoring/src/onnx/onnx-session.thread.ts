/**
 * Source of the thread that owns the ONNX Runtime session. onnxruntime-node's `session.run`
 * is synchronous underneath its promise: on the main thread it would freeze the event loop for
 * the whole forward pass (no job fetching, tokenizing, lock renewal or heartbeats meanwhile).
 * Kept as a string so it runs the same from compiled output and from TypeScript sources.
 */
export const ONNX_SESSION_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);

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
  parentPort.on('message', async (message) => {
    if (message.type === 'release') {
      await session.release();
      parentPort.postMessage({ type: 'released' });
      return;
    }
    try {
      const feeds = {};
      for (const [name, data] of Object.entries(message.feeds)) feeds[name] = new ort.Tensor('int64', data, message.dims);
      const output = (await session.run(feeds))[message.outputName];
      const logits = output.type === 'float32' ? new Float32Array(output.data) : null;
      parentPort.postMessage(
        { type: 'result', id: message.id, logits, outputType: output.type, dims: output.dims },
        logits ? [logits.buffer] : [],
      );
    } catch (error) {
      parentPort.postMessage({ type: 'result', id: message.id, error: String(error && error.message || error) });
    }
  });
}
main();
`;
