// What the two --flows broker e2e files share: the plain run of the launcher, the payload
// body two runs must agree on, function names of flow ends, and the one latency check.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { latencyOf } from '../../dist/profile/histogram.js';
import { cleanEnvironment, repoRoot } from './cli.mjs';

export const FLOW_MESSAGES = 200;
export const FLOW_LAUNCHER = 'fixtures/flows/launcher.js';

/** The launcher without tsprof. */
export function runPlain(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: cleanEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** The payload without its first 8 bytes (the send time): what two runs must agree on. */
export const body = (hex) => hex.slice(16);

export function nameOf(profile, context) {
  return context < 0 ? '-' : profile.functions[profile.contexts[context].function].name;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1];
}

/**
 * The flow's send → handler p50 against what the consumer measured itself from the send time
 * in each body. Per message the consumer's latency is at least the flow's: the body's send time
 * is read before the publish call writes the marker's, and the consumer reads its clock after
 * tsprof's wrapper did (one clock in each process). So the flow's p50 is at most the consumer's,
 * within the bucket error (3.2 %), however busy the machine. How much lower it is depends on
 * the load (a pulled batch waits for the consumer's turn), so the lower bound only catches a
 * wrong unit or a wrong start.
 */
export function assertFlowLatencyAgrees(t, client, latency, received) {
  const flowP50 = latencyOf(latency).p50;
  // Two processes' time origins can disagree by more than the latency on a loaded machine (a CI run
  // read a consumer p50 of -0.70 ms); tsprof counts a latency below zero as zero (runtime/flows/table.ts),
  // and so does this comparison: the median of latencies clamped at zero is the clamped median.
  const measuredP50 = Math.max(0, median(received.map((message) => message.latencyMs)));
  t.diagnostic(`${client}: flow p50 ${flowP50.toFixed(3)} ms, consumer-measured p50 ${measuredP50.toFixed(3)} ms`);
  assert.ok(flowP50 <= measuredP50 * 1.035 + 0.01, `flow p50 ${flowP50} ms is not above the consumer's own ${measuredP50} ms`);
  assert.ok(flowP50 >= measuredP50 / 20 - 2, `flow p50 ${flowP50} ms is within a factor of the consumer's own ${measuredP50} ms`);
}
