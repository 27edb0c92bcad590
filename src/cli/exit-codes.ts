/**
 * The CLI's exit codes, stable for scripts (documented in the README). A script can tell
 * "fix your command" (2) from "the service is down" (3) from "the sync ran but did not
 * complete" (7) without parsing messages.
 */
export const EXIT = {
  ok: 0,
  /** The API answered with an error not covered below (5xx, 502 from a peer). */
  failure: 1,
  /** Bad flags or arguments, a missing setting, or the API rejected the input (400, 413, 415, 422). */
  usage: 2,
  /** The API could not be reached (connection refused, DNS, timeout). */
  unreachable: 3,
  /** 401 or 403: no token, a wrong token, or a tenant token outside its tenant. */
  unauthorized: 4,
  /** 404: the tenant, provider, run or running sync does not exist. */
  notFound: 5,
  /** 409: e.g. a sync is already running, or no deletions are held. */
  conflict: 6,
  /** `sync start --follow`: a followed run ended failed or cancelled. */
  syncNotCompleted: 7,
  /** Interrupted by Ctrl-C (the sync itself keeps running). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line and an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  if (status === 400 || status === 413 || status === 415 || status === 422) return EXIT.usage;
  return EXIT.failure;
}
