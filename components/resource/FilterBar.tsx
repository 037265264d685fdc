"use client";

import { visuallyHidden } from "@/components/shell/visuallyHidden";
import { useEffect, type KeyboardEvent } from "react";
import { Button, DatePicker, Form, Input, InputNumber, Select, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { FilterMeta, FilterOp } from "@/lib/resources/types";
import { filterKey } from "@/components/refine/listParams";
import { UserSelect } from "@/components/people/UserSelect";
import { RecordSelect, useTitledTarget } from "./RecordSelect";

type FormValues = Record<string, unknown>;

/**
 * Which control a filter gets, typed to its column: a person search for users, a multi-select for
 * enums (and open lists with known values), a yes/no select for booleans, min/max number inputs,
 * a date-range picker for dates (a date is never typed as free text), a text box for text only.
 */
type Control =
  "person" | "multi" | "single" | "boolean" | "numberRange" | "number" | "dateRange" | "date" | "contains" | "equals";

function controlOf({ kind, ops }: FilterMeta): Control | undefined {
  const has = (op: FilterOp) => ops.includes(op);
  switch (kind) {
    case "person":
      return has("eq") ? "person" : undefined;
    case "enum":
      return has("in") ? "multi" : has("eq") ? "single" : undefined;
    case "boolean":
      return has("eq") ? "boolean" : undefined;
    case "number":
    case "money":
      return has("gte") || has("lte") ? "numberRange" : has("eq") ? "number" : undefined;
    case "date":
      return has("gte") || has("lte") ? "dateRange" : has("eq") ? "date" : undefined;
    case "json":
      return undefined;
    default:
      return has("contains") ? "contains" : has("eq") ? "equals" : undefined;
  }
}

const yesNo = [
  { value: "", label: "Any" },
  { value: "true", label: "Yes" },
  { value: "false", label: "No" },
];

/** The label of a filter's "is there a value at all" choice (isnull): "Has last login", "Has read". */
const presenceLabel = (filter: FilterMeta) => `Has ${filter.label.toLowerCase()}`;
const presenceName = (filter: FilterMeta) => `${filter.field}.isnull`;

/**
 * Enter in a date input confirms the typed date (the picker has done so by now) and does not also
 * submit the filter form: a range half typed is not applied. "Apply filters" applies.
 */
const confirmOnly = (event: KeyboardEvent<HTMLElement>) => {
  if (event.key === "Enter") event.preventDefault();
};

/** URL filters → form values. */
function toFormValues(filters: FilterMeta[], active: Record<string, string>): FormValues {
  const values: FormValues = {};
  for (const filter of filters) {
    const get = (op: FilterOp) => active[filterKey(filter.field, op)];
    const number = (op: FilterOp) => (get(op) !== undefined && get(op) !== "" ? Number(get(op)) : null);
    switch (controlOf(filter)) {
      case "multi":
        values[filter.field] = get("in")?.split(",") ?? [];
        break;
      case "numberRange":
        values[`${filter.field}.gte`] = number("gte");
        values[`${filter.field}.lte`] = number("lte");
        break;
      case "number":
        values[filter.field] = number("eq");
        break;
      case "dateRange": {
        const from = get("gte");
        const to = get("lte");
        values[filter.field] = from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null;
        break;
      }
      case "date":
        values[filter.field] = get("eq") ? dayjs(get("eq")) : null;
        break;
      case "contains":
        values[filter.field] = get("contains") ?? "";
        break;
      case "boolean":
        values[filter.field] = get("eq") ?? "";
        break;
      case "person":
      case "single":
        values[filter.field] = get("eq");
        break;
      case "equals":
        values[filter.field] = get("eq") ?? "";
        break;
    }
    if (filter.ops.includes("isnull")) {
      // isnull=true means "no value": the question asked is "Has …?", so the answer is its negation.
      const isnull = get("isnull");
      values[presenceName(filter)] = isnull === "true" ? "false" : isnull === "false" ? "true" : "";
    }
  }
  return values;
}

/** Form values → f.<field>.<op> parameters. */
function toFilters(filters: FilterMeta[], values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (field: string, op: FilterOp, value: string | undefined | null) => {
    if (value !== undefined && value !== null && value !== "") out[filterKey(field, op)] = value;
  };
  const numberText = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
  for (const filter of filters) {
    const value = values[filter.field];
    switch (controlOf(filter)) {
      case "multi":
        put(filter.field, "in", (value as string[] | undefined)?.join(","));
        break;
      case "numberRange":
        put(filter.field, "gte", numberText(values[`${filter.field}.gte`]));
        put(filter.field, "lte", numberText(values[`${filter.field}.lte`]));
        break;
      case "number":
        put(filter.field, "eq", numberText(value));
        break;
      case "dateRange": {
        // Whole days in the reader's zone: from the first day's start to the last day's end.
        const [from, to] = (value as [Dayjs | null, Dayjs | null] | null) ?? [null, null];
        put(filter.field, "gte", from ? from.startOf("day").toISOString() : undefined);
        put(filter.field, "lte", to ? to.endOf("day").toISOString() : undefined);
        break;
      }
      case "date":
        put(filter.field, "eq", value ? (value as Dayjs).startOf("day").toISOString() : undefined);
        break;
      case "contains":
        put(filter.field, "contains", (value as string | undefined)?.trim());
        break;
      case "boolean":
      case "person":
      case "single":
      case "equals":
        put(filter.field, "eq", (value as string | undefined)?.trim());
        break;
    }
    if (filter.ops.includes("isnull")) {
      const has = values[presenceName(filter)];
      put(filter.field, "isnull", has === "true" ? "false" : has === "false" ? "true" : undefined);
    }
  }
  return out;
}

function FilterControl({ filter, relation }: { filter: FilterMeta; relation?: string }) {
  const id = `filter-${filter.field}`;
  const target = useTitledTarget(relation);
  if (target && filter.ops.includes("eq")) {
    // A record of another resource (an event) is chosen by its title, not typed as an id.
    return (
      <Form.Item name={filter.field} label={filter.label} htmlFor={id}>
        <RecordSelect id={id} target={target} style={{ width: 260 }} />
      </Form.Item>
    );
  }
  const options = (filter.enumValues ?? []).map((v) => ({ value: v, label: v }));
  const range = { min: filter.min, max: filter.max, step: filter.kind === "money" ? 0.01 : 1 };
  switch (controlOf(filter)) {
    case "multi":
      return (
        <Form.Item name={filter.field} label={filter.label} htmlFor={id}>
          <Select id={id} mode="multiple" allowClear style={{ minWidth: 160 }} placeholder="Any" options={options} />
        </Form.Item>
      );
    case "single":
      return (
        <Form.Item name={filter.field} label={filter.label} htmlFor={id}>
          <Select id={id} allowClear style={{ minWidth: 140 }} placeholder="Any" options={options} />
        </Form.Item>
      );
    case "boolean":
      return (
        <Form.Item name={filter.field} label={filter.label} htmlFor={id}>
          <Select id={id} style={{ width: 100 }} options={yesNo} />
        </Form.Item>
      );
    case "numberRange":
      return (
        <Form.Item label={filter.label}>
          <Space.Compact>
            <Form.Item name={`${filter.field}.gte`} noStyle>
              <InputNumber {...range} placeholder="min" aria-label={`${filter.label} from`} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item
              name={`${filter.field}.lte`}
              noStyle
              dependencies={[`${filter.field}.gte`]}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_rule, to: unknown) => {
                    const from: unknown = getFieldValue(`${filter.field}.gte`);
                    return typeof from === "number" && typeof to === "number" && to < from
                      ? Promise.reject(new Error(`${filter.label}: the maximum is below the minimum`))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <InputNumber {...range} placeholder="max" aria-label={`${filter.label} to`} style={{ width: 100 }} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      );
    case "number":
      return (
        <Form.Item name={filter.field} label={filter.label} htmlFor={id}>
          <InputNumber id={id} {...range} style={{ width: 110 }} />
        </Form.Item>
      );
    case "person":
      return (
        <Form.Item name={filter.field} label={filter.label} htmlFor={id}>
          <UserSelect id={id} style={{ width: 260 }} placeholder="Any user: email, name or id" />
        </Form.Item>
      );
    case "dateRange":
      // The visible label names the pair; each input has its own name ("Created from", "Created to").
      return (
        <Form.Item label={filter.label}>
          <label htmlFor={`${id}-from`} style={visuallyHidden}>
            {`${filter.label} from`}
          </label>
          <label htmlFor={`${id}-to`} style={visuallyHidden}>
            {`${filter.label} to`}
          </label>
          <Form.Item name={filter.field} noStyle>
            <DatePicker.RangePicker
              id={{ start: `${id}-from`, end: `${id}-to` }}
              allowEmpty={[true, true]}
              placeholder={["From", "To"]}
              onKeyDown={confirmOnly}
            />
          </Form.Item>
        </Form.Item>
      );
    case "date":
      return (
        <Form.Item name={filter.field} label={filter.label} htmlFor={id}>
          <DatePicker id={id} onKeyDown={confirmOnly} />
        </Form.Item>
      );
    case "contains":
    case "equals":
      return (
        <Form.Item name={filter.field} label={filter.label} htmlFor={id}>
          <Input
            id={id}
            allowClear
            style={{ width: 180 }}
            placeholder={controlOf(filter) === "contains" ? "contains…" : "equals…"}
          />
        </Form.Item>
      );
    default:
      return null;
  }
}

/** The list's filters, one control per filterable field; applying writes them to the URL. */
export function FilterBar({
  filters,
  relations = [],
  active,
  onApply,
}: {
  filters: FilterMeta[];
  /** The resource's links to others: a filter on one chooses that record by its title where it can. */
  relations?: { field: string; resource: string }[];
  active: Record<string, string>;
  onApply: (filters: Record<string, string>) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    form.setFieldsValue(toFormValues(filters, active) as Parameters<typeof form.setFieldsValue>[0]);
  }, [form, filters, active]);

  return (
    <Form form={form} layout="inline" onFinish={(values) => onApply(toFilters(filters, values))} aria-label="Filters">
      {filters.map((filter) => (
        <FilterFields
          key={filter.field}
          filter={filter}
          relation={relations.find((r) => r.field === filter.field)?.resource}
        />
      ))}
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            Apply filters
          </Button>
          <Button onClick={() => onApply({})}>Clear</Button>
        </Space>
      </Form.Item>
    </Form>
  );
}

/** A filter's control, and its "Has …?" choice when the registry allows filtering by a missing value. */
function FilterFields({ filter, relation }: { filter: FilterMeta; relation?: string }) {
  const presenceId = `filter-${filter.field}-isnull`;
  return (
    <>
      <FilterControl filter={filter} relation={relation} />
      {filter.ops.includes("isnull") && (
        <Form.Item name={presenceName(filter)} label={presenceLabel(filter)} htmlFor={presenceId}>
          <Select id={presenceId} style={{ width: 100 }} options={yesNo} />
        </Form.Item>
      )}
    </>
  );
}
