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

/** What a worker's `embedded` debug line says of one embed-texts job. */
export interface EmbeddedLine {
  jobId: string;
  texts: number;
  lane: string;
}

/** The embed-texts jobs a worker finished, from the JSON `embedded` lines of its output. */
export function embeddedJobs(output: string): EmbeddedLine[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"embedded"'))
    .map((line) => JSON.parse(line).message as EmbeddedLine);
}
