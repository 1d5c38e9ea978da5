/**
 * The lab's secret store (Secrets Manager's stand-in): each service's database password,
 * with a version so the lab knows which password a task started with, and each service's
 * execution-role permission to read it (what secrets-break removes).
 */
import { randomPassword } from "./postgres";

interface Secret {
  password: string;
  version: number;
}

export class SecretStore {
  private readonly secrets = new Map<string, Secret>();
  private readonly denied = new Set<string>();

  constructor(services: readonly string[]) {
    for (const service of services) this.secrets.set(service, { password: randomPassword(), version: 1 });
  }

  get(service: string): Secret {
    const secret = this.secrets.get(service);
    if (!secret) throw new Error(`no secret for service ${service}`);
    return { ...secret };
  }

  passwords(): Map<string, string> {
    return new Map([...this.secrets].map(([service, secret]) => [service, secret.password]));
  }

  /** Stores a new password (version + 1) and returns it; the caller changes the role to match. */
  rotate(service: string): Secret {
    const current = this.get(service);
    const next = { password: randomPassword(), version: current.version + 1 };
    this.secrets.set(service, next);
    return { ...next };
  }

  /** Puts a previous password back as a new version (a revert is a change too). */
  restore(service: string, password: string): Secret {
    const current = this.get(service);
    const next = { password, version: current.version + 1 };
    this.secrets.set(service, next);
    return { ...next };
  }

  canRead(service: string): boolean {
    return !this.denied.has(service);
  }

  revokeAccess(service: string): void {
    this.denied.add(service);
  }

  grantAccess(service: string): boolean {
    return this.denied.delete(service);
  }
}
