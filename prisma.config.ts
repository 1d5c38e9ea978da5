import { defineConfig } from "prisma/config";

// `env("DATABASE_URL")` would throw for `prisma generate`, which needs no database.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/gameday" },
});
