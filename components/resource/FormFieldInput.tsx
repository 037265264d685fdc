"use client";

import { DatePicker, Form, Input, InputNumber, Select, Space, Switch } from "antd";
import type { FormFieldMeta } from "@/lib/resources/types";

const longText = new Set(["description", "bio"]);

/** The control for one form field, by kind; location is a lat/lng pair with range checks. */
export function FormFieldInput({ field, disabled }: { field: FormFieldMeta; disabled: boolean }) {
  const common = { label: field.label, name: field.field, htmlFor: `field-${field.field}` };
  const required = field.required ? [{ required: true, message: `${field.label} is required` }] : [];
  const id = `field-${field.field}`;
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
    case "boolean":
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch id={id} disabled={disabled} />
        </Form.Item>
      );
    case "enum":
      return (
        <Form.Item {...common} rules={required}>
          <Select
            id={id}
            disabled={disabled}
            allowClear={!field.required}
            options={(field.enumValues ?? []).map((value) => ({ value, label: value }))}
          />
        </Form.Item>
      );
    case "number":
    case "money":
      return (
        <Form.Item
          {...common}
          rules={[
            ...required,
            ...(field.min !== undefined || field.max !== undefined
              ? [
                  {
                    type: "number" as const,
                    min: field.min,
                    max: field.max,
                    message: `${field.label} must be between ${field.min ?? "-∞"} and ${field.max ?? "∞"}`,
                  },
                ]
              : []),
          ]}
        >
          <InputNumber id={id} disabled={disabled} step={field.kind === "money" ? 0.01 : 1} style={{ width: 200 }} />
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
