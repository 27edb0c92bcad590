import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.js';

/**
 * The reference page at GET /docs, served entirely by the service: districts run the bridge
 * behind firewalls, where a page that loads its UI from a CDN is blank. The UI is Swagger UI
 * from `swagger-ui-dist`, a package of static assets only (no runtime dependencies, no web
 * fonts): the page, its script and its stylesheet all come from this origin, and the
 * Content-Security-Policy below makes the browser refuse anything else.
 */

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The only files of the package we serve, with their media types. */
const PACKAGE_ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// Relative URLs, so the page also works behind a proxy that mounts the API under a prefix.
// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
const INITIALIZER = `window.ui = SwaggerUIBundle({
  url: new URL('openapi.json', document.baseURI).href,
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>SIS Bridge API</title>
    <link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png" />
    <link rel="stylesheet" href="docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/assets/swagger-ui-bundle.js"></script>
    <script src="docs/assets/initializer.js"></script>
  </body>
</html>
`;

// Swagger UI sets inline styles and draws its icons from data: URIs; nothing leaves the origin.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const cache = new Map<string, Buffer>();

async function packageAsset(name: string): Promise<Buffer> {
  let content = cache.get(name);
  if (!content) {
    content = await readFile(join(swaggerUiDir, name));
    cache.set(name, content);
  }
  return content;
}

export function registerDocsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return c.html(PAGE);
  });
  app.get('/docs/assets/initializer.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(INITIALIZER);
  });
  app.get('/docs/assets/:file', async (c) => {
    const name = c.req.param('file');
    const contentType = PACKAGE_ASSETS[name];
    if (!contentType) return c.notFound();
    c.header('Content-Type', contentType);
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(new Uint8Array(await packageAsset(name)));
  });
}
