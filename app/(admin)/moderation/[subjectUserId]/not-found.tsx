import { RecordNotFound } from "@/components/resource/RecordNotFound";

/** notFound() from the panel: no account has this id. */
export default function NotFound() {
  return (
    <RecordNotFound
      resource="users"
      message="There is no account at this address: the link may be mistyped, or the id is not an account's."
    />
  );
}
