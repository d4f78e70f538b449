import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withEnvTable } from '@rerank/config';

/** `npm run docs:config`: rewrites the table of docs/configuration.md from the env schema. */
const page = resolve(process.argv[2] ?? 'docs/configuration.md');
const before = readFileSync(page, 'utf8');
const after = withEnvTable(before);
writeFileSync(page, after);
process.stdout.write(after === before ? `${page} was already up to date\n` : `${page} rewritten from libs/config/src/env-schema.ts\n`);
