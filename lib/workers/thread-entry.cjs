/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: tsx must be registered before the sources load. */
// A pool thread's entry: it loads the TypeScript sources through tsx, as `npm start` and the CLIs do
// (a worker thread ignores `--import tsx` in its execArgv on Node 20, so register here).
require("tsx/cjs");
module.exports = require("./tasks.ts");
