"use client";

import type { BaseRecord, CrudFilter, DataProvider, HttpError } from "@refinedev/core";
import type { ListResponse, ShowResponse } from "@/lib/resources/types";
import { createRecord, deleteRecord, updateRecord } from "@/server/actions/resourceActions";
import { rememberPeople } from "@/components/people/peopleStore";
import { fetchJson } from "./fetchJson";

type ActionFailure = { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string> } };
type ActionOutcome<T> = { ok: true; data: T } | ActionFailure;

const statusOf: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  not_found: 404,
};

/** An action's refusal as Refine's HttpError: `errors` carries the field errors for the form. */
export function toHttpError(failure: ActionFailure): HttpError {
  return {
    name: failure.error.code,
    message: failure.error.message,
    statusCode: statusOf[failure.error.code] ?? 500,
    errors: failure.error.fieldErrors,
  };
}

async function unwrap<T>(outcome: Promise<ActionOutcome<T>>): Promise<T> {
  const result = await outcome;
  if (!result.ok) throw toHttpError(result);
  return result.data;
}

const opOf: Partial<Record<CrudFilter["operator"], string>> = {
  eq: "eq",
  ne: "ne",
  contains: "contains",
  in: "in",
  gte: "gte",
  lte: "lte",
  null: "isnull",
};

/** Refine's pagination/sorters/filters as list API parameters (used when a caller does not pass meta.query). */
function queryOf(params: Parameters<DataProvider["getList"]>[0]): string {
  const search = new URLSearchParams();
  const { pagination, sorters, filters } = params;
  if (pagination?.currentPage) search.set("page", String(pagination.currentPage));
  if (pagination?.pageSize) search.set("pageSize", String(pagination.pageSize));
  if (sorters?.[0]) {
    search.set("sort", sorters[0].field);
    search.set("order", sorters[0].order);
  }
  for (const filter of filters ?? []) {
    if (!("field" in filter) || filter.value === undefined || filter.value === "") continue;
    const op = opOf[filter.operator];
    if (!op) continue;
    const value = Array.isArray(filter.value) ? filter.value.join(",") : String(filter.value);
    search.set(`f.${filter.field}.${op}`, op === "isnull" ? "true" : value);
  }
  return search.toString();
}

/**
 * Reads go to the GET route handlers (they run in parallel); writes go to the server actions
 * (session → can → zod → transaction → audit on the server). A list caller may pass the exact
 * query string in `meta.query` (the URL state of components/resource/ResourceList.tsx).
 */
export const dataProvider: DataProvider = {
  getApiUrl: () => "/api/resources",

  async getList<TData extends BaseRecord = BaseRecord>(params: Parameters<DataProvider["getList"]>[0]) {
    const query = typeof params.meta?.query === "string" ? params.meta.query : queryOf(params);
    const body = await fetchJson<ListResponse>(`/api/resources/${params.resource}?${query}`);
    rememberPeople(body.people);
    return {
      data: body.data as unknown as TData[],
      total: body.total,
      totalIsEstimate: body.totalIsEstimate,
      nextCursor: body.nextCursor,
      people: body.people,
      titles: body.titles,
    };
  },

  async getOne<TData extends BaseRecord = BaseRecord>({ resource, id, meta }: Parameters<DataProvider["getOne"]>[0]) {
    const include = meta?.include ? `?include=${encodeURIComponent(String(meta.include))}` : "";
    const body = await fetchJson<ShowResponse>(
      `/api/resources/${resource}/${encodeURIComponent(String(id))}${include}`,
    );
    rememberPeople(body.people);
    const extras = {
      ...(body.related ? { _related: body.related } : {}),
      ...(body.titles ? { _titles: body.titles } : {}),
    };
    return { data: { ...body.data, ...extras } as unknown as TData };
  },

  async getMany<TData extends BaseRecord = BaseRecord>({
    resource,
    ids,
  }: Parameters<NonNullable<DataProvider["getMany"]>>[0]) {
    const rows = await Promise.all(
      ids.map((id) => fetchJson<ShowResponse>(`/api/resources/${resource}/${encodeURIComponent(String(id))}`)),
    );
    for (const row of rows) rememberPeople(row.people);
    return { data: rows.map((row) => row.data) as unknown as TData[] };
  },

  async create<TData extends BaseRecord = BaseRecord, TVariables = object>({
    resource,
    variables,
  }: Parameters<DataProvider["create"]>[0] & { variables: TVariables }) {
    return { data: (await unwrap(createRecord(resource, variables))) as unknown as TData };
  },

  async update<TData extends BaseRecord = BaseRecord, TVariables = object>({
    resource,
    id,
    variables,
  }: Parameters<DataProvider["update"]>[0] & { variables: TVariables }) {
    return { data: (await unwrap(updateRecord(resource, String(id), variables))) as unknown as TData };
  },

  /** Other GET routes of this app (dashboard, totals, staff); only reads: writes are server actions. */
  async custom<TData extends BaseRecord = BaseRecord>({
    url,
    method,
  }: Parameters<NonNullable<DataProvider["custom"]>>[0]) {
    if (method !== "get") throw new Error("Writes go through server actions, not the data provider's custom()");
    return { data: await fetchJson<TData>(url) };
  },

  async deleteOne<TData extends BaseRecord = BaseRecord>({ resource, id }: Parameters<DataProvider["deleteOne"]>[0]) {
    return { data: (await unwrap(deleteRecord(resource, String(id)))) as unknown as TData };
  },
};
