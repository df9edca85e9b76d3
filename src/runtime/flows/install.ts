import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { threadId } from '../thread';
import { sayOnce } from '../../messages';
import { processKey } from '../../profile/identity';
import { clock } from '../intrinsics';
import type { Recorder } from '../recorder';
import type { ClientAdapter, CompiledModule } from './adapter';
import { amqplibAdapter } from './amqplib';
import { bullmqAdapter } from './bullmq';
import { createFlowHooks } from './hooks';
import { ioredisAdapter } from './ioredis';
import { mqttAdapter } from './mqtt';
import { natsAdapter } from './nats';
import { FlowTable } from './table';

/** Every client `--flows` follows; a new one is a file in this folder and an entry here. */
export const CLIENT_ADAPTERS: readonly ClientAdapter[] = [amqplibAdapter, natsAdapter, mqttAdapter, ioredisAdapter, bullmqAdapter];

const NODE_MODULES = '/node_modules/';

/**
 * `--flows` in this thread: gives the recorder its flow table and returns what
 * the CommonJS hook (loader/cjs-hook.ts) calls once a file's code has run.
 * That patches a client's file when it is one an adapter names, in a version
 * range it supports; any other file costs a string search.
 */
export function installFlows(recorder: Recorder, adapters: readonly ClientAdapter[] = CLIENT_ADAPTERS): (module: unknown, filename: unknown) => void {
  if (recorder.flows === null) {
    // To the microsecond (latencies across processes): performance's epoch at the clock's 0, once its module has loaded.
    performance.now();
    const clockOriginEpoch = performance.timeOrigin + performance.now() - clock();
    recorder.flows = new FlowTable(processKey({ pid: process.pid, threadId, host: hostname() }), () => clockOriginEpoch + clock());
  }
  const hooks = createFlowHooks(recorder, recorder.flows);
  const done = new Set<string>();
  return (module, filename) => {
    if (typeof filename !== 'string' || typeof module !== 'object' || module === null) return;
    const path = filename.replace(/\\/g, '/');
    const at = path.lastIndexOf(NODE_MODULES);
    if (at < 0 || done.has(path)) return;
    const inPackage = path.slice(at + NODE_MODULES.length);
    for (const adapter of adapters) {
      if (!inPackage.startsWith(`${adapter.packageName}/`)) continue;
      const file = inPackage.slice(adapter.packageName.length + 1);
      if (!adapter.files.includes(file)) continue;
      done.add(path);
      const version = packageVersion(path.slice(0, at + NODE_MODULES.length + adapter.packageName.length));
      if (!inRange(version, adapter.versions)) {
        sayOnce(`flows-${adapter.packageName}`, `--flows: ${adapter.packageName} ${version ?? '(unknown version)'} is not one tsprof follows (${adapter.versions[0]} up to ${adapter.versions[1]}); its messages are not followed`);
        return;
      }
      try {
        adapter.patch(file, module as CompiledModule, hooks);
      } catch (error) {
        sayOnce(`flows-${adapter.packageName}`, `--flows: could not follow ${adapter.packageName} ${version} messages (${(error as Error).message}); they run unfollowed`);
      }
      return;
    }
  };
}

function packageVersion(directory: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(`${directory}/package.json`, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function numbers(version: string): number[] {
  return version.split(/[.+-]/).slice(0, 3).map(Number);
}

/** lowest ≤ version < first unsupported, comparing major, minor, patch (a pre-release counts as its release). */
export function inRange(version: string | undefined, [lowest, unsupported]: readonly [string, string]): boolean {
  if (version === undefined) return false;
  const compare = (a: number[], b: number[]): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const parsed = numbers(version);
  if (parsed.some((part) => !Number.isInteger(part))) return false;
  return compare(parsed, numbers(lowest)) >= 0 && compare(parsed, numbers(unsupported)) < 0;
}
