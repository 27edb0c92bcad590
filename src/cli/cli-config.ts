import { z } from 'zod';
import { cliEnvironment } from '../config.js';

/**
 * Where the CLI finds the API and its token: flags first, then the environment (read, like
 * every setting, in src/config.ts).
 *
 * SIS_BRIDGE_URL    base URL of the API (default http://127.0.0.1:3000)
 * SIS_BRIDGE_TOKEN  bearer token; ADMIN_API_TOKEN is used when it is not set
 */
export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export interface CliConnection {
  url: string;
  token: string;
}

const connectionSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:3000' }),
  token: z.string({ error: 'no API token: pass --token or set SIS_BRIDGE_TOKEN (or ADMIN_API_TOKEN)' }).min(1, 'the API token is empty'),
});

const nonEmpty = (value: string | undefined) => (value ? value : undefined);

/** Resolves the connection or returns the problems, each naming the flag or variable to fix. */
export function resolveConnection(
  flags: { url?: string; token?: string },
  env: Record<string, string | undefined> = cliEnvironment(),
): { connection: CliConnection } | { problems: string[] } {
  const result = connectionSchema.safeParse({
    url: nonEmpty(flags.url) ?? nonEmpty(env.SIS_BRIDGE_URL) ?? DEFAULT_API_URL,
    token: nonEmpty(flags.token) ?? nonEmpty(env.SIS_BRIDGE_TOKEN) ?? nonEmpty(env.ADMIN_API_TOKEN),
  });
  if (result.success) return { connection: { url: result.data.url.replace(/\/+$/, ''), token: result.data.token } };
  return {
    problems: result.error.issues.map(
      (issue) => `${issue.path.join('.') === 'url' ? '--url / SIS_BRIDGE_URL' : '--token / SIS_BRIDGE_TOKEN'}: ${issue.message}`,
    ),
  };
}
