import { brotliCompressSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { TestFleet } from '../support/test-fleet';

// Fixed, so every run sends the same requests and a failure can be replayed.
const SEED = 20_260_611;
const RUNS = 300;
const NDJSON_RUNS = 300;
const COLLECTION = 'fuzz';

/**
 * A JSON POST endpoint (from the controllers) with a valid body, field by field as JSON text.
 * `deadline_ms` is left alone: a tiny one may rightly end in 504. NDJSON uploads are further down.
 */
interface Endpoint {
  path: string;
  fields: Array<[string, string]>;
  /** A string field whose bytes can be spoiled. */
  textField: string;
  /** The body is an array of this object (document uploads) rather than the object itself. */
  arrayOfOne?: boolean;
}

const ENDPOINTS: Endpoint[] = [
  {
    path: '/v1/rerank',
    textField: 'query',
    fields: [
      ['query', '"berlin"'],
      ['documents', '["Berlin has 3.7 million inhabitants.",{"text":"Paris.","id":"p","metadata":{"k":1}}]'],
      ['top_n', '1'],
      ['return_documents', 'true'],
      ['score_mode', '"raw"'],
      ['truncate', 'false'],
      ['aggregation', '"mean"'],
      ['max_chunks_per_doc', '4'],
      ['stride', '8'],
      ['mean_top_k', '2'],
      ['model', '"tiny"'],
      ['partial', 'true'],
    ],
  },
  {
    path: '/v2/rerank',
    textField: 'query',
    fields: [
      ['query', '"berlin"'],
      ['documents', '["Berlin has 3.7 million inhabitants.","Paris."]'],
      ['top_n', '2'],
      ['max_tokens_per_doc', '64'],
      ['partial', 'true'],
    ],
  },
  {
    path: '/rerank',
    textField: 'query',
    fields: [
      ['query', '"berlin"'],
      ['texts', '["Berlin.","Paris."]'],
      ['raw_scores', 'false'],
      ['return_text', 'true'],
      ['truncate', 'true'],
      ['truncation_direction', '"right"'],
      ['partial', 'false'],
    ],
  },
  {
    path: '/v1/search',
    textField: 'query',
    fields: [
      ['collection', `"${COLLECTION}"`],
      ['query', '"berlin"'],
      ['top_k', '2'],
      ['candidates', '5'],
      ['rerank', 'true'],
    ],
  },
  {
    path: `/v1/collections/${COLLECTION}-uploads/documents`,
    textField: 'text',
    arrayOfOne: true,
    fields: [
      ['id', '"doc-1"'],
      ['text', '"Berlin has 3.7 million inhabitants."'],
      ['title', '"Berlin"'],
      ['metadata', '{"source":"fuzz"}'],
    ],
  },
];

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];

