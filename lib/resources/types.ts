/**
 * The resource registry as the browser sees it: JSON-serializable metadata built on the server by
 * resourceMetadata(role) (server/resources/metadata.ts), and the shapes of the read API. No server code here.
 */
import type { PeopleById } from "./people";

/**
 * "person": a platform user's id, shown as the person (components/people/PersonRef.tsx) and asked
 * for with a search-as-you-type select. Only the browser's metadata says "person"; to the server's
 * parsing and validation the field stays a "uuid".
 */
export type FieldKind = "text" | "enum" | "number" | "date" | "boolean" | "uuid" | "json" | "money" | "person";
export type FilterOp = "eq" | "ne" | "contains" | "in" | "gte" | "lte" | "isnull";
export type SortOrder = "asc" | "desc";
export type ResourceAction = "list" | "show" | "create" | "edit" | "delete" | "export";

export interface ListColumnMeta {
  field: string;
  label: string;
  kind: FieldKind;
  sortable: boolean;
  enumValues?: string[];
}

export interface FilterMeta {
  field: string;
  label: string;
  /** "enum" also for an open list with known values (gender): its filter is a multi-select of them. */
  kind: FieldKind;
  ops: FilterOp[];
  enumValues?: string[];
  /** The range a number or money filter accepts (the column's own rule). Additive. */
  min?: number;
  max?: number;
}

export interface FormFieldMeta {
  field: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  enumValues?: string[];
  min?: number;
  max?: number;
  /** Shown on the edit form but not changeable there (set on create only). */
  readOnlyOnEdit?: boolean;
}

export interface ResourceMeta {
  name: string;
  /** One record ("Match") and many ("Matches"), written to start a sentence; inSentence() for mid-sentence. */
  singular: string;
  plural: string;
  primaryKey: string;
  listColumns: ListColumnMeta[];
  filters: FilterMeta[];
  searchable: boolean;
  searchHint?: string;
  defaultSort: { field: string; order: SortOrder };
  formFields: FormFieldMeta[];
  can: Record<ResourceAction, boolean>;
  /** Bulk actions this role may run (users: "verify", event_registrations: "cancel"). Beyond the contract: additive. */
  bulkActions?: string[];
  /** Foreign keys shown as links to another resource's show page. Beyond the contract: additive. */
  relations?: { field: string; resource: string }[];
  /** Fields holding a platform user's id (the primary key too, where a record is a user). Additive. */
  people?: string[];
  /** The field that names a record in titles. Additive. */
  titleField?: string;
  /** Every field a record's page shows, by name, with its label (the definition's words). Additive. */
  recordLabels?: Record<string, string>;
}

export type ResourceRow = Record<string, unknown> & { id: string };

/** GET /api/resources/[resource] */
export interface ListResponse<Row = ResourceRow> {
  data: Row[];
  total: number;
  /** true: `total` is the planner's estimate (more than 10,000 rows match). */
  totalIsEstimate: boolean;
  /** Opaque keyset cursor for the next page; null on the last page. */
  nextCursor: string | null;
  /** The users the page's rows reference, masked for the role (one lookup per page). Additive. */
  people?: PeopleById;
  /** What its reference columns name (an event's title, a staff member), by field and id. Additive. */
  titles?: RelatedTitles;
}

/** What a record's reference fields name (an event's title, a staff member), by field, then id. */
export type RelatedTitles = Record<string, Record<string, string>>;

/** GET /api/resources/[resource]/[id] (`related` with ?include=related on users). */
export interface ShowResponse<Row = ResourceRow> {
  data: Row;
  related?: UserRelated;
  /** The users the record (and its related rows) reference, masked for the role. */
  people: PeopleById;
  /** What its reference fields name (as in ListResponse). */
  titles?: RelatedTitles;
}

/** Largest "select all N matching" a bulk action accepts. */
export const BULK_SELECTION_LIMIT = 5000;
/** Largest page size of the list API. */
export const MAX_PAGE_SIZE = 100;
/** Deeper than this many rows, a page must be reached with a cursor (OFFSET is slow on big tables). */
export const MAX_OFFSET_ROWS = 10_000;

/** Up to this many matching rows a list's total is counted exactly; beyond, the planner's estimate is shown. */
export const EXACT_COUNT_LIMIT = 10_000;

/** Everything the users show page gathers about one user (GET /api/resources/users/<id>?include=related). */
export interface UserRelated {
  profile: ResourceRow | null;
  assessment: ResourceRow | null;
  subscription: ResourceRow | null;
  payments: ResourceRow[];
  matches: ResourceRow[];
  messageCounts: { sent: number; received: number } | null;
  consentState: { consentType: string; granted: boolean; timestamp: string }[];
  aiInteractions: ResourceRow[];
}
