import {
  DEFAULT_FIXTURE_SEED,
  FIXTURE_INT8_MODEL_FILE,
  FIXTURE_MODEL_FILE,
  FixtureArch,
  generateFixtureModel,
} from '@rerank/fixture-model';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { distRoot } from '../../tools/fleet/fleet-process';

export interface BenchModel {
  arch: FixtureArch;
  dtype: 'fp32' | 'int8';
  /** Absolute model directory (Hugging Face layout). */
  dir: string;
  /** The ONNX file inside `dir` every phase runs, as RERANK_MODEL_FILE spells it. */
  file: string;
  bytes: number;
  /** False when an earlier run's files were reused. */
  generated: boolean;
}

/** `.cache/fixtures` at the repository root (git-ignored), wherever this file runs from. */
export function fixtureCacheRoot(): string {
  return join(dirname(distRoot()), '.cache', 'fixtures');
}

function isCached(dir: string, arch: FixtureArch, file: string): boolean {
  const config = join(dir, 'config.json');
  if (!existsSync(config) || !existsSync(join(dir, file))) return false;
  try {
    const marker = (JSON.parse(readFileSync(config, 'utf8')) as { rerank_fleet_fixture?: { arch?: unknown; seed?: unknown } })
      .rerank_fleet_fixture;
    return marker?.arch === arch && marker?.seed === DEFAULT_FIXTURE_SEED;
  } catch {
    return false;
  }
}

/**
 * The fixture model the bench runs: `.cache/fixtures/<arch>[-int8]`, generated with the
 * default seed on first use and reused afterwards (delete the folder to regenerate it).
 */
export async function ensureBenchModel(arch: FixtureArch, int8: boolean): Promise<BenchModel> {
  const dir = join(fixtureCacheRoot(), int8 ? `${arch}-int8` : arch);
  // RERANK_MODEL_FILE and transformers.js want forward slashes whatever the platform.
  const file = (int8 ? FIXTURE_INT8_MODEL_FILE : FIXTURE_MODEL_FILE).split('\\').join('/');
  const generated = !isCached(dir, arch, file);
  if (generated) await generateFixtureModel({ arch, outDir: dir, int8 });
  return { arch, dtype: int8 ? 'int8' : 'fp32', dir, file, bytes: statSync(join(dir, file)).size, generated };
}
