// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL (or the embedded PGlite).
import { loadConfigOrExit } from '../config.js';
import { createLogger } from '../logging/logger.js';
import { openStorage } from './runtime.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);
const { database } = await openStorage(config, logger);
await database.close();
logger.info('migrations applied');
