export * from "./accounts";
export * from "./social";
export * from "./compliance";
export * from "./billing";
export * from "./events";
export * from "./staff";
export * from "./moderation";
