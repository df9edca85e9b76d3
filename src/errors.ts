/**
 * The one base of every error the user can fix (a bad option, a file that is
 * not a profile, an output tsprof cannot write): the CLI's handler prints its
 * message as one line (`tsprof: …`) with no stack and exits with `exitCode`.
 * Any other error is a bug in tsprof and keeps its stack. Each stage names its
 * own kind (ProfileFormatError, FileWriteError, …) so a library caller can
 * tell them apart.
 */
export class TsprofError extends Error {
  override name = 'TsprofError';
  constructor(
    message: string,
    readonly exitCode = 2,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
