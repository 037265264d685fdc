import "server-only";
import type { StaffRole } from "@/db/schema/enums";
import type { FieldKind, FilterMeta, FilterOp, FormFieldMeta, ResourceMeta } from "@/lib/resources/types";
import { isPersonField, personFields } from "../people/userReferences";
import { can, crudResources } from "../auth/permissions";
import { seesVerbatim } from "./masking";
import { searchFields } from "./listParams";
import { registry } from "./registry";
import type { ResolvedField, ResourceDefinition } from "./types";

/** A user-id field is a "person" to the browser: shown as the person, asked for with a user search. */
const kindFor = (def: ResourceDefinition, field: ResolvedField): FieldKind =>
  isPersonField(def, field.field) ? "person" : field.kind;

const enumOf = (field: ResolvedField) => (field.spec.enumValues ? { enumValues: [...field.spec.enumValues] } : {});

/**
 * A filter as the browser builds its control: typed to the column (an open list with known values
 * becomes a multi-select of them; numbers carry the column's range, money is never negative).
 */
function filterMeta(def: ResourceDefinition, field: ResolvedField, ops: FilterOp[]): FilterMeta {
  const choices = field.spec.enumValues ?? field.spec.knownValues;
  const min = field.spec.min ?? (field.kind === "money" ? 0 : undefined);
  return {
    field: field.field,
    label: field.label,
    kind: choices && field.kind === "text" ? "enum" : kindFor(def, field),
    ops,
    ...(choices ? { enumValues: [...choices] } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(field.spec.max !== undefined ? { max: field.spec.max } : {}),
  };
}

function formFields(def: ResourceDefinition): FormFieldMeta[] {
  const names = [...new Set([...(def.create ?? []), ...(def.update ?? [])])];
  return names.map((name) => {
    const field = def.fieldsByName.get(name) as ResolvedField;
    const onCreate = def.create?.includes(name) ?? false;
    return {
      field: name,
      label: field.label,
      kind: kindFor(def, field),
      required: onCreate && field.column.notNull && !field.column.hasDefault,
      ...enumOf(field),
      ...(field.spec.min !== undefined ? { min: field.spec.min } : {}),
      ...(field.spec.max !== undefined ? { max: field.spec.max } : {}),
      // Set on creation only: the edit form shows it without letting it change.
      ...(!def.update?.includes(name) ? { readOnlyOnEdit: true } : {}),
    };
  });
}

function metaOf(def: ResourceDefinition, role: StaffRole): ResourceMeta {
  const search = searchFields(def, role);
  return {
    name: def.name,
    singular: def.singular,
    plural: def.plural,
    primaryKey: def.primaryKey,
    listColumns: def.list.map((name) => {
      const field = def.fieldsByName.get(name) as ResolvedField;
      return {
        field: name,
        label: field.label,
        kind: kindFor(def, field),
        sortable: def.sortable.includes(name) && seesVerbatim(field, role),
        ...enumOf(field),
      };
    }),
    filters: [
      ...Object.entries(def.filters).map(([name, ops]) => ({
        field: def.fieldsByName.get(name) as ResolvedField,
        ops,
      })),
      ...def.joinedFilterFields.values(),
    ]
      .filter(({ field }) => seesVerbatim(field, role))
      .map(({ field, ops }) => filterMeta(def, field, ops)),
    searchable: search.length > 0,
    ...(search.length ? { searchHint: search.map((f) => f.label).join(", ") } : {}),
    defaultSort: def.defaultSort,
    formFields: formFields(def),
    can: {
      list: can(role, "list", def.name),
      show: can(role, "show", def.name),
      create: !!def.createSchema && can(role, "create", def.name),
      edit: !!def.updateSchema && can(role, "edit", def.name),
      delete: !!def.delete && can(role, "delete", def.name),
      export: can(role, "export", def.name),
    },
    bulkActions: Object.entries(def.bulk ?? {})
      .filter(([, spec]) => can(role, spec.action, def.name))
      .map(([name]) => name),
    relations: def.relations ?? [],
    people: personFields(def),
    ...(def.titleField ? { titleField: def.titleField } : {}),
    recordLabels: Object.fromEntries(def.visibleFields.map((field) => [field.field, field.label])),
  };
}

/** The registry as the (admin) layout hands it to the browser: only the resources the role may list. */
export function resourceMetadata(role: StaffRole): ResourceMeta[] {
  return crudResources.filter((name) => can(role, "list", name)).map((name) => metaOf(registry[name], role));
}
