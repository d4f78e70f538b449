import { performance } from 'node:perf_hooks';
import { FIXTURE_MODEL_USAGE, parseFixtureModelArgs, UsageError } from './fixture-model.args';
import { FIXTURE_INT8_MODEL_FILE, FIXTURE_MODEL_FILE, generateFixtureModel } from './fixture-model.generator';

const formatCount = (n: number) => n.toLocaleString('en-US');

async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseFixtureModelArgs>;
  try {
    args = parseFixtureModelArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`fixture-model: ${error.message}\n${FIXTURE_MODEL_USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${FIXTURE_MODEL_USAGE}\n`);
    return 0;
  }

  const started = performance.now();
  const model = await generateFixtureModel(args);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const size = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB (${formatCount(bytes)} bytes)`;
  process.stdout.write(
    [
      `fixture model written to ${model.dir}`,
      `  arch        ${model.arch} (seed ${model.seed})`,
      `  parameters  ${formatCount(model.parameterCount)}`,
      `  ${FIXTURE_MODEL_FILE}  ${size(model.modelBytes)}`,
      ...(model.int8 ? [`  ${FIXTURE_INT8_MODEL_FILE}  ${size(model.int8.bytes)}, int8 (${model.int8.form})`] : []),
      `  took ${seconds} s`,
      '',
    ].join('\n'),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fixture-model: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
