/** The scalar types of the profile format (types.ts), with the constraints the JSON Schema takes from their tags. */

/**
 * A duration in milliseconds.
 * @minimum 0
 */
export type Milliseconds = number;

/**
 * A number of calls.
 * @minimum 0
 */
export type Count = number;

/**
 * A position in a table, or a 1-based line or column (0 for the root).
 * @asType integer
 * @minimum 0
 */
export type Index = number;

/**
 * A process's key: `host/pid:threadId`, or `pid:threadId` for a process recorded without its host (identity.ts `processKey`).
 * @pattern ^([^/]+/)?[0-9]+:[0-9]+$
 */
export type ProcessKey = string;

/** One bucket of a duration histogram: the bucket's index (histogram.ts) and the calls that fell in it. */
export type DurationBucket = [bucket: Index, calls: PositiveCount];

/**
 * A count that is never 0 where it is written (a histogram leaves empty buckets out).
 * @exclusiveMinimum 0
 */
export type PositiveCount = number;