/** JSON text of values that have broken JSON APIs before: edge numbers, odd strings, pollution keys, depth, size. */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'null',
    'true',
    'false',
    '0',
    '-0',
    '1e308',
    '-1e308',
    '1e400',
    '-1e400',
    '5e-324',
    '1.5',
    '-1',
    '9007199254740993',
    `1${'0'.repeat(400)}`,
    '"NaN"',
    '"Infinity"',
    '"-0"',
    '"1e308"',
    '""',
    '" "',
    '"\\u0000"',
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '{}',
    '[]',
    '[null]',
    '[[]]',
    '{"text":null}',
    '[{"text":1e400,"id":1e400}]',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '[{"text":"t","__proto__":{"text":5}}]',
  ),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 40 }).map((text) => JSON.stringify(text)),
  // Nesting around the limit, and far past it (100k levels are 200 KB).
  fc
    .oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 80, max: 100_000 }))
    .map((levels) => `${'['.repeat(levels)}${']'.repeat(levels)}`),
  fc
    .oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 80, max: 100_000 }))
    .map((levels) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`),
  // Arrays far longer than any limit on entries.
  fc.integer({ min: 1_001, max: 200_000 }).map((length) => `[${'0,'.repeat(length - 1)}0]`),
  fc.integer({ min: 1_001, max: 100_000 }).map((length) => `[${'"x",'.repeat(length - 1)}"x"]`),
);

const BAD_UTF8 = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

function objectText(fields: Array<[string, string]>): string {
  return `{${fields.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

function bodyText(endpoint: Endpoint, fields: Array<[string, string]>): string {
  return endpoint.arrayOfOne ? `[${objectText(fields)}]` : objectText(fields);
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** A valid body with one field replaced (or added) by a hostile value. */
function withField(endpoint: Endpoint, key: string, value: string): Uint8Array {
  return utf8(bodyText(endpoint, [...endpoint.fields.filter(([name]) => name !== key), [key, value]]));
}

/** A body that breaks JSON or UTF-8 rather than the schema. */
function malformedBody(endpoint: Endpoint): fc.Arbitrary<Uint8Array> {
  const valid = bodyText(endpoint, endpoint.fields);
  const marker = '\u0001MARK\u0001';
  const [before, after] = bodyText(
    endpoint,
    endpoint.fields.map(([key, value]) => [key, key === endpoint.textField ? `"a${marker}b"` : value]),
  ).split(marker);
  return fc.oneof(
    fc.integer({ min: 0, max: valid.length - 1 }).map((cut) => utf8(valid.slice(0, cut))),
    fc
      .constantFrom(...BAD_UTF8)
      .map((bytes) => new Uint8Array(Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]))),
    fc.uint8Array({ maxLength: 200 }),
    hostileValue.map(utf8),
  );
}

interface FuzzCase {
  /** The path, with a query string where one is fuzzed too. */
  endpoint: Pick<Endpoint, 'path'>;
  body: Uint8Array;
  contentType?: string;
  contentEncoding?: string;
}

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/x-ndjson',
      'application/json;;;',
      undefined,
    ),
    weight: 1,
  },
);

const contentEncoding = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 8 },
  { arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'xyz', 'gzip, gzip'), weight: 1 },
);

const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .constantFrom(...ENDPOINTS)
  .chain((endpoint) =>
    fc.record({
      endpoint: fc.constant(endpoint),
      body: fc.oneof(
        {
          arbitrary: fc
            .tuple(fc.constantFrom(...endpoint.fields.map(([key]) => key), ...HOSTILE_KEYS), hostileValue)
            .map(([key, value]) => withField(endpoint, key, value)),
          weight: 3,
        },
        { arbitrary: malformedBody(endpoint), weight: 2 },
      ),
      contentType,
      contentEncoding,
      gzipped: fc.boolean(),
    }),
  )
  // Half the "gzip" bodies really are gzip, so decompression is exercised, not only its failure.
  .map(({ gzipped, ...rest }) =>
    gzipped && rest.contentEncoding === 'gzip' ? { ...rest, body: new Uint8Array(gzipSync(rest.body)) } : rest,
  )
  // Counterexamples are printed with this, not as up to a megabyte of body.
  .map((fuzz) => Object.assign(fuzz, { [fc.toStringMethod]: () => describeCase(fuzz) }));

function describeCase(fuzz: FuzzCase): string {
  const start = JSON.stringify(Buffer.from(fuzz.body.subarray(0, 160)).toString('latin1'));
  return `POST ${fuzz.endpoint.path} content-type=${fuzz.contentType} content-encoding=${fuzz.contentEncoding} body(${fuzz.body.length} bytes)=${start}`;
}

/** An NDJSON upload route with a valid upload, line by line and field by field as JSON text. */
interface NdjsonEndpoint {
  path: string;
  lines: Array<Array<[string, string]>>;
  /** A string field of every line whose bytes can be spoiled. */
  textField: string;
  /** Query strings sent with it besides none: options of the whole upload, valid or not. */
  queries: string[];
  /** How a line's 400 ends, saying what became of the upload. */
  stopped: string;
}

