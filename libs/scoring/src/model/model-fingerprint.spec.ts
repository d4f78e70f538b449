import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_FIXTURE_DIR } from '../../../../test/support/fixtures';
import { modelFingerprint } from './model-fingerprint';

const filesOf = (dir: string) => ({ dir, onnxPath: join(dir, 'onnx', 'model.onnx') });

describe('modelFingerprint', () => {
  let root: string;
  let copy: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fingerprint-'));
    copy = join(root, 'renamed-copy');
    cpSync(TINY_FIXTURE_DIR, copy, { recursive: true });
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('returns the same hex digest for the same files wherever they lie', async () => {
    const original = await modelFingerprint(filesOf(TINY_FIXTURE_DIR));
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(await modelFingerprint(filesOf(copy))).toBe(original);
  });

  it('returns another digest when the ONNX weights, their external data or the tokenizer change', async () => {
    const original = await modelFingerprint(filesOf(copy));
    appendFileSync(join(copy, 'onnx', 'model.onnx_data'), 'weights');
    const withData = await modelFingerprint(filesOf(copy));
    expect(withData).not.toBe(original);
    writeFileSync(join(copy, 'tokenizer_config.json'), '{"do_lower_case": false}');
    expect(await modelFingerprint(filesOf(copy))).not.toBe(withData);
    cpSync(TINY_FIXTURE_DIR, copy, { recursive: true });
    rmSync(join(copy, 'onnx', 'model.onnx_data'));
    appendFileSync(join(copy, 'onnx', 'model.onnx'), Buffer.from([0]));
    expect(await modelFingerprint(filesOf(copy))).not.toBe(original);
  });
});
