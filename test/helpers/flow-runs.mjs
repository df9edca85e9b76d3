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
 * The flow's send → handler p50 agrees with what the consumer measured itself from the send
 * time in each body. Allowed: the bucket error (3.2 %), the microseconds between the payload's
 * and the marker's send times and between the wrapper's and the handler's start, and what a
 * busy machine does to a median — both measure the same messages, so no absolute time is judged.
 */
export function assertFlowLatencyAgrees(t, client, latency, received) {
  const flowP50 = latencyOf(latency).p50;
  const measuredP50 = median(received.map((message) => message.latencyMs));
  const allowed = 0.25 * measuredP50 + 1;
  t.diagnostic(`${client}: flow p50 ${flowP50.toFixed(3)} ms, consumer-measured p50 ${measuredP50.toFixed(3)} ms`);
  assert.ok(Math.abs(flowP50 - measuredP50) <= allowed, `flow p50 ${flowP50} ms vs the consumer's own ${measuredP50} ms (allowed ±${allowed.toFixed(2)} ms)`);
}
