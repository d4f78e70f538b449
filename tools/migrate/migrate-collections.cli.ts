import { loadRetrievalConfig } from '@rerank/config';
import { collectionsUri, engineOptionsOf, openRetrievalEngine } from '@rerank/retrieval';
import { runCli } from '../cli/cli-args';
import { formatCount } from '../cli/progress';
import { migrateSqliteCollections } from './sqlite-collections.migration';

const USAGE = 'usage: npm run migrate:collections   (moves DATA_DIR/collections.db into DATA_DIR/lance or COLLECTIONS_URI)';

/** `npm run migrate:collections`: the one-command move from the SQLite engine's file to LanceDB. */
async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadRetrievalConfig();
  const engine = await openRetrievalEngine({ ...engineOptionsOf(config), allowSqliteFile: true });
  try {
    const moved = await migrateSqliteCollections(config.dataDir, engine, ({ name, documents }) =>
      process.stdout.write(`moved "${name}": ${formatCount(documents)} documents\n`),
    );
    process.stdout.write(
      `${moved.length} collections moved to ${collectionsUri(engineOptionsOf(config))}; the old file is now collections.db.migrated\n`,
    );
    return 0;
  } finally {
    await engine.close();
  }
}

runCli('migrate:collections', USAGE, main);
