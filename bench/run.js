'use strict';
// `npm run bench`: every benchmark runs plain and profiled side by side and
// prints ratios. Compare ratios across runs, never absolute times.
const { benchContexts } = require('./contexts.js');
const { benchFixture } = require('./fixture.js');
const { benchProbeCost } = require('./probe-cost.js');
const { benchRender } = require('./render.js');
const { benchTransform } = require('./transform.js');

async function main() {
  benchFixture();
  console.log();
  await benchProbeCost();
  console.log();
  benchContexts();
  console.log();
  benchTransform();
  console.log();
  await benchRender();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
