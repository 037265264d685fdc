"use client";

/** Client entry points for the thin route files under app/(admin): one per screen kind. */
export { ResourceList } from "./ResourceList";
export { ResourceShow } from "./ResourceShow";
export { ResourceForm } from "./ResourceForm";
