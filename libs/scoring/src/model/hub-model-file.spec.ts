import { hubModelFileFor } from './hub-model-file';

describe('hubModelFileFor', () => {
  it.each([
    ['onnx/model.onnx', { modelFileName: 'model', dtype: 'fp32' }],
    ['onnx/model_quantized.onnx', { modelFileName: 'model', dtype: 'q8' }],
    ['onnx/model_qint8_avx512.onnx', { modelFileName: 'model_qint8_avx512', dtype: 'fp32' }],
    ['onnx/model_fp16.onnx', { modelFileName: 'model', dtype: 'fp16' }],
    ['onnx/model_int8.onnx', { modelFileName: 'model', dtype: 'int8' }],
  ])('returns the transformers.js name and dtype for %s', (file, expected) => {
    expect(hubModelFileFor(file)).toEqual(expected);
  });

  it('rejects a file outside onnx/', () => {
    expect(() => hubModelFileFor('model.onnx')).toThrow('must look like onnx/<name>.onnx');
  });
});
