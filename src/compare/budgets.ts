import { readFileSync } from 'node:fs';
import { CompareInputError } from './errors';
import { MEASURES, type Measure } from './runs';

/**
 * A budget: a limit on a function's calls or time, checked by `tsprof check`.
 * Read from a JSON file `{ "budgets": [ … ] }`, or from package.json under
 * `"tsprof": { "budgets": [ … ] }`.
 */
export interface Budget {
  /** Position in the file, for messages: `budgets[2]`. */
  index: number;
  /** Matched against function names; every matching function is checked on its own. */
  function: RegExp;
  /** Divide by the calls of the functions matching this: "calls per publish". */
  per?: RegExp;
  maxCalls?: number;
  maxSelfMs?: number;
  maxTotalMs?: number;
  maxAwaitMs?: number;
  /** What maxIncrease compares against the baseline. */
  measure?: Measure;
  /** Largest allowed increase over the baseline, as a fraction (from "15%"). */
  maxIncrease?: number;
  /** maxIncrease passes a function that the baseline does not have; by default it fails, as nothing bounds it. */
  allowNew?: boolean;
}

/** The absolute limits and the measure each one bounds. */
export const LIMITS = { maxCalls: 'calls', maxSelfMs: 'selfMs', maxTotalMs: 'totalMs', maxAwaitMs: 'awaitMs' } as const satisfies Record<string, Measure>;
export type LimitKey = keyof typeof LIMITS;

const KNOWN_KEYS = ['function', 'per', ...Object.keys(LIMITS), 'measure', 'maxIncrease', 'allowNew'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pattern(value: unknown, key: string, where: string): RegExp {
  if (typeof value !== 'string' || value === '') throw new CompareInputError(`${where}: "${key}" must be a regular expression as a non-empty string`);
  try {
    return new RegExp(value);
  } catch (error) {
    throw new CompareInputError(`${where}: "${key}" ${JSON.stringify(value)} is not a valid regular expression (${(error as Error).message})`);
  }
}

function percent(value: unknown, where: string): number {
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
  if (!match) throw new CompareInputError(`${where}: "maxIncrease" must be a percentage such as "15%", got ${JSON.stringify(value)}`);
  return Number(match[1]) / 100;
}

/** `at`: where the entry is, for messages (`budgets.json: budgets[2]`). */
function parseBudget(entry: unknown, index: number, at: string): Budget {
  const label = isObject(entry) && typeof entry.function === 'string' ? ` (${entry.function})` : '';
  const where = `${at}${label}`;
  if (!isObject(entry)) throw new CompareInputError(`${where}: each budget must be an object such as { "function": "^encode$", "maxCalls": 1 }`);
  const unknown = Object.keys(entry).filter((key) => !KNOWN_KEYS.includes(key));
  if (unknown.length > 0) throw new CompareInputError(`${where}: unknown key "${unknown[0]}"; known keys are ${KNOWN_KEYS.join(', ')}`);
  const budget: Budget = { index, function: pattern(entry.function, 'function', where) };
  if (entry.per !== undefined) budget.per = pattern(entry.per, 'per', where);
  for (const key of Object.keys(LIMITS) as LimitKey[]) {
    const value = entry[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new CompareInputError(`${where}: "${key}" must be a number of at least 0, got ${JSON.stringify(value)}`);
    budget[key] = value;
  }
  if (entry.maxIncrease !== undefined) {
    budget.maxIncrease = percent(entry.maxIncrease, where);
    if (!(MEASURES as readonly unknown[]).includes(entry.measure)) {
      throw new CompareInputError(`${where}: "maxIncrease" needs "measure": one of ${MEASURES.map((measure) => `"${measure}"`).join(', ')}`);
    }
    budget.measure = entry.measure as Measure;
    if (budget.per && budget.measure !== 'calls') throw new CompareInputError(`${where}: "per" with "maxIncrease" works on "measure": "calls" only; times are compared per run`);
  } else if (entry.measure !== undefined || entry.allowNew !== undefined) {
    throw new CompareInputError(`${where}: "${entry.measure !== undefined ? 'measure' : 'allowNew'}" is only used with "maxIncrease"`);
  }
  if (entry.allowNew !== undefined) {
    if (typeof entry.allowNew !== 'boolean') throw new CompareInputError(`${where}: "allowNew" must be true or false, got ${JSON.stringify(entry.allowNew)}`);
    budget.allowNew = entry.allowNew;
  }
  if (Object.keys(LIMITS).every((key) => entry[key] === undefined) && budget.maxIncrease === undefined) {
    throw new CompareInputError(`${where}: no limit; give one of ${[...Object.keys(LIMITS), 'maxIncrease'].join(', ')}`);
  }
  return budget;
}

/** Budgets from parsed JSON: `{ "budgets": […] }`, or a package.json with `"tsprof": { "budgets": […] }`. */
export function parseBudgets(data: unknown, source: string): Budget[] {
  const holder = isObject(data) && isObject(data.tsprof) ? data.tsprof : data;
  if (!isObject(holder) || !Array.isArray(holder.budgets)) {
    throw new CompareInputError(`${source}: no budgets; expected { "budgets": [ … ] } or, in package.json, "tsprof": { "budgets": [ … ] }`);
  }
  if (holder.budgets.length === 0) throw new CompareInputError(`${source}: "budgets" is empty`);
  // In package.json the entries are at tsprof.budgets[i]: say so, for the user to find them.
  const list = holder === data ? 'budgets' : 'tsprof.budgets';
  return holder.budgets.map((entry, index) => parseBudget(entry, index, `${source}: ${list}[${index}]`));
}

export function readBudgets(file: string, shownAs: string): Budget[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CompareInputError(code === 'ENOENT' ? `${shownAs}: no such budget file` : `${shownAs}: cannot read (${code ?? (error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CompareInputError(`${shownAs} is not valid JSON (${(error as Error).message})`);
  }
  return parseBudgets(data, shownAs);
}
