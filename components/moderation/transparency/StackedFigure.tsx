"use client";

import { useId } from "react";
import { Card, Table } from "antd";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColours } from "./labels";

export interface StackedRow {
  key: string;
  label: string;
  total: number;
  parts: Record<string, number>;
}

/**
 * One figure of the report: a stacked bar chart and, as its text equivalent, the same numbers as a
 * table (the chart is hidden from screen readers; the table is what they read, and what anyone can
 * copy). The caption names both.
 */
export function StackedFigure({
  title,
  rows,
  series,
  rowHeader,
}: {
  title: string;
  rows: StackedRow[];
  /** The stacked parts: key in `parts` and its label, in stacking order. */
  series: { key: string; label: string }[];
  rowHeader: string;
}) {
  const captionId = useId();
  const data = rows.map((r) => ({ label: r.label, ...r.parts }));
  return (
    <Card size="small" title={<span id={captionId}>{title}</span>}>
      <figure aria-labelledby={captionId} style={{ margin: 0 }}>
        <div aria-hidden="true">
          <ResponsiveContainer width="100%" height={280}>
            {/* No keyboard layer in the chart: the table below is what keyboard and screen-reader users read. */}
            <BarChart data={data} margin={{ left: 8, right: 8 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" interval={0} angle={-20} textAnchor="end" height={70} tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {series.map((s, i) => (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stackId="all"
                  fill={seriesColours[i % seriesColours.length]}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Table<StackedRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>Total</strong>
              </Table.Summary.Cell>
              {series.map((s, i) => (
                <Table.Summary.Cell key={s.key} index={i + 1} align="right">
                  {rows.reduce((sum, r) => sum + (r.parts[s.key] ?? 0), 0)}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={series.length + 1} align="right">
                <strong>{rows.reduce((sum, r) => sum + r.total, 0)}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
          columns={[
            { title: rowHeader, dataIndex: "label" },
            ...series.map((s) => ({
              title: s.label,
              key: s.key,
              align: "right" as const,
              render: (_: unknown, r: StackedRow) => r.parts[s.key] ?? 0,
            })),
            { title: "Total", dataIndex: "total", align: "right" as const },
          ]}
        />
      </figure>
    </Card>
  );
}
