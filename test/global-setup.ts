// Path aliases do not apply to globalSetup, hence the relative import.
import { generateFixtureModel } from '../tools/fixture-model';
import { TINY_BI_ENCODER_FIXTURE_DIR, TINY_FIXTURE_DIR } from './support/fixtures';

/**
 * Generates the `tiny` cross-encoder and `tiny-bi-encoder` fixture models once per run. They are
 * regenerated every time (it takes well under a second) so a change to the generator can never
 * be hidden by a stale cache.
 */
export default async function globalSetup(): Promise<void> {
  await generateFixtureModel({ arch: 'tiny', outDir: TINY_FIXTURE_DIR });
  await generateFixtureModel({ arch: 'tiny-bi-encoder', outDir: TINY_BI_ENCODER_FIXTURE_DIR });
}
