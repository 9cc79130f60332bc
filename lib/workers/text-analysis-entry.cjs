/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, as thread-entry.cjs. */
// The text analysis thread's entry (pool.ts): its tasks only, through tsx like every pool thread.
require("tsx/cjs");
module.exports = require("./text-analysis-tasks.ts");
