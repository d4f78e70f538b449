import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHub } from '../../../../test/support/fake-hub';
import { TINY_FIXTURE_DIR } from '../../../../test/support/fixtures';
import { ModelLoadError } from './model-layout';
import { resolveModel } from './resolve-model';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

// The hub is played by a local HTTP server (FakeHub) serving the tiny fixture; a worker process
// fetching from it is covered by test/e2e/hub-model.e2e-spec.ts.
describe('resolveModel', () => {
  let cacheDir: string;

  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'hub-cache-'));
  });

  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('returns a local directory as it is, without touching the hub', async () => {
    const files = await resolveModel({ source: TINY_FIXTURE_DIR, file: 'onnx/model.onnx' }, existsSync);
    expect(files).toEqual({ dir: TINY_FIXTURE_DIR, onnxPath: join(TINY_FIXTURE_DIR, 'onnx', 'model.onnx'), maxLength: 512 });
  });

  it('fetches a hub model into <cacheDir>/<id>/ once, then serves it from there', async () => {
    const hub = await FakeHub.serve('acme/tiny-reranker', TINY_FIXTURE_DIR);
    try {
      const source = { source: 'acme/tiny-reranker', file: 'onnx/model.onnx', cacheDir, hubEndpoint: hub.url };
      const files = await resolveModel(source, existsSync);
      const dir = join(cacheDir, 'acme', 'tiny-reranker');
      expect(files).toEqual({ dir, onnxPath: join(dir, 'onnx', 'model.onnx'), maxLength: 512 });
      expect(sha256(files.onnxPath)).toBe(sha256(join(TINY_FIXTURE_DIR, 'onnx', 'model.onnx')));
      expect(readdirSync(join(dir, 'onnx'))).toEqual(['model.onnx']);
      expect(hub.requests).toContain('/acme/tiny-reranker/resolve/main/onnx/model.onnx');
      const fetched = hub.requests.length;
      await expect(resolveModel(source, existsSync)).resolves.toEqual(files);
      expect(hub.requests.length).toBe(fetched);
    } finally {
      await hub.close();
    }
  });

  it('says which layout it needs when the hub cannot be reached', async () => {
    const source = { source: 'acme/unreachable', file: 'onnx/model.onnx', cacheDir, hubEndpoint: 'http://127.0.0.1:9/' };
    const attempt = resolveModel(source, existsSync);
    await expect(attempt).rejects.toBeInstanceOf(ModelLoadError);
    await expect(attempt).rejects.toThrow(
      /cannot fetch model "acme\/unreachable".*Without network access, set RERANK_MODEL to a local directory\. A model directory needs the Hugging Face layout/,
    );
  });

  it('reads a missing relative directory as a path, not as a hub id', async () => {
    await expect(resolveModel({ source: './models/nowhere', file: 'onnx/model.onnx' }, existsSync)).rejects.toThrow(
      'model directory ./models/nowhere does not exist',
    );
  });
});
