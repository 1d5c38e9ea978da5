import { randomInt } from "node:crypto";
import { JOIN_CODE_ALPHABET } from "./schemas";

export function generateJoinCode(): string {
  let code = "";
  for (let index = 0; index < 6; index += 1) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}
