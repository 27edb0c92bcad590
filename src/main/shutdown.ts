import type { Logger } from '../logging/logger.js';

/**
 * Runs the cleanup steps in order on SIGINT/SIGTERM, once; a second Ctrl-C forces exit.
 * Order matters: stop taking requests, drain the worker, then close what they used.
 */
export function onShutdown(logger: Logger, steps: Array<[string, () => Promise<unknown>]>): void {
  let stopping = false;
  const handler = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        logger.error({ err: error, step: name }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
