import { BASE_SUFFIX, FRAME_SUFFIX, PROBE_PREFIX, digitsAbove, sentinelsFor } from '../probe-contract';

/**
 * Identifiers the instrumented code uses. They are chosen per file so that they
 * never collide with a name the file already contains, so user code cannot shadow
 * them and they cannot shadow user code.
 */
export interface ProbeNames {
  /** Module-level binding to the runtime probes. */
  runtime: string;
  /** Module-level first function id of this file. */
  base: string;
  /** Per-function binding of the current activation. */
  frame: string;
}

function isDigit(character: string | undefined): boolean {
  return character !== undefined && character >= '0' && character <= '9';
}

/** `digits` plus one, without leading zeros. */
function plusOne(digits: string): string {
  let result = '';
  let carry = 1;
  for (let index = digits.length - 1; index >= 0; index--) {
    const sum = digits.charCodeAt(index) - 48 + carry;
    carry = sum > 9 ? 1 : 0;
    result = String(sum % 10) + result;
  }
  result = carry ? `1${result}` : result;
  const firstSignificant = result.search(/[1-9]/);
  return firstSignificant < 0 ? '0' : result.slice(firstSignificant);
}

/** The probe prefix for `code`: see probe-contract.ts for why its number is above every one in the file. */
export function chooseProbeNames(code: string): ProbeNames {
  let highest: string | null = null;
  for (let at = code.indexOf(PROBE_PREFIX); at >= 0; at = code.indexOf(PROBE_PREFIX, at + 1)) {
    let end = at + PROBE_PREFIX.length;
    while (isDigit(code[end])) end++;
    const digits = code.slice(at + PROBE_PREFIX.length, end);
    if (highest === null || digitsAbove(digits, highest)) highest = digits;
  }
  const prefix = highest === null ? PROBE_PREFIX : `${PROBE_PREFIX}${plusOne(highest)}`;
  return { runtime: prefix, base: `${prefix}${BASE_SUFFIX}`, frame: `${prefix}${FRAME_SUFFIX}` };
}

/** The comments around every piece of inserted code in this file (see probe-contract.ts). */
export function insertionSentinels(names: ProbeNames): [string, string] {
  return sentinelsFor(names.runtime);
}
