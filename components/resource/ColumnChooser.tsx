"use client";

import { Button, Checkbox, Dropdown } from "antd";
import { SettingOutlined } from "@ant-design/icons";
import type { ListColumnMeta } from "@/lib/resources/types";

/** Which list columns are shown (kept per resource in localStorage by the caller). */
export function ColumnChooser({
  columns,
  hidden,
  onChange,
}: {
  columns: ListColumnMeta[];
  hidden: string[];
  onChange: (hidden: string[]) => void;
}) {
  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        items: columns.map((column) => ({
          key: column.field,
          label: (
            <Checkbox
              checked={!hidden.includes(column.field)}
              onChange={(event) =>
                onChange(event.target.checked ? hidden.filter((f) => f !== column.field) : [...hidden, column.field])
              }
            >
              {column.label}
            </Checkbox>
          ),
        })),
      }}
    >
      <Button icon={<SettingOutlined />}>Columns</Button>
    </Dropdown>
  );
}
