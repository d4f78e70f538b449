import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_FIXTURE_DIR } from '../../../../test/support/fixtures';
import { ModelLoadError } from './model-layout';
import { resolveModel } from './resolve-model';

// Fetching from a (fake) hub is covered end to end, through a worker process, by
// test/e2e/hub-model.e2e-spec.ts.
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

  it('says which layout it needs when the hub cannot be reached', async () => {
    const source = { source: 'acme/unreachable', file: 'onnx/model.onnx', cacheDir, hubEndpoint: 'http://127.0.0.1:9/' };
    const attempt = resolveModel(source, existsSync);
    await expect(attempt).rejects.toBeInstanceOf(ModelLoadError);
    await expect(attempt).rejects.toThrow(/cannot fetch model "acme\/unreachable".*Without network access, set RERANK_MODEL to a local directory\. A model directory needs the Hugging Face layout/);
  });

  it('reads a missing relative directory as a path, not as a hub id', async () => {
    await expect(resolveModel({ source: './models/nowhere', file: 'onnx/model.onnx' }, existsSync)).rejects.toThrow(
      'model directory ./models/nowhere does not exist',
    );
  });
});
