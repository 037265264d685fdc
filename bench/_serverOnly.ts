import { register } from "node:module";

// server/ modules import "server-only", which throws outside a Next.js server bundle; the bench
// scripts run them directly under tsx, so resolve it to an empty module (as vitest's alias does).
// Import this first; server modules must then be loaded with dynamic import().
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(specifier, context, next) {
        if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
        return next(specifier, context);
      }`,
    ),
);
