import { JobName } from './queue-names';

/** One candidate document inside a scoring job; `index` is its position in the client's request. */
export interface ScoreDocument {
  index: number;
  text: string;
}

/** Payload of a `score-pairs` job: one query against a bounded slice of a request's documents. */
export interface ScorePairsPayload {
  /** Request id, carried so worker log lines can be joined with the gateway's. */
  requestId: string;
  model: string;
  query: string;
  documents: ScoreDocument[];
  /** Epoch milliseconds after which nobody waits for this job's result. */
  deadline: number;
}

export interface PairScore {
  index: number;
  logit: number;
}

/** Result of a `score-pairs` job, in the order of the payload's documents. */
export interface ScorePairsResult {
  scores: PairScore[];
  /** Tokens fed to the model including padding, and the real tokens among them. */
  paddedTokens: number;
  realTokens: number;
  workerId: string;
}

/** Maps each job name to its payload and result, so a processor cannot receive the wrong shape. */
export interface JobTypes {
  [JobName.ScorePairs]: { payload: ScorePairsPayload; result: ScorePairsResult };
}
