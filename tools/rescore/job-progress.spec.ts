import { formatSeconds, formatStatusLine, jobProgress } from './job-progress';
import { JobStatus } from './jobs-client';

const status = (fields: Partial<JobStatus> = {}): JobStatus => ({
  id: 'abc',
  state: 'running',
  model: 'tiny',
  queries: 60,
  pairs: { done: 1234, total: 3000 },
  created_at: '2026-01-01T00:00:00.000Z',
  started_at: '2026-01-01T00:00:01.000Z',
  finished_at: null,
  pairs_per_second: 250.4,
  eta_seconds: 7,
  ...fields,
});

describe('formatSeconds', () => {
  it.each([
    [7, '7 s'],
    [200, '3 min 20 s'],
    [7500, '2 h 05 min'],
  ])('writes %i s as "%s"', (seconds, text) => expect(formatSeconds(seconds)).toBe(text));
});

describe('formatStatusLine', () => {
  it('gives state, pairs, rate and ETA', () => {
    expect(formatStatusLine(status())).toBe('job abc: running, 1,234 of 3,000 pairs (41%), 250 pairs/s, ETA 7 s');
  });

  it('leaves out what is not known yet, and says why a job failed', () => {
    expect(formatStatusLine(status({ state: 'queued', pairs: { done: 0, total: 3000 }, pairs_per_second: null, eta_seconds: null }))).toBe(
      'job abc: queued, 0 of 3,000 pairs (0%)',
    );
    expect(formatStatusLine(status({ state: 'failed', eta_seconds: null, failed_reason: 'batch 3 failed' }))).toBe(
      'job abc: failed, 1,234 of 3,000 pairs (41%), 250 pairs/s: batch 3 failed',
    );
  });
});

describe('jobProgress off a terminal', () => {
  it('writes a line when the state changes, and otherwise at most every interval', () => {
    const written: string[] = [];
    let clock = 0;
    const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const progress = jobProgress(stream, 10_000, () => clock);
    progress.update(status({ state: 'queued' }));
    clock = 1000;
    progress.update(status());
    clock = 5000;
    progress.update(status());
    clock = 11_000;
    progress.update(status());
    clock = 12_000;
    progress.update(status({ state: 'completed', pairs: { done: 3000, total: 3000 } }));
    expect(written.map((line) => line.split(':')[1].split(',')[0].trim())).toEqual(['queued', 'running', 'running', 'completed']);
  });
});
