/** Types of buildFreshness.mjs (plain JavaScript, so that `npm start` needs no TypeScript loader). */
export declare const root: string;
export declare const distDir: string;
/** The `next` CLI, run with this Node (no shell, no npx). */
export declare const nextBin: string;
/** Why a build is needed, or null when <distDir>/BUILD_ID is newer than every source file. */
export declare function staleReason(): string | null;
/** Runs `next build` when the build is stale; exits the process if the build fails. */
export declare function buildIfStale(reason?: string | null): void;
