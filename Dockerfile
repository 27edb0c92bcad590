# syntax=docker/dockerfile:1
# One image for both roles of the bridge, as docker-compose.yml runs them: the API (the default
# command) and the worker (`node dist/src/main/worker.js`). It runs the compiled JavaScript of
# `npm run build` with production dependencies only (no TypeScript, no tsx), as the unprivileged
# `node` user; a worker loads the prebuilt workflow bundle instead of bundling at start.

# 1. Build: every dependency, compile to dist/, prebuild the workflow bundle.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json temporal-dev.yaml ./
COPY scripts/build.ts ./scripts/build.ts
COPY src ./src
COPY activities ./activities
COPY workflows ./workflows
COPY drizzle ./drizzle
RUN npm run build

# 2. Production dependencies only, installed apart so no build tool reaches the image.
FROM node:20-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image: dependencies, the build, and the operator CLI (`npx sis-bridge` inside the container).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# src/main/healthcheck.ts: the API answers /readyz; compose gives the worker `... healthcheck.js worker`.
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=4 CMD ["node", "dist/src/main/healthcheck.js", "api"]
CMD ["node", "dist/src/main/api.js"]
