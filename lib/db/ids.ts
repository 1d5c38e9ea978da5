import { z } from "zod";

/** Ids are cuids; anything else in a path can only be a typo or a probe. */
export const IdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, "id is malformed");

export const IdParamsSchema = z.object({ id: IdSchema });
