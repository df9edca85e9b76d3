/**
 * An error the user can fix: printed as one line (`tsprof: …`) with no stack,
 * and the process exits with `exitCode`. Anything else is a bug in tsprof and
 * keeps its stack.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
