import { notFound } from "next/navigation";
import { crudResources, type CrudResource } from "@/server/auth/permissions";

/** The [resource] segment, or a 404 for anything that is not one of the registry's tables. */
export async function resourceParam(params: Promise<{ resource: string }>): Promise<CrudResource> {
  const { resource } = await params;
  if (!(crudResources as readonly string[]).includes(resource)) notFound();
  return resource as CrudResource;
}
