import { z } from "zod";

// zod compiles object parsers with `new Function` when the page allows eval, and probes for
// it on first use. The console's Content Security Policy forbids eval (proxy.ts), so the
// probe would be reported as a violation on every page: parse without the compiler instead.
z.config({ jitless: true });
