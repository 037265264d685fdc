import { z } from "zod";

/**
 * Zod 4 probes whether it may compile validators with `new Function` (its JIT), and the strict
 * Content-Security-Policy (no 'unsafe-eval', lib/securityHeaders.ts) reports that probe as a
 * violation even though Zod catches it. In the browser Zod runs without the JIT; the server keeps it.
 */
if (typeof window !== "undefined") z.config({ jitless: true });
