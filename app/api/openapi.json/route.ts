import { publicRoute } from "@/lib/api/handler";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

export const GET = publicRoute("GET /api/openapi.json", () => Promise.resolve(Response.json(buildOpenApiDocument(env().NEXTAUTH_URL))));
