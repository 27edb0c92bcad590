import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';

/**
 * The methods the app serves on a path, for the 405 a request with another method gets
 * (RFC 9110 §15.5.6: with an Allow header). Hono itself only knows "no route", a 404.
 */
export function allowedMethodsOf(app: OpenAPIHono<AppEnv>): (path: string) => string[] {
  const patterns = new Map<string, RegExp>();
  const patternOf = (routePath: string) => {
    let pattern = patterns.get(routePath);
    if (!pattern) {
      const source = routePath
        .split('/')
        .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      pattern = new RegExp(`^${source}/?$`);
      patterns.set(routePath, pattern);
    }
    return pattern;
  };
  return (path) => {
    const methods = new Set(app.routes.filter((route) => route.method !== 'ALL' && patternOf(route.path).test(path)).map((route) => route.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
