/** The job sizes a request may be cut into (RERANK_JOB_DOCUMENTS, RERANK_JOB_MAX_DOCUMENTS). */
export interface JobSizeLimits {
  /** At most one job per this many documents: smaller jobs would cost more in queue trips than they save. */
  jobDocuments: number;
  /** Most documents in one job, so none holds a worker for long. */
  maxJobDocuments: number;
}

/**
 * How many jobs a request of `weight` documents (long ones counted by their estimated windows)
 * is cut into: one per live worker, so every worker can take a share, but no more than one per
 * `jobDocuments` documents and enough that none is bigger than `maxJobDocuments`. With one worker a request is one job:
 * cut into more, the worker would fetch and tokenize them one after another and sort and pack
 * their pairs apart, paying per job for nothing.
 */
export function jobCountFor(weight: number, workers: number, limits: JobSizeLimits): number {
  const most = Math.max(1, Math.ceil(weight / limits.jobDocuments));
  const least = Math.max(1, Math.ceil(weight / limits.maxJobDocuments));
  return Math.max(least, Math.min(most, Math.max(1, workers)));
}

/**
 * Cuts items with these costs into groups of consecutive items for `jobs` jobs: a group is
 * closed once it holds its share of the total (so the jobs of a request finish about together),
 * or before an item that would take it over `maxCost`. Lumpy costs (long documents read in
 * many windows) may make more groups than `jobs`, never a group over `maxCost` unless one item
 * alone is. Returns the item positions of each group, in order.
 */
export function splitIntoJobs(costs: readonly number[], jobs: number, maxCost: number): number[][] {
  const share = Math.ceil(costs.reduce((sum, cost) => sum + cost, 0) / jobs);
  const groups: number[][] = [];
  let group: number[] = [];
  let weight = 0;
  costs.forEach((cost, position) => {
    if (group.length > 0 && (weight >= share || weight + cost > maxCost)) {
      groups.push(group);
      group = [];
      weight = 0;
    }
    group.push(position);
    weight += cost;
  });
  if (group.length > 0) groups.push(group);
  return groups;
}
