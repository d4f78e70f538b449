import { parentPort, workerData } from 'node:worker_threads';
import { osThreadId } from '../os-thread-id';
import { PairTokenizer } from './pair-tokenizer';
import { packWindows, transferList } from './token-buffers';
import type { TokenizeRequest, TokenizerThreadMessage } from './tokenizer-pool';

/** One thread of a TokenizerPool: its own PairTokenizer, answering with transferred buffers. */
async function serve(port: NonNullable<typeof parentPort>, modelDir: string): Promise<void> {
  const post = (message: TokenizerThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  let tokenizer: PairTokenizer;
  try {
    tokenizer = await PairTokenizer.load(modelDir);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  post({ type: 'ready', threadId: osThreadId() });
  port.on('message', (request: TokenizeRequest) => {
    try {
      const windows =
        request.op === 'pairs'
          ? tokenizer
              .encodePairs(request.query, request.documents, request.maxLength, request.maxDocumentTokens, request.direction)
              .map((pair) => [{ pair }])
          : tokenizer.encodeWindows(request.query, request.documents, request.maxLength, request.options);
      const packed = packWindows(windows);
      post({ type: 'result', id: request.id, packed }, transferList(packed));
    } catch (error) {
      post({ type: 'result', id: request.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

if (parentPort) void serve(parentPort, (workerData as { modelDir: string }).modelDir);
