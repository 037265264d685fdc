"use client";

import { usePathname } from "next/navigation";
import { Button, Result } from "antd";
import { inSentence } from "@/lib/resources/labels";
import { useResourceMeta } from "@/components/shell/AdminContext";
import { resourcePath } from "@/components/shell/refineResources";

/**
 * "Not found" for an address that names no record (a mistyped or malformed id, a deleted record):
 * said at once, with a way back to the list and nothing to edit. Rendered by the not-found pages
 * of the resource screens and by the show and edit screens when the API answers 404.
 */
export function RecordNotFound({ resource, message }: { resource?: string; message?: string }) {
  const pathname = usePathname();
  const name = resource ?? pathname.split("/").filter(Boolean)[0] ?? "";
  const meta = useResourceMeta(name);
  const what = meta ? inSentence(meta.singular) : "record";
  return (
    <Result
      status="404"
      title={meta ? `${meta.singular} not found` : "Not found"}
      subTitle={message ?? `There is no ${what} at this address: the link may be mistyped, or the ${what} was deleted.`}
      extra={
        meta && (
          <Button type="primary" href={resourcePath(meta.name)}>
            Back to {inSentence(meta.plural)}
          </Button>
        )
      }
    />
  );
}
