/**
 * The resource registry as the browser sees it: JSON-serializable metadata built on the server by
 * resourceMetadata(role) (server/resources/metadata.ts), and the shapes of the read API. No server code here.
 */
export type FieldKind = "text" | "enum" | "number" | "date" | "boolean" | "uuid" | "json" | "money";
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
  kind: FieldKind;
  ops: FilterOp[];
  enumValues?: string[];
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
}

/** Largest "select all N matching" a bulk action accepts. */
export const BULK_SELECTION_LIMIT = 5000;
/** Largest page size of the list API. */
export const MAX_PAGE_SIZE = 100;
/** Deeper than this many rows, a page must be reached with a cursor (OFFSET is slow on big tables). */
export const MAX_OFFSET_ROWS = 10_000;

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
