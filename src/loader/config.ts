/**
 * What the CLI tells every profiled process, through one environment variable
 * so that it reaches child processes and worker threads unchanged.
 */
export interface LoaderConfig {
  /** Absolute paths (files or directories) and absolute glob patterns to instrument. */
  include: string[];
  /** Absolute glob patterns never to instrument. */
  exclude: string[];
  /** Where each process/thread writes its part of the profile. */
  partsDirectory: string;
  command: string[];
  startedAt: string;
  /** Whether child processes are profiled too. */
  children: boolean;
  flushIntervalMs: number;
  /** Cap on calling contexts per process (`--max-contexts`); absent = the runtime's default. */
  maxContexts?: number;
  /** Time about one call in this many of hot short functions (`--sample-hot`, runtime/sampling.ts); absent = every call. */
  sampleHot?: number;
  /** Whether continuations record their async parent (runtime/async-parents.ts); absent = they do. */
  asyncParents?: boolean;
  /**
   * Whether an included file may load as an ES module (es-module-scan.ts);
   * false lets processes skip the off-thread module hooks. Absent = it may.
   */
  esModules?: boolean;
  /** Follow messages from publish to handler (`--flows`, runtime/flows/); absent = no client is patched. */
  flows?: boolean;
}

export const CONFIG_VARIABLE = 'TSPROF_CONFIG';
/** What tsprof/register instruments (register.ts), when no CONFIG_VARIABLE says it already. */
export const REGISTER_INCLUDE_VARIABLE = 'TSPROF_INCLUDE';
/** Set only while the main thread registers the ESM hooks, so the hooks thread can tell it is one. */
export const HOOKS_THREAD_VARIABLE = 'TSPROF_HOOKS_THREAD';

export function encodeConfig(config: LoaderConfig): string {
  return JSON.stringify(config);
}

export function readConfig(environment: NodeJS.ProcessEnv): LoaderConfig | null {
  const text = environment[CONFIG_VARIABLE];
  if (!text) return null;
  try {
    return JSON.parse(text) as LoaderConfig;
  } catch {
    return null;
  }
}
