import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from '../cli/cli-args';
import { formatCount } from '../cli/progress';
import { formatStatusLine, jobProgress } from './job-progress';
import { JobStatus, JobsApiError, JobsClient } from './jobs-client';
import { RESCORE_USAGE, RescoreArgs, parseRescoreArgs } from './rescore.args';
import { withRetries } from './transient-retry';

const counted = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

const POLL_MS = 1000;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Says on stderr why the CLI waits, so a long pause is never a mystery. */
function sayRetry(what: string): (error: Error, delayMs: number) => void {
  return (error, delayMs) => {
    const answer = error instanceof JobsApiError ? `the gateway answered ${error.status}: ${error.message}` : error.message;
    log(`rescore: ${what}: ${answer}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
  };
}

async function submit(client: JobsClient, args: RescoreArgs & { input: string }): Promise<string> {
  const bytes = (await stat(args.input)).size;
  log(`uploading ${args.input} (${formatCount(bytes)} bytes) to ${args.url} …`);
  // A refused upload (429, 503) created nothing and is sent again; one that got no answer may have
  // landed, and sending it again could start the job twice, so that error ends the CLI.
  const accepted = await withRetries(() => client.submit({ file: args.input }, { model: args.model, topN: args.topN }), {
    retryUnreachable: false,
    onRetry: sayRetry('upload refused'),
  });
  log(`job ${accepted.id}: ${formatCount(accepted.queries)} queries, ${formatCount(accepted.pairs)} pairs queued`);
  log(`  (to follow it again: npm run rescore -- --attach ${accepted.id} --out ${args.out}${args.format === 'trec' ? ' --trec' : ''})`);
  return accepted.id;
}

/**
 * Polls until the job is completed, failed or cancelled. The job runs on the fleet whatever
 * happens to this process's requests, so a 429, a 503 while Redis restarts or a gateway that is
 * briefly gone only delays the next look (see withRetries); a 404 or another refusal ends it.
 */
async function follow(client: JobsClient, id: string): Promise<JobStatus> {
  const progress = jobProgress();
  try {
    for (;;) {
      const status = await withRetries(() => client.status(id), { onRetry: sayRetry(`cannot read the status of job ${id}`) });
      progress.update(status);
      if (status.state !== 'queued' && status.state !== 'running') return status;
      await sleep(POLL_MS);
    }
  } finally {
    progress.stop();
  }
}

/** `npm run rescore`: submits an NDJSON job (or follows one), shows its progress, downloads its results. */
async function main(): Promise<number> {
  const args = parseRescoreArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${RESCORE_USAGE}\n`);
    return 0;
  }
  const client = new JobsClient(args.url, args.apiKey);
  let id = args.attach;
  try {
    id ??= await submit(client, { ...args, input: args.input as string });
  } catch (error) {
    if (!(error instanceof JobsApiError)) throw error;
    log(`rescore: the gateway rejected the upload (${error.status}): ${error.message}`);
    return 1;
  }
  const jobId = id;
  // Leaving does not cancel the job: say how to come back to it.
  process.once('SIGINT', () => {
    log(`\nstopped following job ${jobId}; it keeps running. Re-attach with: npm run rescore -- --attach ${jobId} --out ${args.out}`);
    process.exit(130);
  });
  let final: JobStatus;
  try {
    final = await follow(client, jobId);
  } catch (error) {
    if (!(error instanceof JobsApiError)) throw error;
    log(`rescore: cannot follow job ${jobId} (${error.status}): ${error.message}`);
    return 1;
  }
  if (final.state !== 'completed') {
    log(`rescore: ${formatStatusLine(final)}; no results to download`);
    return 1;
  }
  const lines = await withRetries(() => client.download(jobId, args.format, args.out), {
    onRetry: sayRetry(`cannot download the results of job ${jobId}`),
  });
  process.stdout.write(
    `job ${jobId} completed: ${counted(final.pairs.total, 'pair')} of ${counted(final.queries, 'query', 'queries')}; ` +
      `wrote ${counted(lines, args.format === 'trec' ? 'TREC run line' : 'query line')} to ${args.out}\n`,
  );
  return 0;
}

runCli('rescore', RESCORE_USAGE, main);
