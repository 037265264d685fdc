import type { FilterOp } from "@/lib/resources/types";

/**
 * A list's state is its URL: the same query string drives the page's URL, the list API
 * (GET /api/resources/<resource>) and the CSV export, so a reload, a shared link and a download
 * all reproduce exactly what is on screen.
 */
export interface ListState {
  page: number;
  pageSize: number;
  sort?: string;
  order?: "asc" | "desc";
  q?: string;
  cursor?: string;
  /** f.<field>.<op> → value (comma-separated for `in`). */
  filters: Record<string, string>;
}

export const filterKey = (field: string, op: FilterOp) => `f.${field}.${op}`;

export function parseListState(search: URLSearchParams): ListState {
  const filters: Record<string, string> = {};
  for (const [key, value] of search) if (key.startsWith("f.") && value !== "") filters[key] = value;
  const positive = (text: string | null, fallback: number) => {
    const n = Number(text);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const order = search.get("order");
  return {
    page: positive(search.get("page"), 1),
    pageSize: positive(search.get("pageSize"), 20),
    sort: search.get("sort") || undefined,
    order: order === "asc" || order === "desc" ? order : undefined,
    q: search.get("q") || undefined,
    cursor: search.get("cursor") || undefined,
    filters,
  };
}

/** The query string for the API and the URL; `forExport` drops paging (an export is every matching row). */
export function toQueryString(state: ListState, { forExport = false } = {}): string {
  const params = new URLSearchParams();
  if (!forExport) {
    if (state.page !== 1) params.set("page", String(state.page));
    if (state.pageSize !== 20) params.set("pageSize", String(state.pageSize));
    if (state.cursor) params.set("cursor", state.cursor);
  }
  if (state.sort) params.set("sort", state.sort);
  if (state.order) params.set("order", state.order);
  if (state.q) params.set("q", state.q);
  for (const key of Object.keys(state.filters).sort()) params.set(key, state.filters[key]);
  return params.toString();
}

/** Only the filters and search (what "select all N matching" runs a bulk action on). */
export function selectionQuery(state: ListState): Record<string, string> {
  return { ...(state.q ? { q: state.q } : {}), ...state.filters };
}
