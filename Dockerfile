# The bridge's api and worker image. Both run the TypeScript sources with tsx: the worker
# bundles workflows/ from source at start, so shipping sources keeps one artefact for both.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json temporal-dev.yaml ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY drizzle ./drizzle
USER node
EXPOSE 3000
CMD ["npx", "tsx", "src/main/api.ts"]
