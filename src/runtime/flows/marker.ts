import { numberToFixed, stringIndexOf, stringSlice, reflectApply } from '../intrinsics';

/**
 * The flow marker `--flows` carries in a message's headers (docs/flows.md):
 * one short ASCII value, `1 <processKey> <context> <sendEpochMs>`, and ` n`
 * at the end when tsprof made the headers (the message had none of its own),
 * so that the consumer side can give the handler none either.
 *
 * The process key (profile/identity.ts processKey) names the publishing
 * process with its host; the context is the publishing context's id in that
 * process's recorder; the send time is milliseconds since the epoch
 * (performance.timeOrigin + performance.now()) with microseconds.
 */
export const FLOW_HEADER = 'tsprof-flow';
const VERSION = '1';

export function flowMarker(processKey: string, context: number, sendEpochMs: number, ownHeaders: boolean): string {
  const marker = `${VERSION} ${processKey} ${context} ${reflectApply(numberToFixed, sendEpochMs, [3]) as string}`;
  return ownHeaders ? marker : `${marker} n`;
}

/** A marker read back; `origin` (`1 <processKey> <context>`) is the key the flow table groups by. */
export interface ReadMarker {
  origin: string;
  processKey: string;
  context: number;
  sendEpochMs: number;
  /** The message had headers of its own besides the marker. */
  ownHeaders: boolean;
}

function indexOf(text: string, search: string, from: number): number {
  return reflectApply(stringIndexOf, text, [search, from]) as number;
}

function slice(text: string, start: number, end?: number): string {
  return reflectApply(stringSlice, text, end === undefined ? [start] : [start, end]) as string;
}

/** undefined for anything that is not a marker of this version (a marker is never trusted to be well formed). */
export function readMarker(value: unknown): ReadMarker | undefined {
  if (typeof value !== 'string' || value.length > 300 || indexOf(value, `${VERSION} `, 0) !== 0) return undefined;
  const afterProcess = indexOf(value, ' ', 2);
  const afterContext = afterProcess < 0 ? -1 : indexOf(value, ' ', afterProcess + 1);
  if (afterContext < 0) return undefined;
  const afterTime = indexOf(value, ' ', afterContext + 1);
  const context = +slice(value, afterProcess + 1, afterContext);
  const sendEpochMs = +slice(value, afterContext + 1, afterTime < 0 ? undefined : afterTime);
  if (!(context >= 0) || context % 1 !== 0 || !(sendEpochMs > 0)) return undefined;
  return {
    origin: slice(value, 0, afterContext),
    processKey: slice(value, 2, afterProcess),
    context,
    sendEpochMs,
    ownHeaders: afterTime < 0 || slice(value, afterTime + 1) !== 'n',
  };
}

/** The host part of a process key (`host/pid:thread`), '' when it names none. */
export function hostOfProcessKey(processKey: string): string {
  const slash = indexOf(processKey, '/', 0);
  return slash < 0 ? '' : slice(processKey, 0, slash);
}
