/**
 * What an operator should read when a run fails. An activity failure reaches workflow code as
 * an ActivityFailure whose own message is only "Activity task failed"; the activity's typed
 * error (an ApplicationFailure with `type`, e.g. ScimTargetUnavailable) or the timeout is its
 * `cause`. Walks the cause chain to the first failure that says what went wrong and returns
 * "Type: message", e.g. "ScimTargetUnavailable: SCIM GET /Users: 404: Not Found".
 */
export function describeFailure(error: unknown): string {
  let current: unknown = error;
  let deepest: { type: string | undefined; message: string } | undefined;
  for (let depth = 0; current && depth < 10; depth += 1) {
    const failure = current as { name?: unknown; type?: unknown; message?: unknown; cause?: unknown; activityType?: unknown };
    const message = typeof failure.message === 'string' ? failure.message : String(current);
    const type = typeof failure.type === 'string' ? failure.type : undefined;
    // An ApplicationFailure carries the activity's own error type: that is the root cause.
    if (type) return `${type}: ${message}`;
    if (!isWrapper(failure)) deepest = { type: typeof failure.name === 'string' ? failure.name : undefined, message };
    current = failure.cause;
  }
  if (!deepest) return error instanceof Error ? error.message : String(error);
  return deepest.type && deepest.type !== 'Error' ? `${deepest.type}: ${deepest.message}` : deepest.message;
}

/** Failures that only say where something failed (the activity, the child workflow), not why. */
function isWrapper(failure: { name?: unknown; cause?: unknown }): boolean {
  return (failure.name === 'ActivityFailure' || failure.name === 'ChildWorkflowFailure') && failure.cause !== undefined;
}
