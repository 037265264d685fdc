import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: process.env.DRIZZLE_OUT ?? "./drizzle",
  // Only the tables of db/schema: PostGIS's own (spatial_ref_sys) are not ours.
  tablesFilter: ["!spatial_ref_sys"],
});
