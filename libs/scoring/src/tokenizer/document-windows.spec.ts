import { planWindowStarts } from './document-windows';

describe('planWindowStarts', () => {
  it('returns one window at 0 when the document fits', () => {
    expect(planWindowStarts(10, 10, 2, 4)).toEqual([0]);
    expect(planWindowStarts(0, 10, 2, 4)).toEqual([0]);
  });

  it('returns windows stepping by window minus stride, the last one ending at the document end', () => {
    // 25 tokens, windows of 10 sharing 2: 0-10, 8-18, then 15-25 (ends at the end).
    expect(planWindowStarts(25, 10, 2, 16)).toEqual([0, 8, 15]);
  });

  it('returns back-to-back windows when the stride is 0 and the length divides evenly', () => {
    expect(planWindowStarts(30, 10, 0, 16)).toEqual([0, 10, 20]);
  });

  it('returns at most maxWindows windows, leaving the rest of the document unread', () => {
    expect(planWindowStarts(1000, 10, 0, 3)).toEqual([0, 10, 20]);
  });

  it('returns windows that share at most half their length when the stride is larger', () => {
    expect(planWindowStarts(40, 10, 9, 16)).toEqual([0, 5, 10, 15, 20, 25, 30]);
  });

  it('throws when the window has no room', () => {
    expect(() => planWindowStarts(10, 0, 0, 4)).toThrow(RangeError);
  });
});
