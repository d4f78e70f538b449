/** Unit specs live beside the code; e2e specs under test/ talk to real Redis and real workers. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@rerank/contracts$': '<rootDir>/libs/contracts/src',
  '^@rerank/config$': '<rootDir>/libs/config/src',
  '^@rerank/scoring$': '<rootDir>/libs/scoring/src',
  '^@rerank/scoring/ranking$': '<rootDir>/libs/scoring/src/ranking',
  '^@rerank/queue$': '<rootDir>/libs/queue/src',
  '^@rerank/retrieval$': '<rootDir>/libs/retrieval/src',
  '^@rerank/bulk-jobs$': '<rootDir>/libs/bulk-jobs/src',
  '^@rerank/fixture-model$': '<rootDir>/tools/fixture-model',
};

const common = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: '<rootDir>/test/support/onnxruntime-node.environment.ts',
  globalSetup: '<rootDir>/test/global-setup.ts',
};

module.exports = {
  // e2e specs start real processes; unit specs finish far below this.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/bench'],
      testMatch: ['**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', roots: ['<rootDir>/test'], testMatch: ['**/*.e2e-spec.ts'] },
  ],
};