const NDJSON_ENDPOINTS: NdjsonEndpoint[] = [
  {
    path: '/v1/jobs',
    textField: 'query',
    lines: [
      [
        ['query_id', '"q1"'],
        ['query', '"berlin"'],
        ['candidates', '[{"id":"d1","text":"Berlin."},{"id":"d2","text":"Paris."}]'],
      ],
      [
        ['query_id', '"q2"'],
        ['query', '"capital"'],
        ['collection', `"${COLLECTION}"`],
        ['candidates', '["d1"]'],
      ],
      [
        ['query_id', '3'],
        ['query', '"berlin"'],
        ['collection', `"${COLLECTION}"`],
        ['top', '5'],
      ],
    ],
    queries: ['?top_n=2', '?top_n=1e308', '?top_n=-1', '?top_n=1.5', '?top_n=abc', '?top_n=1&top_n=2', '?model=nope', '?model='],
    stopped: '; nothing was enqueued',
  },
  {
    path: `/v1/collections/${COLLECTION}-ndjson/documents`,
    textField: 'text',
    lines: [
      [
        ['id', '"n1"'],
        ['text', '"Berlin has 3.7 million inhabitants."'],
        ['title', '"Berlin"'],
        ['metadata', '{"k":[1,{"deep":true}]}'],
      ],
      [
        ['_id', '"n2"'],
        ['text', '"Paris."'],
      ],
      [
        ['id', '3'],
        ['text', '"Rome."'],
        ['title', 'null'],
      ],
    ],
    queries: ['?unknown=1'],
    stopped: '; nothing was written',
  },
];

const concatBytes = (parts: Array<string | Uint8Array>) =>
  new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))));

/** The endpoint's valid upload with line `at` (from 0; -1 for none) replaced by `line`. */
function uploadWith(endpoint: NdjsonEndpoint, at: number, line: string | Uint8Array): Uint8Array {
  const lines = endpoint.lines.map((fields, i) => (i === at ? line : objectText(fields)));
  return concatBytes(lines.flatMap((text) => [text, '\n']));
}

const validUpload = (endpoint: NdjsonEndpoint) => uploadWith(endpoint, -1, '');

/** The valid upload with `bytes` inside the text field of line `at` (from 0). */
function uploadSpoiledWith(endpoint: NdjsonEndpoint, at: number, bytes: number[]): Uint8Array {
  const marker = '\u0001MARK\u0001';
  const [before, after] = objectText(
    endpoint.lines[at].map(([key, value]) => [key, key === endpoint.textField ? `"caf${marker}e"` : value]),
  ).split(marker);
  return uploadWith(endpoint, at, concatBytes([before, new Uint8Array(bytes), after]));
}

/** An upload with one line broken: a field hostile, the JSON cut short, bytes not UTF-8, or no JSON at all. */
function malformedUpload(endpoint: NdjsonEndpoint): fc.Arbitrary<Uint8Array> {
  return fc.integer({ min: 0, max: endpoint.lines.length - 1 }).chain((at) => {
    const fields = endpoint.lines[at];
    const valid = objectText(fields);
    return fc.oneof(
      fc
        .tuple(fc.constantFrom(...fields.map(([key]) => key), ...HOSTILE_KEYS), hostileValue)
        .map(([key, value]) => uploadWith(endpoint, at, objectText([...fields.filter(([name]) => name !== key), [key, value]]))),
      fc.integer({ min: 0, max: valid.length - 1 }).map((cut) => uploadWith(endpoint, at, valid.slice(0, cut))),
      fc.constantFrom(...BAD_UTF8).map((bytes) => uploadSpoiledWith(endpoint, at, bytes)),
      fc.uint8Array({ maxLength: 100 }).map((bytes) => uploadWith(endpoint, at, bytes)),
      hostileValue.map((value) => uploadWith(endpoint, at, value)),
    );
  });
}

const ndjsonContentType = fc.oneof(
  { arbitrary: fc.constant('application/x-ndjson'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      'application/jsonl',
      'application/x-ndjson; charset=utf-8',
      'application/x-ndjson; charset=latin1',
      'application/json',
      'text/plain',
      'application/octet-stream',
      'application/x-ndjson;;;',
      undefined,
    ),
    weight: 1,
  },
);

