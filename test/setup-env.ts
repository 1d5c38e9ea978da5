// The console's configuration for tests; each file's database is set by useTestDatabase().
process.env.NEXTAUTH_SECRET ??= "test-secret-that-is-long-enough-for-next-auth-0123456789";
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
process.env.LAB_KIND ??= "local";
process.env.DATABASE_URL ??= "postgresql://unset:unset@127.0.0.1:1/unset";
