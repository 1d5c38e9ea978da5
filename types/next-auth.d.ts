import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/auth/roles";

declare module "next-auth" {
  interface User {
    role: Role;
    sessionToken: string;
  }
  interface Session {
    user?: DefaultSession["user"] & { id: string; role: Role };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** Server-side session token; see lib/auth/next-auth.ts. */
    sid?: string;
    role?: string;
  }
}
