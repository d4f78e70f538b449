import { runClosedLoop } from '../fleet/load.driver';
import type { Completion } from './capacity.estimate';
import { PhaseReport, phaseReport } from './load.report';
import { runOpenLoop } from './open-loop.driver';
import type { MixedRequest } from './request-mix.generator';
import { RerankSender } from './rerank.sender';
import { StatusTally } from './status.tally';

/** What every phase of a run shares: the gateway, the headers, the client's limits and the request mix. */
export interface PhaseContext {
  url: string;
  headers: Record<string, string>;
  timeoutS: number;
  mix: { next: () => MixedRequest };
  progress: (message: string) => void;
}

/** Prints counts every 10 s of a long phase, so a stuck run shows itself. */
function reportEvery10s(label: string, tally: StatusTally, progress: (message: string) => void): () => void {
  const started = performance.now();
  const timer = setInterval(() => {
    const counts = tally.summary();
    progress(
      `${label} ${Math.round((performance.now() - started) / 1000)} s: ${counts.answered} answered ` +
        `(2xx ${counts.ok_2xx}, partial ${counts.partial}, 429 ${counts.http_429}, 5xx ${counts.http_504 + counts.other_5xx}), ` +
        `${counts.timeouts + counts.connection_errors} unanswered`,
    );
  }, 10_000);
  return () => clearInterval(timer);
}

/**
 * `connections` clients for `durationS` seconds, each sending the next body of the mix as soon as
 * its previous answer is in; the requests out when the time is up are waited for and counted.
 * `completions` receives the complete answers that came before the time limit, while every
 * connection still had a request out: the steady state the capacity estimate wants.
 */
export async function closedPhase(
  context: PhaseContext,
  connections: number,
  durationS: number,
  label: string,
  completions?: Completion[],
): Promise<PhaseReport> {
  const tally = new StatusTally();
  const sender = new RerankSender(context.url, context.headers, context.timeoutS * 1000);
  const stopReporting = reportEvery10s(label, tally, context.progress);
  const limitMs = performance.now() + durationS * 1000;
  const result = await runClosedLoop({
    concurrency: connections,
    durationMs: durationS * 1000,
    send: async () => {
      const request = context.mix.next();
      const answer = await sender.send(request, tally, performance.now());
      const atMs = performance.now();
      if (answer === 'complete' && atMs <= limitMs) completions?.push({ atMs, pairs: request.documents });
    },
  }).finally(stopReporting);
  // The sender records failures in the tally rather than throwing: an error here is a bug of the client.
  if (result.errors.length > 0)
    throw new Error(`${result.errors.length} request(s) failed in the load client itself, first: ${result.errors[0]}`);
  return phaseReport({
    mode: 'closed',
    connections,
    durationS,
    wallMs: result.wallMs,
    drainMs: result.drainMs,
    sent: result.sent,
    status: tally.summary(),
    okLatenciesMs: tally.okLatenciesMs,
    answeredLatenciesMs: tally.answeredLatenciesMs,
  });
}

/** `rate` requests/s for `durationS` seconds on a fixed schedule, whatever the fleet answers. */
export async function openPhase(context: PhaseContext, rate: number, durationS: number, maxInFlight: number): Promise<PhaseReport> {
  const tally = new StatusTally();
  const sender = new RerankSender(context.url, context.headers, context.timeoutS * 1000);
  const stopReporting = reportEvery10s('drive', tally, context.progress);
  const result = await runOpenLoop({
    rate,
    durationMs: durationS * 1000,
    maxInFlight,
    send: async (_, dueMs) => void (await sender.send(context.mix.next(), tally, dueMs)),
  }).finally(stopReporting);
  return phaseReport({
    mode: 'open',
    rate,
    durationS,
    wallMs: result.wallMs,
    drainMs: result.drainMs,
    sent: result.sent,
    skipped: result.skipped,
    maxLagMs: result.maxLagMs,
    status: tally.summary(),
    okLatenciesMs: tally.okLatenciesMs,
    answeredLatenciesMs: tally.answeredLatenciesMs,
  });
}
