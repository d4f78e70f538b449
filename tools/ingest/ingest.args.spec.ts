import { UsageError } from '../cli/cli-args';
import { parseIngestArgs } from './ingest.args';

describe('parseIngestArgs', () => {
  it('returns the collection and the file, relative to where npm was run', () => {
    expect(parseIngestArgs(['--collection', 'scifact', 'data/corpus.jsonl'], { INIT_CWD: '/home/me' })).toEqual({
      collection: 'scifact',
      file: '/home/me/data/corpus.jsonl',
      batch: 10_000,
    });
    expect(parseIngestArgs(['-', '--collection=c', '--batch', '500'], {})).toEqual({ collection: 'c', file: '-', batch: 500 });
  });

  it.each([
    [['corpus.jsonl'], '--collection is required'],
    [['--collection', 'a b', 'corpus.jsonl'], '--collection must be 1 to 64 letters, digits, "_" or "-", got "a b"'],
    [['--collection', 'c'], 'give exactly one FILE to read'],
    [['--collection', 'c', 'a', 'b'], 'give exactly one FILE to read'],
    [['--collection', 'c', '--batch', '0', 'f'], '--batch must be an integer from 1 to 1000000, got "0"'],
  ])('rejects %j naming the problem', (argv, message) => {
    expect(() => parseIngestArgs(argv, {})).toThrow(new UsageError(message));
  });
});
