import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestFleet } from '../support/test-fleet';

// The gateway loads no model: onnxruntime-node and transformers.js cost it tens of MB of RSS and
// native threads for nothing. It imports scoring only through `@rerank/scoring/ranking`; this
// boots the real gateway and lists what its process loaded by the time it exits.
const PROBE = `
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.LOADED_MODULES_OUT, JSON.stringify(Object.keys(require.cache)));
});
`;

describe('the gateway process', () => {
  let dir: string;
  let fleet: TestFleet | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-footprint-'));
    writeFileSync(join(dir, 'probe.js'), PROBE);
  });

  afterAll(async () => {
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never loads onnxruntime-node or transformers.js, from boot through a request to shutdown', async () => {
    const out = join(dir, 'loaded.json');
    fleet = await TestFleet.start({
      workers: 0,
      gatewayEnv: { NODE_OPTIONS: `--require ${join(dir, 'probe.js')}`, LOADED_MODULES_OUT: out },
    });
    const models = await fleet.get('/v1/models');
    expect(models.status).toBe(200);
    expect(await fleet.gateway.stop('SIGTERM')).toBe(0);

    const loaded: string[] = JSON.parse(readFileSync(out, 'utf8'));
    expect(loaded.some((path) => path.includes('/apps/gateway/src/main.js'))).toBe(true);
    expect(loaded.filter((path) => path.includes('/node_modules/onnxruntime-node/'))).toEqual([]);
    expect(loaded.filter((path) => path.includes('/node_modules/onnxruntime-common/'))).toEqual([]);
    expect(loaded.filter((path) => path.includes('/node_modules/@huggingface/'))).toEqual([]);
    expect(loaded.filter((path) => /\/libs\/scoring\/src\/(onnx|tokenizer|model|batching)\//.test(path))).toEqual([]);
  });
});
