import { PRELOAD_START } from './bundles';
import { CONFIG_VARIABLE } from './config';

/**
 * The preload every profiled process starts with: preload-start.ts as one
 * small file, which loads the preload bundle with its compiled code from the
 * cache (own-bundle.ts).
 */
export const PRELOAD_PATH = PRELOAD_START;

/** Quotes a path for NODE_OPTIONS, which Node splits on spaces but honours double quotes in. */
function quoteForNodeOptions(path: string): string {
  return /[\s"\\]/.test(path) ? `"${path.replace(/(["\\])/g, '\\$1')}"` : path;
}

/**
 * Where bin/tsprof.js keeps the user's NODE_OPTIONS when it restarts tsprof
 * without them (so that their preloads never run in tsprof's own process);
 * bin/tsprof.js holds the same name, and a test checks that they agree.
 */
export const USER_NODE_OPTIONS_VARIABLE = 'TSPROF_USER_NODE_OPTIONS';

/** The NODE_OPTIONS the user gave: kept aside by bin/tsprof.js, or the process's own. */
export function userNodeOptions(environment: NodeJS.ProcessEnv): string | undefined {
  return environment[USER_NODE_OPTIONS_VARIABLE] ?? environment.NODE_OPTIONS;
}

/**
 * The environment of the profiled command: the user's, with their NODE_OPTIONS
 * back in place and tsprof's preload before them.
 */
export function commandEnvironment(environment: NodeJS.ProcessEnv, preloadPath = PRELOAD_PATH): NodeJS.ProcessEnv {
  const { [USER_NODE_OPTIONS_VARIABLE]: _kept, ...rest } = environment;
  return { ...rest, NODE_OPTIONS: nodeOptionsWithPreload(userNodeOptions(environment), preloadPath) };
}

export function preloadOption(preloadPath: string): string {
  return `--require ${quoteForNodeOptions(preloadPath)}`;
}

/**
 * tsprof's preload goes first: Node runs `--require`s in order, and the
 * program's own preloads may load included files or install require hooks,
 * which must find tsprof's hooks already there and its own modules loaded.
 */
export function nodeOptionsWithPreload(existing: string | undefined, preloadPath: string): string {
  const option = preloadOption(preloadPath);
  return existing && existing.trim() !== '' ? `${option} ${existing}` : option;
}

/** For --no-children: the command's own process is profiled, its children start clean. */
export function removePreloadFromNodeOptions(environment: NodeJS.ProcessEnv): void {
  const preload = preloadOption(PRELOAD_PATH);
  const remaining = (environment.NODE_OPTIONS ?? '').replace(preload, '').trim();
  if (remaining === '') delete environment.NODE_OPTIONS;
  else environment.NODE_OPTIONS = remaining;
  delete environment[CONFIG_VARIABLE];
}
