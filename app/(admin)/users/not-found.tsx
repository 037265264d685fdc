import { RecordNotFound } from "@/components/resource/RecordNotFound";

/** notFound() from a show or edit page of this screen (no such record): HTTP 404, inside the shell. */
export default function NotFound() {
  return <RecordNotFound />;
}
