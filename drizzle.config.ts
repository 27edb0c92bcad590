import { defineConfig } from 'drizzle-kit';

// Only used by `npm run db:generate` to write SQL migrations into drizzle/ from the schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