const ndjsonCase: fc.Arbitrary<FuzzCase> = fc
  .constantFrom(...NDJSON_ENDPOINTS)
  .chain((endpoint) =>
    fc.record({
      // Mostly none, so most uploads get as far as their lines.
      path: fc
        .oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: fc.constantFrom(...endpoint.queries), weight: 1 })
        .map((query) => `${endpoint.path}${query}`),
      body: fc.oneof(
        { arbitrary: malformedUpload(endpoint), weight: 6 },
        { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 },
        { arbitrary: fc.constant(validUpload(endpoint)), weight: 1 },
      ),
      contentType: ndjsonContentType,
      contentEncoding,
      gzipped: fc.boolean(),
      truncated: fc.boolean(),
    }),
  )
  // Half the "gzip" bodies really are gzip, whole or cut short; the rest are gzip garbage.
  .map(({ path, body, gzipped, truncated, ...rest }) => {
    if (!gzipped || rest.contentEncoding !== 'gzip') return { endpoint: { path }, body, ...rest };
    const compressed = gzipSync(body);
    return { endpoint: { path }, body: new Uint8Array(truncated ? compressed.subarray(0, compressed.length >> 1) : compressed), ...rest };
  })
  .map((fuzz) => Object.assign(fuzz, { [fc.toStringMethod]: () => describeCase(fuzz) }));

async function send(url: string, fuzz: FuzzCase): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (fuzz.contentType !== undefined) headers['content-type'] = fuzz.contentType;
  if (fuzz.contentEncoding !== undefined) headers['content-encoding'] = fuzz.contentEncoding;
  const response = await fetch(`${url}${fuzz.endpoint.path}`, { method: 'POST', headers, body: fuzz.body });
  return { status: response.status, text: await response.text() };
}

/** TEI's route answers errors in TEI's shape, `{ error, error_type }`, and a bad request as 422 `Validation`. */
const isTei = (endpoint: Pick<Endpoint, 'path'>) => endpoint.path === '/rerank';
const expectedStatus = (endpoint: Endpoint, status: number) => (isTei(endpoint) && status === 400 ? 422 : status);
const errorMessage = (endpoint: Endpoint, text: string): unknown => {
  const body = JSON.parse(text) as { message?: unknown; error?: unknown };
  return isTei(endpoint) ? body.error : body.message;
};

