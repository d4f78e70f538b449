// Path aliases do not apply to globalSetup, hence the relative import.
import { generateFixtureModel } from '../tools/fixture-model';
import { TINY_FIXTURE_DIR } from './support/fixtures';

/**
 * Generates the `tiny` fixture model once per run. It is regenerated every time (it takes well
 * under a second) so a change to the generator can never be hidden by a stale cache.
 */
export default async function globalSetup(): Promise<void> {
  await generateFixtureModel({ arch: 'tiny', outDir: TINY_FIXTURE_DIR });
}
