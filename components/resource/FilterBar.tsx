"use client";

import { useEffect } from "react";
import { Button, DatePicker, Form, Input, InputNumber, Select, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { FilterMeta } from "@/lib/resources/types";
import { filterKey } from "@/components/refine/listParams";
import { UserSelect } from "@/components/people/UserSelect";

type FormValues = Record<string, unknown>;

/** Which control a filter gets, by kind and the operators the registry allows on it. */
function controlOf(filter: FilterMeta) {
  const { kind, ops } = filter;
  if (kind === "person" && ops.includes("eq")) return "person";
  if (kind === "enum" && ops.includes("in")) return "multi";
  if (kind === "boolean") return "boolean";
  if ((kind === "number" || kind === "money") && ops.includes("gte")) return "numberRange";
  if (kind === "date" && ops.includes("gte")) return "dateRange";
  if (kind === "text" && ops.includes("contains")) return "contains";
  return "equals";
}

/** URL filters → form values. */
function toFormValues(filters: FilterMeta[], active: Record<string, string>): FormValues {
  const values: FormValues = {};
  for (const filter of filters) {
    const get = (op: FilterMeta["ops"][number]) => active[filterKey(filter.field, op)];
    switch (controlOf(filter)) {
      case "multi":
        values[filter.field] = get("in")?.split(",") ?? [];
        break;
      case "numberRange":
        values[`${filter.field}.gte`] = get("gte") !== undefined ? Number(get("gte")) : null;
        values[`${filter.field}.lte`] = get("lte") !== undefined ? Number(get("lte")) : null;
        break;
      case "dateRange": {
        const from = get("gte");
        const to = get("lte");
        values[filter.field] = from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null;
        break;
      }
      case "contains":
        values[filter.field] = get("contains") ?? "";
        break;
      case "person":
        values[filter.field] = get("eq");
        break;
      default:
        values[filter.field] = get("eq") ?? (controlOf(filter) === "boolean" ? "" : "");
    }
  }
  return values;
}

/** Form values → f.<field>.<op> parameters. */
function toFilters(filters: FilterMeta[], values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (field: string, op: FilterMeta["ops"][number], value: string | undefined | null) => {
    if (value !== undefined && value !== null && value !== "") out[filterKey(field, op)] = value;
  };
  for (const filter of filters) {
    const value = values[filter.field];
    switch (controlOf(filter)) {
      case "multi":
        put(filter.field, "in", (value as string[] | undefined)?.join(","));
        break;
      case "numberRange": {
        const from = values[`${filter.field}.gte`] as number | null | undefined;
        const to = values[`${filter.field}.lte`] as number | null | undefined;
        put(filter.field, "gte", from === null || from === undefined ? undefined : String(from));
        put(filter.field, "lte", to === null || to === undefined ? undefined : String(to));
        break;
      }
      case "dateRange": {
        const [from, to] = (value as [Dayjs | null, Dayjs | null] | null) ?? [null, null];
        put(filter.field, "gte", from ? from.startOf("day").toISOString() : undefined);
        put(filter.field, "lte", to ? to.endOf("day").toISOString() : undefined);
        break;
      }
      case "contains":
        put(filter.field, "contains", (value as string | undefined)?.trim());
        break;
      default:
        put(filter.field, "eq", (value as string | undefined)?.trim());
    }
  }
  return out;
}

/** The list's filters, one control per filterable field; applying writes them to the URL. */
export function FilterBar({
  filters,
  active,
  onApply,
}: {
  filters: FilterMeta[];
  active: Record<string, string>;
  onApply: (filters: Record<string, string>) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    form.setFieldsValue(toFormValues(filters, active) as Parameters<typeof form.setFieldsValue>[0]);
  }, [form, filters, active]);

  return (
    <Form form={form} layout="inline" onFinish={(values) => onApply(toFilters(filters, values))} aria-label="Filters">
      {filters.map((filter) => {
        const id = `filter-${filter.field}`;
        switch (controlOf(filter)) {
          case "multi":
            return (
              <Form.Item key={filter.field} name={filter.field} label={filter.label} htmlFor={id}>
                <Select
                  id={id}
                  mode="multiple"
                  allowClear
                  style={{ minWidth: 160 }}
                  placeholder="Any"
                  options={(filter.enumValues ?? []).map((v) => ({ value: v, label: v }))}
                />
              </Form.Item>
            );
          case "boolean":
            return (
              <Form.Item key={filter.field} name={filter.field} label={filter.label} htmlFor={id}>
                <Select
                  id={id}
                  style={{ width: 100 }}
                  options={[
                    { value: "", label: "Any" },
                    { value: "true", label: "Yes" },
                    { value: "false", label: "No" },
                  ]}
                />
              </Form.Item>
            );
          case "numberRange":
            return (
              <Form.Item key={filter.field} label={filter.label}>
                <Space.Compact>
                  <Form.Item name={`${filter.field}.gte`} noStyle>
                    <InputNumber placeholder="min" aria-label={`${filter.label} from`} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={`${filter.field}.lte`} noStyle>
                    <InputNumber placeholder="max" aria-label={`${filter.label} to`} style={{ width: 90 }} />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            );
          case "person":
            return (
              <Form.Item key={filter.field} name={filter.field} label={filter.label} htmlFor={id}>
                <UserSelect id={id} style={{ width: 260 }} placeholder="Any user: email, name or id" />
              </Form.Item>
            );
          case "dateRange":
            return (
              <Form.Item key={filter.field} name={filter.field} label={filter.label}>
                <DatePicker.RangePicker allowEmpty={[true, true]} aria-label={filter.label} />
              </Form.Item>
            );
          default:
            return (
              <Form.Item key={filter.field} name={filter.field} label={filter.label} htmlFor={id}>
                <Input
                  id={id}
                  allowClear
                  style={{ width: 180 }}
                  placeholder={controlOf(filter) === "contains" ? "contains…" : "equals…"}
                />
              </Form.Item>
            );
        }
      })}
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
