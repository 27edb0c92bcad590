import { sqlStateOf } from '../db/sql-state.js';

/**
 * What an unexpected failure may leave in the log. Database errors are wrapped by drizzle as
 * "Failed query: <SQL> params: <values>", and a value may be anything a caller sent, a token
 * included; so for them only the class, SQLSTATE and the stack frames are kept. Other errors
 * keep the first line of their message. Query strings are never logged (the caller's filters).
 */
export interface LoggedFailure {
  name: string;
  sqlState?: string;
  message?: string;
  stack?: string;
}

export function loggableFailure(error: unknown): LoggedFailure {
  if (!(error instanceof Error)) return { name: typeof error };
  const sqlState = sqlStateOf(error);
  const frames = error.stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
  const isDatabase = sqlState !== undefined || /query/i.test(error.name) || (error.message ?? '').startsWith('Failed query');
  return {
    name: error.name,
    ...(sqlState ? { sqlState } : {}),
    ...(isDatabase ? {} : { message: (error.message.split('\n')[0] ?? '').slice(0, 200) }),
    ...(frames ? { stack: frames } : {}),
  };
}
