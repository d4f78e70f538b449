import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLoadError, inspectModelDirectory } from './model-layout';

describe('inspectModelDirectory', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-layout-'));
    mkdirSync(join(dir, 'onnx'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ max_position_embeddings: 512, id2label: { 0: 'LABEL_0' } }));
    writeFileSync(join(dir, 'tokenizer.json'), '{}');
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 1_000_000_000_000 }));
    writeFileSync(join(dir, 'onnx', 'model.onnx'), '');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the model limit, ignoring the tokenizer\'s "unlimited" sentinel', () => {
    expect(inspectModelDirectory(dir, 'onnx/model.onnx')).toEqual({
      dir,
      onnxPath: join(dir, 'onnx', 'model.onnx'),
      maxLength: 512,
    });
    expect(inspectModelDirectory(dir, 'onnx/model.onnx', 256).maxLength).toBe(256);
  });

  it('names the missing files and the layout it needs', () => {
    rmSync(join(dir, 'tokenizer.json'));
    expect(() => inspectModelDirectory(dir, 'onnx/model_quantized.onnx')).toThrow(
      /lacks tokenizer\.json, onnx\/model_quantized\.onnx\. A model directory needs the Hugging Face layout/,
    );
  });

  it('rejects a directory that does not exist, an override above the limit, and a multi-label model', () => {
    expect(() => inspectModelDirectory(join(dir, 'nope'), 'onnx/model.onnx')).toThrow(ModelLoadError);
    expect(() => inspectModelDirectory(dir, 'onnx/model.onnx', 1024)).toThrow("exceeds the model's limit of 512");
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ id2label: { 0: 'neg', 1: 'pos' } }));
    expect(() => inspectModelDirectory(dir, 'onnx/model.onnx')).toThrow('has 2 labels');
  });
});
