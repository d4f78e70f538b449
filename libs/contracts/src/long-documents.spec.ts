import { WindowingOptions, estimatedWindows } from './long-documents';

const windowing = (overrides: Partial<WindowingOptions> = {}): WindowingOptions => ({
  aggregation: 'max',
  meanTopK: 3,
  maxChunks: 8,
  stride: 64,
  ...overrides,
});

describe('estimatedWindows', () => {
  it('counts one window per 2000 characters of a windowed document, at least one', () => {
    expect(estimatedWindows(0, windowing())).toBe(1);
    expect(estimatedWindows(2000, windowing())).toBe(1);
    expect(estimatedWindows(2001, windowing())).toBe(2);
    expect(estimatedWindows(9000, windowing({ aggregation: 'mean' }))).toBe(5);
  });

  it('counts one window when the document is cut to one or only its first window counts', () => {
    expect(estimatedWindows(50_000, undefined)).toBe(1);
    expect(estimatedWindows(50_000, windowing({ aggregation: 'first' }))).toBe(1);
  });

  it('counts no more windows than the document may be read in, nor than its token cap covers', () => {
    expect(estimatedWindows(50_000, windowing({ maxChunks: 4 }))).toBe(4);
    // 1000 tokens of about four characters each: 4000 characters, two windows.
    expect(estimatedWindows(50_000, windowing(), 1000)).toBe(2);
  });
});
