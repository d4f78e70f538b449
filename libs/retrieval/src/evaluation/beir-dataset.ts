import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseOrProblem, say } from '@rerank/contracts';
import { z } from 'zod';
import { Qrels } from './evaluate-run';

/** The files of a BEIR-layout dataset directory. */
export interface BeirPaths {
  corpus: string;
  queries: string;
  qrels: string;
}

export function beirPaths(dir: string, split = 'test'): BeirPaths {
  return { corpus: join(dir, 'corpus.jsonl'), queries: join(dir, 'queries.jsonl'), qrels: join(dir, 'qrels', `${split}.tsv`) };
}

/** Resolves the paths, or throws naming the first file that is missing. */
export async function checkBeirPaths(dir: string, split = 'test'): Promise<BeirPaths> {
  const paths = beirPaths(dir, split);
  for (const path of [paths.corpus, paths.queries, paths.qrels]) {
    await access(path).catch(() => {
      throw new Error(`${path} is missing: --data must be a BEIR-layout directory (corpus.jsonl, queries.jsonl, qrels/${split}.tsv)`);
    });
  }
  return paths;
}

async function* numberedLines(path: string): AsyncGenerator<[number, string]> {
  let number = 0;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    number++;
    if (line.trim() !== '') yield [number, line];
  }
}

const beirQuerySchema = z.object(
  { _id: z.union([z.string(), z.number()], say('must be a string or a number')), text: z.string(say('must be a string')) },
  say('must be an object'),
);

/** `queries.jsonl`: one `{"_id", "text"}` per line → query id → text. */
export async function readBeirQueries(path: string): Promise<Map<string, string>> {
  const queries = new Map<string, string>();
  for await (const [number, line] of numberedLines(path)) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${path}:${number}: not valid JSON`);
    }
    const query = parseOrProblem(beirQuerySchema, value, { quote: true });
    if ('problem' in query) throw new Error(`${path}:${number}: a query needs "_id" and "text": ${query.problem}`);
    queries.set(String(query.value._id), query.value.text);
  }
  return queries;
}

/**
 * `qrels/<split>.tsv`: `query-id  corpus-id  score`, tab-separated, with or without the header
 * line → query id → document id → level.
 */
export async function readBeirQrels(path: string): Promise<Map<string, Map<string, number>>> {
  const qrels = new Map<string, Map<string, number>>();
  for await (const [number, line] of numberedLines(path)) {
    const fields = line.split('\t');
    if (number === 1 && fields[0] === 'query-id') continue;
    const level = Number(fields[2]);
    if (fields.length < 3 || !Number.isInteger(level)) {
      throw new Error(`${path}:${number}: expected "query-id<TAB>corpus-id<TAB>integer score"`);
    }
    let judgments = qrels.get(fields[0]);
    if (!judgments) qrels.set(fields[0], (judgments = new Map<string, number>()));
    judgments.set(fields[1], level);
  }
  return qrels;
}

/** Keeps the judged queries that queries.jsonl has text for. */
export function judgedQueries(queries: ReadonlyMap<string, string>, qrels: Qrels): Map<string, string> {
  const judged = new Map<string, string>();
  for (const id of qrels.keys()) {
    const text = queries.get(id);
    if (text !== undefined) judged.set(id, text);
  }
  return judged;
}
