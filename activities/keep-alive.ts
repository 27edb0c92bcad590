import { Context } from '@temporalio/activity';

const INTERVAL_MS = 5_000;

/**
 * Heartbeats every few seconds while `work` runs, so a short heartbeat timeout detects a dead
 * worker quickly (its batch is retried elsewhere within seconds) even when one step of the
 * work, such as waiting out a SIS rate-limit window, takes longer than that timeout.
 */
export async function withKeepAlive<T>(details: () => unknown, work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  context.heartbeat(details());
  const timer = setInterval(() => context.heartbeat(details()), INTERVAL_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
