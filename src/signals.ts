/**
 * The signals that stop a profiled run, one list for every stage that acts on
 * them: the preload in each profiled process catches them to write its part
 * first (runtime/session.ts), tsprof passes them on to the command it
 * supervises (cli/supervised-command.ts), and a command still waiting for its
 * options is discarded when they end tsprof (cli/early-command.ts). A leaf
 * module, so that each bundle takes it without anything else. (bin/tsprof.js,
 * which loads nothing of tsprof's before it restarts itself, names them itself.)
 */
export const STOPPING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
