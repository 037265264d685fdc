"use client";

import { Flex, InputNumber, Select, Space, Typography } from "antd";
import { genders, styleFilters, type MapFilters } from "@/server/geo/schemas";

const tiers = ["free", "premium", "elite"] as const;

/** The map's filters; every change re-queries the view (and the visible total). */
export function FilterBar({ filters, onChange }: { filters: MapFilters; onChange: (filters: MapFilters) => void }) {
  const set = (patch: Partial<MapFilters>) => onChange({ ...filters, ...patch });
  const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
  return (
    <Flex gap={12} wrap align="center" data-testid="map-filters">
      <Select
        aria-label="Gender"
        placeholder="Any gender"
        allowClear
        style={{ width: 150 }}
        value={filters.gender}
        options={options(genders)}
        onChange={(gender) => set({ gender })}
      />
      <Space size={4}>
        <Typography.Text>Age</Typography.Text>
        <InputNumber
          aria-label="Minimum age"
          min={18}
          max={120}
          value={filters.minAge}
          onChange={(v) => set({ minAge: v ?? undefined })}
          style={{ width: 72 }}
        />
        <Typography.Text>–</Typography.Text>
        <InputNumber
          aria-label="Maximum age"
          min={18}
          max={120}
          value={filters.maxAge}
          onChange={(v) => set({ maxAge: v ?? undefined })}
          style={{ width: 72 }}
        />
      </Space>
      <Select
        aria-label="Subscription tier"
        placeholder="Any tier"
        allowClear
        style={{ width: 140 }}
        value={filters.tier}
        options={options(tiers)}
        onChange={(tier) => set({ tier })}
      />
      <Select
        aria-label="Verified"
        placeholder="Verified or not"
        allowClear
        style={{ width: 160 }}
        value={filters.verified === undefined ? undefined : String(filters.verified)}
        options={[
          { value: "true", label: "verified" },
          { value: "false", label: "not verified" },
        ]}
        onChange={(v?: string) => set({ verified: v === undefined ? undefined : v === "true" })}
      />
      <Select
        aria-label="Attachment style"
        placeholder="Any attachment style"
        allowClear
        style={{ width: 200 }}
        value={filters.style}
        options={styleFilters.map((v) => ({ value: v, label: v === "none" ? "no assessment" : v }))}
        onChange={(style) => set({ style })}
      />
    </Flex>
  );
}
