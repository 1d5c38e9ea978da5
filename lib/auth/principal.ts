import type { Role } from "./roles";

/** Who is calling: a signed-in browser session or an API token acting for its owner. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
  /** Session id (session) or API token id (token). */
  credentialId: string;
}
