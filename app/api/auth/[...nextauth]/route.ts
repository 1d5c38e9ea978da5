import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

/** next-auth's own routes (sign-in, sign-out, CSRF). Its types declare the handler as `any`. */
type AuthRouteHandler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const handler: AuthRouteHandler = NextAuth(authOptions()) as AuthRouteHandler;

export { handler as GET, handler as POST };
