/** What a worker's `scored` debug line says of one job. */
export interface ScoredLine {
  jobId: string;
  pairs: number;
}

/** The jobs a worker scored, from the JSON `scored` lines of its output. */
export function scoredJobs(output: string): ScoredLine[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"scored"'))
    .map((line) => JSON.parse(line).message as ScoredLine);
}
