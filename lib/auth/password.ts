import "server-only";
import bcrypt from "bcryptjs";

/** bcrypt work factor: about 0.2 s per hash on our machines, well above the minimum of 10. */
export const BCRYPT_COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

let unknownUserHash: Promise<string> | undefined;

/** Spent when the email is unknown, so a failed sign-in takes as long either way. */
export async function spendPasswordCheck(password: string): Promise<false> {
  unknownUserHash ??= bcrypt.hash("no user has this password", BCRYPT_COST);
  await bcrypt.compare(password, await unknownUserHash);
  return false;
}
