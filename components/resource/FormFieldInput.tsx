"use client";

import type { FormEvent } from "react";
import { DatePicker, Form, Input, InputNumber, Select, Space, Switch } from "antd";
import type { FormFieldMeta } from "@/lib/resources/types";
import { RequiredOnInput } from "./RequiredOnInput";
import { UserSelect } from "@/components/people/UserSelect";
import { PersonRef } from "@/components/people/PersonRef";
import { FixedRecord, RecordSelect, useTitledTarget } from "./RecordSelect";

const longText = new Set(["description", "bio"]);

/** An amount with at most two decimal places (what the server accepts for money). */
const moneyText = /^\d+(\.\d{1,2})?$/;
/** What may be on the way to one: "12.", ".5" while typing. */
const moneyTyping = /^\d*(\.\d{0,2})?$/;

/** Stops a keystroke that would make a money input hold a third decimal place (or a letter). */
function keepTwoDecimals(event: FormEvent<HTMLInputElement>) {
  const typed = (event.nativeEvent as InputEvent).data;
  if (typed === null || typed === undefined) return;
  const input = event.currentTarget;
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? input.value.length;
  const next = input.value.slice(0, start) + typed + input.value.slice(end);
  if (!moneyTyping.test(next)) event.preventDefault();
}

function rangeRules(field: FormFieldMeta) {
  if (field.min === undefined && field.max === undefined) return [];
  return [
    {
      type: "number" as const,
      transform: (value: unknown) => (value === null || value === undefined || value === "" ? value : Number(value)),
      min: field.min,
      max: field.max,
      message: `${field.label} must be between ${field.min ?? "-∞"} and ${field.max ?? "∞"}`,
    },
  ];
}

/** A user that cannot be changed here: the person, not a greyed-out select (whose text is unreadable). */
function FixedPerson({ id, value }: { id?: string; value?: string | null }) {
  return <span id={id}>{value ? <PersonRef id={value} showEmail /> : "—"}</span>;
}

/** The control for one form field, by kind; location is a lat/lng pair with range checks. */
export function FormFieldInput({
  field,
  disabled,
  relation,
}: {
  field: FormFieldMeta;
  disabled: boolean;
  /** The resource the field links to, if any: its record is chosen by title where it can be. */
  relation?: string;
}) {
  const common = { label: field.label, name: field.field, htmlFor: `field-${field.field}` };
  const required = field.required ? [{ required: true, message: `${field.label} is required` }] : [];
  const id = `field-${field.field}`;
  const target = useTitledTarget(relation);
  if (target && field.kind === "uuid") {
    return (
      <Form.Item {...common} rules={required}>
        {disabled ? (
          <FixedRecord id={id} target={target} />
        ) : (
          <RecordSelect id={id} target={target} allowClear={!field.required} />
        )}
      </Form.Item>
    );
  }
  if (field.field === "location") {
    return (
      <Form.Item label={field.label} required={field.required}>
        <Space>
          <Form.Item
            name={["location", "lat"]}
            noStyle
            rules={[{ type: "number", min: -90, max: 90, message: "Latitude must be between -90 and 90" }]}
          >
            <InputNumber aria-label="Latitude" placeholder="Latitude" disabled={disabled} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name={["location", "lng"]}
            noStyle
            rules={[{ type: "number", min: -180, max: 180, message: "Longitude must be between -180 and 180" }]}
          >
            <InputNumber aria-label="Longitude" placeholder="Longitude" disabled={disabled} style={{ width: 140 }} />
          </Form.Item>
        </Space>
      </Form.Item>
    );
  }
  switch (field.kind) {
    case "person":
      // A user is asked for by email, name or id, never as a bare UUID to type.
      return (
        <Form.Item {...common} rules={required}>
          {disabled ? <FixedPerson id={id} /> : <UserSelect id={id} allowClear={!field.required} />}
        </Form.Item>
      );
    case "boolean":
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch id={id} disabled={disabled} />
        </Form.Item>
      );
    case "enum":
      return (
        <Form.Item {...common} rules={required}>
          <RequiredOnInput>
            <Select
              id={id}
              disabled={disabled}
              allowClear={!field.required}
              options={(field.enumValues ?? []).map((value) => ({ value, label: value }))}
            />
          </RequiredOnInput>
        </Form.Item>
      );
    case "number":
      return (
        <Form.Item {...common} rules={[...required, ...rangeRules(field)]}>
          <InputNumber id={id} disabled={disabled} step={1} style={{ width: 200 }} />
        </Form.Item>
      );
    case "money":
      // Exact text (stringMode), never rounded on blur: a third decimal place is not typed at all,
      // and a pasted one is an error on the field, as it is on the server.
      return (
        <Form.Item
          {...common}
          rules={[
            ...required,
            ...rangeRules(field),
            {
              validator: async (_rule, value: unknown) => {
                if (value === null || value === undefined || value === "") return;
                if (!moneyText.test(String(value))) throw new Error(`${field.label}: at most 2 decimal places`);
              },
            },
          ]}
        >
          <InputNumber<string>
            id={id}
            disabled={disabled}
            stringMode
            min="0"
            step="0.01"
            inputMode="decimal"
            placeholder="0.00"
            onBeforeInput={keepTwoDecimals}
            style={{ width: 200 }}
          />
        </Form.Item>
      );
    case "date":
      return (
        <Form.Item {...common} rules={required}>
          <DatePicker id={id} showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabled={disabled} />
        </Form.Item>
      );
    case "json":
      return (
        <Form.Item {...common} tooltip="One per line">
          <Input.TextArea id={id} rows={3} disabled={disabled} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common} rules={required}>
          {longText.has(field.field) ? (
            <Input.TextArea id={id} rows={4} disabled={disabled} />
          ) : (
            <Input id={id} disabled={disabled} />
          )}
        </Form.Item>
      );
  }
}
