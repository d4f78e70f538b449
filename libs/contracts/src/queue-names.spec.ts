import { Lane, scoreQueueName } from './queue-names';

describe('scoreQueueName', () => {
  it('returns a BullMQ-safe name per model and lane', () => {
    expect(scoreQueueName('cross-encoder/ms-marco-MiniLM-L-6-v2')).toBe('score.cross-encoder--ms-marco-MiniLM-L-6-v2.interactive');
    expect(scoreQueueName('minilm-l6', Lane.Interactive)).toBe('score.minilm-l6.interactive');
    expect(scoreQueueName('a:b c')).not.toContain(':');
  });

  it('rejects a name with nothing usable in it', () => {
    expect(() => scoreQueueName('///')).toThrow('no usable characters');
  });
});
