import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FleetProcess } from '../../tools/fleet/fleet-process';
import { FakeHub } from '../support/fake-hub';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { TestFleet } from '../support/test-fleet';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('RERANK_MODEL as a Hugging Face hub id', () => {
  let hub: FakeHub;
  let cacheDir: string;

  beforeAll(async () => {
    hub = await FakeHub.serve('acme/tiny-reranker', TINY_FIXTURE_DIR);
    cacheDir = mkdtempSync(join(tmpdir(), 'hub-cache-'));
  });

  afterAll(async () => {
    await hub?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('fetches the model into the cache through transformers.js and serves it under its id', async () => {
    const fleet = await TestFleet.start({
      env: { RERANK_MODEL: 'acme/tiny-reranker', HF_ENDPOINT: hub.url, RERANK_CACHE_DIR: cacheDir },
    });
    try {
      const cached = join(cacheDir, 'acme', 'tiny-reranker', 'onnx', 'model.onnx');
      // Compare digests: Jest's deep equality on a 4 MB buffer takes minutes.
      expect(sha256(cached)).toBe(sha256(join(TINY_FIXTURE_DIR, 'onnx', 'model.onnx')));
      const { status, body } = await fleet.post('/v1/rerank', { query: 'berlin', documents: ['a', 'b', 'c'] });
      expect(status).toBe(200);
      expect(body.model).toBe('acme/tiny-reranker');
      expect(body.results).toHaveLength(3);
      expect(hub.requests).toContain('/acme/tiny-reranker/resolve/main/onnx/model.onnx');
    } finally {
      await fleet.stop();
    }
  });

  it('stops the worker with one line naming the layout when the hub cannot be reached', async () => {
    const worker = FleetProcess.start('worker', {
      env: { ...process.env, RERANK_MODEL: 'acme/missing', HF_ENDPOINT: 'http://127.0.0.1:9/', RERANK_CACHE_DIR: cacheDir },
    });
    expect(await worker.exited).toBe(1);
    expect(worker.output).toMatch(
      /^worker failed to start: cannot fetch model "acme\/missing" from the Hugging Face hub \(http:\/\/127\.0\.0\.1:9\/\).*A model directory needs the Hugging Face layout: config\.json, tokenizer\.json/m,
    );
  });
});
