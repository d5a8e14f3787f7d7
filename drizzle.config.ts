import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/db/schema.ts', './src/db/ledger/tables.ts', './src/db/school-records.ts', './src/db/web-console.ts'],
  out: './migrations',
});