/** What every answer must be: 2xx JSON, or 4xx JSON naming its status (TEI: its error type) and saying what was wrong. */
function expectNoServerError(answer: { status: number; text: string }, fuzz: FuzzCase): void {
  const what = `${describeCase(fuzz)} → ${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status >= 500) throw new Error(`server error: ${what}`);
  const body = JSON.parse(answer.text) as unknown;
  if (answer.status >= 400 && isTei(fuzz.endpoint)) {
    const error = body as { error?: unknown; error_type?: unknown };
    if (typeof error.error_type !== 'string' || typeof error.error !== 'string' || error.error === '') {
      throw new Error(`error without error and error_type: ${what}`);
    }
  } else if (answer.status >= 400) {
    const error = body as { statusCode?: unknown; message?: unknown };
    if (error.statusCode !== answer.status || typeof error.message !== 'string' || error.message === '') {
      throw new Error(`error without statusCode and message: ${what}`);
    }
  }
}

describe('fuzzing the JSON and NDJSON endpoints', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await TestFleet.start({ env: { RERANK_MAX_DOCUMENTS: '50' } });
    const upload = await fleet.post(`/v1/collections/${COLLECTION}/documents`, [{ id: 'd1', text: 'Berlin has 3.7 million inhabitants.' }]);
    expect(upload.status).toBe(200);
  });

  afterAll(async () => fleet?.stop());

  it.each(ENDPOINTS.map((endpoint) => [endpoint.path, endpoint]))(
    'answers %s malformed bodies with a 4xx that says what is wrong',
    async (_, endpoint) => {
      const valid = bodyText(endpoint, endpoint.fields);
      const cases: Array<[string, FuzzCase, number, string | RegExp]> = [
        [
          'truncated JSON',
          { endpoint, body: utf8(valid.slice(0, -3)), contentType: 'application/json' },
          400,
          'request body is not valid JSON',
        ],
        [
          '100k levels of nesting',
          {
            endpoint,
            body: withField(endpoint, endpoint.textField, `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
            contentType: 'application/json',
          },
          400,
          'request body nests arrays and objects deeper than 64 levels',
        ],
        [
          'invalid UTF-8',
          {
            endpoint,
            body: new Uint8Array([...utf8(valid.slice(0, 12)), 0xc3, 0x28, ...utf8(valid.slice(12))]),
            contentType: 'application/json',
          },
          400,
          'request body is not valid UTF-8',
        ],
        [
          'latin-1',
          { endpoint, body: utf8(valid), contentType: 'application/json; charset=latin1' },
          400,
          'request body must be UTF-8 JSON',
        ],
        [
          'a corrupt gzip body',
          { endpoint, body: utf8(valid), contentType: 'application/json', contentEncoding: 'gzip' },
          400,
          'request body could not be decompressed as content-encoding "gzip"',
        ],
        [
          'an unknown content-encoding',
          { endpoint, body: utf8(valid), contentType: 'application/json', contentEncoding: 'xyz' },
          415,
          'content-encoding "xyz" is not supported; send the body uncompressed or as gzip, deflate or br',
        ],
        [
          'text/plain',
          { endpoint, body: utf8(valid), contentType: 'text/plain' },
          415,
          /^(request body must be JSON \(content-type application\/json\), not "text\/plain"|send documents as a JSON array)/,
        ],
      ];
      for (const [what, fuzz, status, message] of cases) {
        const answer = await send(fleet.url, fuzz);
        expect([what, answer.status]).toEqual([what, expectedStatus(endpoint, status)]);
        expect(errorMessage(endpoint, answer.text)).toMatch(message);
      }
      // The same body, well-formed, is served: the refusals above were about the bytes, not the content.
      const gzipped = await send(fleet.url, {
        endpoint,
        body: new Uint8Array(gzipSync(utf8(valid))),
        contentType: 'application/json',
        contentEncoding: 'gzip',
      });
      expect([gzipped.status, gzipped.text.slice(0, 200)]).toEqual([200, expect.any(String)]);
    },
  );

  it('names the field and the limit for numbers no field can hold', async () => {
    const [v1, v2] = ENDPOINTS;
    const infiniteId = await send(fleet.url, {
      endpoint: v1,
      body: withField(v1, 'documents', '[{"text":"a","id":1e400}]'),
      contentType: 'application/json',
    });
    expect([infiniteId.status, JSON.parse(infiniteId.text).message]).toEqual([
      400,
      'documents[0].id is too large a number to read (it reads as Infinity); send it as a string',
    ]);
    const hugeTokens = await send(fleet.url, {
      endpoint: v2,
      body: withField(v2, 'max_tokens_per_doc', '1e308'),
      contentType: 'application/json',
    });
    expect([hugeTokens.status, JSON.parse(hugeTokens.text).message]).toEqual([400, 'max_tokens_per_doc must be at most 1000000']);
  });

  it.each(NDJSON_ENDPOINTS.map((endpoint) => [endpoint.path, endpoint]))(
    'answers %s malformed NDJSON uploads with a 4xx naming the line',
    async (_, endpoint) => {
      const valid = validUpload(endpoint);
      const ndjson = 'application/x-ndjson';
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const cases: Array<[string, FuzzCase, number, string]> = [
        [
          'invalid UTF-8 on line 3',
          { endpoint, body: uploadSpoiledWith(endpoint, 2, [0xc3, 0x28]), contentType: ndjson },
          400,
          `line 3: is not valid UTF-8${endpoint.stopped}`,
        ],
        [
          'a truncated line 2',
          { endpoint, body: uploadWith(endpoint, 1, objectText(endpoint.lines[1]).slice(0, -2)), contentType: ndjson },
          400,
          `line 2: is not valid JSON${endpoint.stopped}`,
        ],
        [
          '100k levels of nesting in a string field',
          {
            endpoint,
            body: uploadWith(
              endpoint,
              0,
              objectText([...endpoint.lines[0].filter(([key]) => key !== endpoint.textField), [endpoint.textField, deep]]),
            ),
            contentType: ndjson,
          },
          400,
          `line 1: "${endpoint.textField}" must be a string${endpoint.stopped}`,
        ],
        [
          'a corrupt gzip body',
          { endpoint, body: valid, contentType: ndjson, contentEncoding: 'gzip' },
          400,
          `line 1: could not be decompressed as content-encoding "gzip" (incorrect header check)${endpoint.stopped}`,
        ],
        [
          'gzip cut short',
          { endpoint, body: new Uint8Array(gzipSync(valid).subarray(0, 20)), contentType: ndjson, contentEncoding: 'gzip' },
          400,
          `line 1: could not be decompressed as content-encoding "gzip" (unexpected end of file)${endpoint.stopped}`,
        ],
        [
          'an unknown content-encoding',
          { endpoint, body: valid, contentType: ndjson, contentEncoding: 'xyz' },
          415,
          'content-encoding "xyz" is not supported; send the upload uncompressed or as gzip, deflate or br',
        ],
        [
          'latin-1',
          { endpoint, body: valid, contentType: `${ndjson}; charset=latin1` },
          400,
          'an NDJSON upload must be UTF-8 (RFC 8259); got charset "latin1"',
        ],
      ];
      for (const [what, fuzz, status, message] of cases) {
        const answer = await send(fleet.url, fuzz);
        expect([what, answer.status, JSON.parse(answer.text).message]).toEqual([what, status, message]);
      }
      // The same upload, well-formed, is taken compressed as it is uncompressed.
      for (const [encoding, body] of [
        [undefined, valid],
        ['gzip', gzipSync(valid)],
        ['br', brotliCompressSync(valid)],
      ] as const) {
        const answer = await send(fleet.url, { endpoint, body: new Uint8Array(body), contentType: ndjson, contentEncoding: encoding });
        expect([encoding, answer.status]).toEqual([encoding, endpoint.path === '/v1/jobs' ? 202 : 200]);
        expect(JSON.parse(answer.text)).toMatchObject(endpoint.path === '/v1/jobs' ? { queries: 3 } : { upserted: 3 });
      }
    },
  );

  it(`never answers 5xx to ${RUNS} generated malformed requests, and the gateway serves afterwards`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (fuzz) => expectNoServerError(await send(fleet.url, fuzz), fuzz)),
      // Shrinking would replay megabyte bodies many times over; the seed replays the failure instead.
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );

    expect(fleet.gateway.child.exitCode).toBeNull();
    const after = await fleet.post('/v1/rerank', { query: 'berlin', documents: ['Berlin has 3.7 million inhabitants.', 'Paris.'] });
    expect(after.status).toBe(200);
    expect(after.body.results.map((result: { index: number }) => result.index).sort()).toEqual([0, 1]);
  });

  it(`never answers 5xx to ${NDJSON_RUNS} generated malformed NDJSON uploads, and the gateway takes uploads afterwards`, async () => {
    await fc.assert(
      fc.asyncProperty(ndjsonCase, async (fuzz) => expectNoServerError(await send(fleet.url, fuzz), fuzz)),
      { seed: SEED, numRuns: NDJSON_RUNS, endOnFailure: true },
    );

    expect(fleet.gateway.child.exitCode).toBeNull();
    for (const endpoint of NDJSON_ENDPOINTS) {
      const answer = await send(fleet.url, { endpoint, body: validUpload(endpoint), contentType: 'application/x-ndjson' });
      expect([endpoint.path, answer.status]).toEqual([endpoint.path, endpoint.path === '/v1/jobs' ? 202 : 200]);
    }
    expect((await fleet.post('/v1/rerank', { query: 'berlin', documents: ['Berlin.', 'Paris.'] })).status).toBe(200);
  });
});
