'use strict';
// `npm run bench`: every benchmark runs plain and profiled side by side and
// prints ratios. Compare ratios across runs, never absolute times.
const { benchAccuracy } = require('./accuracy.js');
const { benchFixture } = require('./fixture.js');
const { benchModuleHooks } = require('./module-hooks.js');
const { benchProbeCost } = require('./probe-cost.js');
const { benchStartup } = require('./startup.js');
const { benchRender } = require('./render.js');
const { benchTestRunners } = require('./test-runners.js');
const { benchTransform } = require('./transform.js');

async function main() {
  benchStartup();
  console.log();
  benchFixture();
  console.log();
  benchModuleHooks();
  console.log();
  await benchProbeCost();
  console.log();
  benchTransform();
  console.log();
  await benchRender();
  console.log();
  benchAccuracy();
  console.log();
  benchTestRunners();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
