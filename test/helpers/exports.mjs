// Reading exports back: pprof decoded with pprof-format, the speedscope schema from the
// speedscope package, folded stacks summed, and the profile's own numbers per context.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import Ajv from 'ajv';
import { Profile as PprofProfile } from 'pprof-format';

const require = createRequire(import.meta.url);

/** The pprof file as plain data: sample types, default type, comments, and samples with stacks of names and labels. */
export function decodePprof(bytes) {
  const decoded = PprofProfile.decode(gunzipSync(bytes));
  const strings = decoded.stringTable.strings;
  const functions = new Map(decoded.function.map((fn) => [Number(fn.id), { name: strings[Number(fn.name)], file: strings[Number(fn.filename)], line: Number(fn.startLine) }]));
  const locations = new Map(decoded.location.map((location) => [Number(location.id), { ...functions.get(Number(location.line[0].functionId)), column: Number(location.line[0].column) }]));
  return {
    sampleTypes: decoded.sampleType.map((type) => `${strings[Number(type.type)]}/${strings[Number(type.unit)]}`),
    defaultSampleType: strings[Number(decoded.defaultSampleType)],
    comments: decoded.comment.map((index) => strings[Number(index)]),
    samples: decoded.sample.map((sample) => ({
      // root first, like a context's path
      stack: sample.locationId.map((id) => locations.get(Number(id))).reverse(),
      values: sample.value.map(Number),
      labels: sample.label.map((label) => [strings[Number(label.key)], strings[Number(label.str)]]),
    })),
  };
}

/** A frame as one string: name and position, so two functions of one name stay two. */
export const frameKey = (frame) => (frame.file ? `${frame.name} ${frame.file}:${frame.line}:${frame.column}` : frame.name);

/** For each context, the frameKeys on its path from the root (root context: its own frame) joined by ';'. */
export function contextPaths(profile) {
  const paths = [];
  for (const context of profile.contexts) {
    paths[context.id] = context.parent < 0 ? [] : [...paths[context.parent], frameKey(profile.functions[context.function])];
  }
  return profile.contexts.map((context) => (context.parent < 0 ? frameKey(profile.functions[0]) : paths[context.id].join(';')));
}

export const nanoseconds = (ms) => Math.round(ms * 1e6);

let speedscopeValidator;
/** Validates against the schema the speedscope package ships; returns ajv's errors or null. */
export function speedscopeSchemaErrors(file) {
  if (!speedscopeValidator) {
    const schema = JSON.parse(readFileSync(require.resolve('speedscope/dist/release/file-format-schema.json'), 'utf8'));
    speedscopeValidator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return speedscopeValidator(file) ? null : speedscopeValidator.errors;
}

/** Folded stacks → Map(stack → value) and the sum. */
export function readFolded(text) {
  const stacks = new Map();
  let sum = 0;
  for (const line of text.split('\n').filter(Boolean)) {
    const cut = line.lastIndexOf(' ');
    const value = Number(line.slice(cut + 1));
    stacks.set(line.slice(0, cut), (stacks.get(line.slice(0, cut)) ?? 0) + value);
    sum += value;
  }
  return { stacks, sum };
}
