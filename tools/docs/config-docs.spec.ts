import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_TABLE_END, ENV_TABLE_START, envRows, renderEnvTable, withEnvTable } from '@rerank/config';

const PAGE = join(__dirname, '../../docs/configuration.md');

describe('docs/configuration.md', () => {
  it('holds the table the env schema generates (run `npm run docs:config` after changing the schema)', () => {
    const page = readFileSync(PAGE, 'utf8');
    expect(page).toBe(withEnvTable(page));
  });

  it('lists every variable of the schemas once, with a description', () => {
    const rows = envRows();
    const names = rows.map((row) => row.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['REDIS_URL', 'RERANK_MAX_QUEUED_PAIRS', 'WORKER_CONCURRENCY', 'DATA_DIR', 'WORKER_REPLICAS'])
      expect(names).toContain(name);
    for (const row of rows) expect(row.description.length).toBeGreaterThan(0);
  });

  it('shows the schema default, or the default a description names, and the role from the schema', () => {
    const byName = new Map(envRows().map((row) => [row.name, row]));
    expect(byName.get('RERANK_JOB_DOCUMENTS')).toMatchObject({ role: 'gateway', defaultText: '`32`' });
    expect(byName.get('RERANK_BATCH_TOKENS')).toMatchObject({ role: 'worker', defaultText: '`1024`' });
    expect(byName.get('QUEUE_PREFIX')).toMatchObject({ role: 'both', defaultText: '`rerank`' });
    expect(byName.get('DATA_DIR')?.role).toBe('gateway, `npm run ingest`');
    expect(byName.get('RERANK_MAX_DEADLINE_MS')?.defaultText).toBe('`RERANK_REQUEST_TIMEOUT_MS`');
    expect(byName.get('RERANK_API_KEYS')?.defaultText).toBe('none');
  });

  it('notices a page whose table drifted from the schema', () => {
    const page = `intro\n${ENV_TABLE_START}\n${renderEnvTable().replace('`32`', '`64`')}\n${ENV_TABLE_END}\nafter\n`;
    expect(withEnvTable(page)).not.toBe(page);
    expect(withEnvTable(page)).toContain('| `RERANK_JOB_DOCUMENTS` | gateway | `32` |');
  });

  it('refuses a page without the markers', () => {
    expect(() => withEnvTable('no markers here')).toThrow(/markers/);
  });
});
