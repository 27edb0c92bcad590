import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Anything that could carry a credential is redacted by path, as a
 * backstop: code must not log secrets in the first place.
 */
export function createLogger(level: string, name = 'sis-bridge'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['*.token', '*.password', '*.secret', '*.consumerSecret', '*.credentials', 'req.headers.authorization', '*.authorization'],
      censor: '[redacted]',
    },
  });
}
