import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { activityRetries } from './instruments.js';

/**
 * Counts activity attempts after the first on this worker. Temporal retries an activity by
 * scheduling it again (possibly on another worker), so the attempt number on arrival is the
 * one reliable place to see a retry; the HTTP clients' own retries show as extra requests in
 * the SCIM and SIS request counters.
 */
export const countActivityRetries: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    execute(input, next) {
      if (ctx.info.attempt > 1) activityRetries.inc({ activity: ctx.info.activityType });
      return next(input);
    },
  },
});
