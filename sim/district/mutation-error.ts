/**
 * Why the store refused a mutation. Simulators map `not_found` to 404, `invalid` to 400 and
 * `conflict` to 409; the reason is an explicit string so it survives bundling.
 */
export type SimMutationErrorReason = 'not_found' | 'invalid' | 'conflict';

export class SimMutationError extends Error {
  override readonly name = 'SimMutationError';
  constructor(
    readonly reason: SimMutationErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export function isSimMutationError(error: unknown): error is SimMutationError {
  return error instanceof Error && error.name === 'SimMutationError' && 'reason' in error;
}
