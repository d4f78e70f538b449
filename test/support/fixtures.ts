import { join } from 'node:path';

/** Where the test run's generated `tiny` fixture model lives (made by test/global-setup.ts). */
export const TINY_FIXTURE_DIR = join(__dirname, '..', '..', '.cache', 'fixtures', 'tiny');

/** Where the test run's generated `tiny-bi-encoder` fixture (a bi-encoder) lives. */
export const TINY_BI_ENCODER_FIXTURE_DIR = join(__dirname, '..', '..', '.cache', 'fixtures', 'tiny-bi-encoder');
