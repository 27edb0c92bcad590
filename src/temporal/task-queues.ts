/**
 * SIS fetches go to a per-provider-kind task queue so `maxTaskQueueActivitiesPerSecond` caps
 * the request rate to each SIS across every worker (Clever allows 1200 requests/minute per
 * token); workflows and SCIM/database activities use the main queue (TEMPORAL_TASK_QUEUE).
 */
export function sisFetchTaskQueue(mainQueue: string, provider: 'clever' | 'classlink'): string {
  return `${mainQueue}-fetch-${provider}`;
}
