import { TsprofError } from '../errors';

/** Input that makes no sense to compare or check (a --per pattern that matches nothing, a bad budget file): one line for the user. */
export class CompareInputError extends TsprofError {
  override name = 'CompareInputError';
}
