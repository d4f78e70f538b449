import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchHit } from '../retriever';
import { CollectionRegistry } from './collection-tables';
import { SqliteBm25Retriever, fts5Idf } from './sqlite-bm25.retriever';
import { SqliteCollectionStore } from './sqlite-collection.store';
import { SqliteDatabase, openSqliteDatabase } from './sqlite-database';

/** Seeded texts whose words follow a Zipf law, so queries mix very common and rare words. */
function zipfTexts(count: number, seed: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const vocabulary = 3000;
  const cdf: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= vocabulary; rank++) cdf.push((total += 1 / rank));
  const word = () => {
    const u = next() * total;
    let lo = 0;
    let hi = vocabulary - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return `w${lo}`;
  };
  return Array.from({ length: count }, () => Array.from({ length: 5 + Math.floor(next() * 60) }, word).join(' '));
}

describe('SqliteBm25Retriever', () => {
  let dataDir: string;
  let db: SqliteDatabase;
  let registry: CollectionRegistry;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bm25-spec-'));
    db = openSqliteDatabase(dataDir);
    registry = new CollectionRegistry(db);
    const texts = zipfTexts(4000, 11);
    await new SqliteCollectionStore(db, registry).upsert('zipf', texts.map((text, i) => ({ id: `d${i}`, text })));
  });

  afterAll(() => {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const queries = [
    'w0 w1 w2', 'w3000 w1', 'w5 w400 w2000', 'w0 w1 w2 w3 w4 w5 w6', 'w2999 w2998 w0', 'w50 w51', 'w1 w1500',
    'w10 w11 w12 w13 w1000 w1001', 'w0 w700', 'w2 w40 w800 w1600 w2400',
    ...zipfTexts(60, 99).map((text) => text.split(' ').slice(0, 2 + (text.length % 5)).join(' ')),
  ];

  /** Same scores rank by rank, and the same ids wherever scores are not tied. */
  function expectSameRanking(actual: SearchHit[], expected: SearchHit[]): void {
    expect(actual.map((hit) => hit.score)).toEqual(expected.map((hit) => expect.closeTo(hit.score, 9)));
    expected.forEach((hit, i) => {
      const tied = [expected[i - 1], expected[i + 1]].some((other) => other && Math.abs(other.score - hit.score) < 1e-9);
      if (!tied) expect(actual[i].id).toBe(hit.id);
    });
  }

  it.each([10, 100])('returns exactly what scoring every matching row returns (top %i)', async (limit) => {
    const pruned = new SqliteBm25Retriever(registry, { pruning: true });
    const exhaustive = new SqliteBm25Retriever(registry, { pruning: false });
    for (const query of queries) {
      expectSameRanking(await pruned.search('zipf', query, limit), await exhaustive.search('zipf', query, limit));
    }
  });

  it('skips scoring every row of a common word when the rare words settle the top k', async () => {
    const tables = registry.find('zipf')?.tables;
    const everyRow = jest.spyOn(tables!.topRows, 'all');
    await new SqliteBm25Retriever(registry).search('zipf', 'w0 w2500 w2600', 10);
    expect(everyRow).not.toHaveBeenCalled();
    everyRow.mockRestore();
  });

  it('uses FTS5\'s idf, clamped for words in over half the rows', () => {
    expect(fts5Idf(1000, 10)).toBeCloseTo(Math.log(990.5 / 10.5), 12);
    expect(fts5Idf(1000, 600)).toBe(1e-6);
  });
});
