export interface ScoredDocument {
  id: string;
  score: number;
}

/**
 * A TREC run file (`qid Q0 docno rank score tag`, one line per retrieved document), as
 * trec_eval reads it. trec_eval orders by score, so scores must fall as ranks rise.
 */
export function formatTrecRun(run: ReadonlyMap<string, readonly ScoredDocument[]>, tag: string): string {
  const lines: string[] = [];
  for (const [queryId, ranking] of run) {
    ranking.forEach(({ id, score }, i) => lines.push(`${queryId} Q0 ${id} ${i + 1} ${score} ${tag}`));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
