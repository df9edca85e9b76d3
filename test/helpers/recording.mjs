// A recorder driven through its probes directly, as the runtime tests do: a file of
// sites registered, `call(name, body)` as instrumented code calls, an optional clock the
// test moves by hand (so that times are exact), and the profile a snapshot writes,
// checked against the schema and the profile's invariants.
import { Recorder } from '../../dist/runtime/recorder.js';
import { SamplingRecorder } from '../../dist/runtime/sampling.js';
import { snapshotProfile } from '../../dist/runtime/snapshot.js';
import { assertMatchesSchema, assertProfileInvariants } from './profile-checks.mjs';

/** A clock the test moves by hand. */
export function manualClock(start = 1024) {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/** `sites`: [name, line, column] rows of one file; `sampleHot`: the stride of a recorder that samples hot calls (--sample-hot). */
export function recordingOf(sites, { maxContexts, clock, sampleHot } = {}) {
  const recording = sampleHot === undefined ? new Recorder(maxContexts, clock) : new SamplingRecorder(sampleHot, maxContexts, clock);
  const first = recording.register('/app/x.js', sites);
  const id = Object.fromEntries(sites.map(([name], index) => [name, first + index]));
  const call = (name, body) => {
    const frame = recording.enter(id[name]);
    try {
      body?.();
    } finally {
      recording.exit(frame);
    }
  };
  return { recording, id, call };
}

export function snapshotOf(recording) {
  const profile = snapshotProfile(recording, { pid: 1, threadId: 0, argv: [], command: [], startedAt: '', wallMs: 1e9 });
  assertMatchesSchema(profile);
  assertProfileInvariants(profile);
  return profile;
}
