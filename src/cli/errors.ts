import { TsprofError } from '../errors';

/** A mistake on the command line (an unknown option, no command, a bad pattern): see TsprofError. */
export class UserError extends TsprofError {
  override name = 'UserError';
}
