import "server-only";
import type { SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { StaffRole } from "@/db/schema/enums";
import type { CrudResource, Action } from "../auth/permissions";
import type { FieldErrors } from "../errors";
import type { Transaction } from "../actions/defineAction";
import type { FieldKind, FilterOp, SortOrder } from "@/lib/resources/types";

/** How a field is shown to a role that sees personal data masked (analysts). */
export type Masker = "email" | "omit" | "round1" | "initials";

export interface FieldSpec {
  label?: string;
  /** Overrides the kind inferred from the column type. */
  kind?: FieldKind;
  enumValues?: readonly string[];
  /**
   * An open list (gender identities, consent types): offered as the choices of the field's filter,
   * enforced nowhere, so a value outside it is still stored, shown and filterable by URL.
   */
  knownValues?: readonly string[];
  /**
   * A nullable date the list sorts by anyway, as if a missing value were -infinity (first ascending,
   * last descending): keyset paging needs a total order, and the sort's index is on the same
   * COALESCE(column, '-infinity'), id.
   */
  sortNullsAsEarliest?: boolean;
  /** Never selected, never sent (password hashes). */
  hidden?: boolean;
  /** Applied for roles that see masked data. */
  mask?: Masker;
  /** Only these roles see the value; everyone else gets null. */
  visibleTo?: readonly StaffRole[];
  /** Range rule for numbers (validation and form hints). */
  min?: number;
  max?: number;
  /** Human message when the value is out of range. */
  rangeMessage?: string;
  /** A replacement zod schema for writes (custom types, money). */
  schema?: z.ZodType;
}

export type RowValues = Record<string, unknown>;

/**
 * A filter on a column of another table whose rows reference this resource's primary key (the users
 * list filtered by their profile's gender): matched with EXISTS, so the list keeps its own sort index.
 */
export interface JoinedFilterSpec {
  table: PgTable;
  /** The field of that table holding this resource's primary key. */
  key: string;
  /** The field of that table the filter compares. */
  field: string;
  ops: FilterOp[];
  spec?: FieldSpec;
}

export interface BulkSpec {
  /** The permission a bulk action needs. */
  action: Action;
  /** The values it sets on each selected record. */
  set: RowValues;
}

/** What one resource declares; the engine (listQuery, mutations, bulk, export) does the rest. */
export interface ResourceSpec {
  name: CrudResource;
  /** What one record is called ("Match") and what many are ("Matches"), written to start a sentence. */
  singular: string;
  plural: string;
  table: PgTable;
  primaryKey: string;
  /** The platform user a record concerns (for the audit row), when there is one. */
  userColumn?: string;
  fields?: Record<string, FieldSpec>;
  list: string[];
  /**
   * Indexed on (column, primary key), NOT NULL (or `sortNullsAsEarliest`, indexed on the COALESCE):
   * keyset pagination reads the index in order however deep the page.
   */
  sortable: string[];
  defaultSort: { field: string; order: SortOrder };
  filters: Record<string, FilterOp[]>;
  /** Filters on a related table's column, named like fields of this resource (they must not clash). */
  joinedFilters?: Record<string, JoinedFilterSpec>;
  /** Columns the list's search box matches (the hint on screen names their labels). */
  search?: { fields: string[] };
  /** Fields a create form sends; omitted = no create. */
  create?: string[];
  /** Fields an edit form may change; omitted = no edit. */
  update?: string[];
  delete?: boolean;
  bulk?: Record<string, BulkSpec>;
  /** Foreign keys to show as links on show pages. */
  relations?: { field: string; resource: CrudResource }[];
  /**
   * Fields holding a platform user's id (the primary key too, where the record is a user): list and
   * show responses carry those people, looked up once per page (server/people/peopleById.ts), and
   * screens show the person instead of the id.
   */
  people?: string[];
  /** Fields holding a staff account's id: shown as the staff member (server/resources/relatedTitles.ts). */
  staff?: string[];
  /** The field that names one record in page titles ("Speed dating Berlin — event"). */
  titleField?: string;
  /** Rules across fields, checked on the merged row (create and update). */
  check?: (row: RowValues) => FieldErrors | undefined;
  /**
   * Runs inside the write transaction before insert/update (locks, capacity checks). Throws a
   * DomainError to refuse.
   */
  beforeWrite?: (tx: Transaction, row: RowValues, previous: RowValues | undefined) => Promise<void>;
}

export interface ResolvedField {
  field: string;
  column: PgColumn;
  label: string;
  kind: FieldKind;
  nullable: boolean;
  spec: FieldSpec;
  /** What lists sort and page by: the column, or COALESCE(column, '-infinity') for `sortNullsAsEarliest`. */
  sortKey: SQL;
}

/** A resolved joined filter: the other table's field, and the EXISTS that ties a condition on it to this row. */
export interface JoinedFilter {
  field: ResolvedField;
  ops: FilterOp[];
  exists(condition: SQL): SQL;
}

export interface ResourceDefinition extends ResourceSpec {
  fieldsByName: Map<string, ResolvedField>;
  /** Fields that are selected and sent (everything but hidden ones). */
  visibleFields: ResolvedField[];
  pk: ResolvedField;
  joinedFilterFields: Map<string, JoinedFilter>;
  createSchema?: z.ZodType<RowValues>;
  updateSchema?: z.ZodType<RowValues>;
  /** SQL for "this record", by primary key. */
  byId(id: string): SQL;
}
