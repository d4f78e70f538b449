import { CollectionNotFoundError, CorpusDocument, RetrievalEngine, passageText } from '@rerank/retrieval';
import { JobLine, JobLineLimits, JobQuery, candidateTextProblem } from './job-line';

/**
 * Turns a line's candidates into texts: inline ones as given, a collection's by id or as its
 * first-stage top N (BM25 of the line's query), read as `title + " " + text` like /v1/search
 * reads them. The texts are taken at upload time: later changes to the collection do not move
 * a job that is already queued.
 */
export class JobLineResolver {
  constructor(
    private readonly engine: RetrievalEngine,
    private readonly limits: JobLineLimits,
  ) {}

  /** The query with its candidates' texts, or a sentence naming what is missing or too long. */
  async resolve(line: JobLine): Promise<JobQuery | string> {
    const { queryId, query } = line;
    if (line.source === 'inline') return { queryId, query, candidates: line.candidates };
    let documents: CorpusDocument[];
    try {
      if (line.source === 'top') {
        documents = await this.engine.retriever.search(line.collection, query, line.top);
      } else {
        const found = await this.engine.collections.getDocuments(line.collection, line.ids);
        const missing = found.findIndex((document) => document === undefined);
        if (missing >= 0) return `"candidates[${missing}]": document "${line.ids[missing]}" is not in collection "${line.collection}"`;
        documents = found as CorpusDocument[];
      }
    } catch (error) {
      if (error instanceof CollectionNotFoundError) return `"collection": collection "${line.collection}" does not exist`;
      throw error;
    }
    const candidates = documents.map((document) => ({ id: document.id, text: passageText(document) }));
    for (const [i, candidate] of candidates.entries()) {
      const problem = candidateTextProblem(
        candidate.text,
        `"candidates[${i}]" (document "${candidate.id}" of collection "${line.collection}")`,
        this.limits,
      );
      if (problem) return problem;
    }
    return { queryId, query, candidates };
  }
}
