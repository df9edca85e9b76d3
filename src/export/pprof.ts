import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Label, Line, Location, Mapping, Profile as PprofProfile, Sample, StringTable, ValueType } from 'pprof-format';
import type { Profile, ProfileProcess } from '../profile/types';
import { groupByProcesses } from './process-groups';
import { commandLine, contextStacks, nanoseconds } from './stacks';

/**
 * The sample types, in the order of each sample's values. `wall` (self +
 * await) is last and the default, so `go tool pprof -top` without flags shows
 * where the time went, running or waiting, and its cumulative column
 * approximates each function's total.
 */
export const PPROF_SAMPLE_TYPES = [
  ['calls', 'count'],
  ['self', 'nanoseconds'],
  ['await', 'nanoseconds'],
  ['wall', 'nanoseconds'],
] as const;
const DEFAULT_SAMPLE_TYPE = 'wall';

/**
 * pprof's profile.proto, gzipped, as Pyroscope, Parca and `go tool pprof`
 * read it. Written with pprof-format (Datadog's pure-JS encoder) rather than
 * by hand: it is the maintained encoder of the format, without native code.
 *
 * One sample per calling context; its stack is the context's path, one
 * location per function (name, file, line). Every sample carries pid, thread
 * and host labels of the processes its numbers come from (several values when
 * a merged profile summed it over several processes, see process-groups.ts).
 */
/**
 * The name pprof shows. pprof takes a name with `<`, `>`, `[`, `]` or `::` for
 * demangled C++ and drops what is in its angle brackets and parentheses
 * (symbolizer.go's demangleSingleFunction), so `addCommand/<anonymous:15>` and
 * `<anonymous:59>` would become one row of `go tool pprof -top`. Angle
 * quotation marks read the same and mean nothing to it; the name as tsprof
 * has it stays the function's system name. pprof leaves a function alone
 * whose two names differ ("already demangled").
 */
export function pprofName(name: string): string {
  return name.replace(/</g, '\u2039').replace(/>/g, '\u203A');
}

export function writePprof(profile: Profile): Uint8Array {
  const strings = new StringTable();
  const string = (text: string): number => strings.dedup(text);
  const mapping = new Mapping({ id: 1, filename: string(commandLine(profile)), hasFunctions: true, hasFilenames: true, hasLineNumbers: true });
  const functions = profile.functions.map(
    (fn) => new PprofFunction({ id: fn.id + 1, name: string(pprofName(fn.name)), systemName: string(fn.name), filename: string(fn.file), startLine: fn.line }),
  );
  const locations = profile.functions.map(
    (fn) => new Location({ id: fn.id + 1, mappingId: 1, line: [new Line({ functionId: fn.id + 1, line: fn.line, column: fn.column })] }),
  );
  const samples = groupByProcesses(profile, contextStacks(profile)).flatMap((group) => {
    const label = group.processes.flatMap((process) => processLabels(process, string));
    return group.stacks
      .filter(({ context, selfNs, awaitNs }) => context.calls > 0 || selfNs > 0 || awaitNs > 0)
      .map(({ context, path, selfNs, awaitNs }) => {
        const stack = context.parent < 0 ? [0] : path;
        return new Sample({ locationId: stack.map((fn) => fn + 1).reverse(), value: [context.calls, selfNs, awaitNs, selfNs + awaitNs], label });
      });
  });
  const encoded = new PprofProfile({
    sampleType: PPROF_SAMPLE_TYPES.map(([type, unit]) => new ValueType({ type: string(type), unit: string(unit) })),
    sample: samples,
    mapping: [mapping],
    location: locations,
    function: functions,
    stringTable: strings,
    timeNanos: BigInt(Date.parse(profile.startedAt) || 0) * 1_000_000n,
    durationNanos: nanoseconds(profile.wallMs),
    periodType: new ValueType({ type: string('calls'), unit: string('count') }),
    period: 1,
    comment: [string(`tsprof: ${commandLine(profile)}`)],
    defaultSampleType: string(DEFAULT_SAMPLE_TYPE),
  }).encode();
  return gzipSync(encoded);
}

/**
 * String labels, not numeric ones: Pyroscope and Parca turn string labels
 * into series and ignore numeric ones, and pprof drops a numeric 0 (thread 0).
 */
function processLabels(process: ProfileProcess, string: (text: string) => number): Label[] {
  return [
    new Label({ key: string('pid'), str: string(String(process.pid)) }),
    new Label({ key: string('thread'), str: string(String(process.threadId)) }),
    ...(process.host ? [new Label({ key: string('host'), str: string(process.host) })] : []),
  ];
}
