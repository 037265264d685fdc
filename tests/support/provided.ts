/** Values the global setups hand to test workers (vitest `provide` / `inject`). */
declare module "vitest" {
  export interface ProvidedContext {
    /** templateKey() when the global setup built or found the template (see template.ts). */
    templateKey: string;
    /** Absolute path of the dumped, migrated PGlite data dir (project "pglite"). */
    pgliteTemplate: string;
    /** Name of the migrated template database (project "postgres"). */
    postgresTemplate: string;
    /** Prefix of every per-file database of this run (project "postgres"), dropped at teardown. */
    postgresRunPrefix: string;
  }
}

export {};
