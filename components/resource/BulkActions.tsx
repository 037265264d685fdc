"use client";

import { App, Button, Space, Typography } from "antd";
import { useInvalidate } from "@refinedev/core";
import { BULK_SELECTION_LIMIT } from "@/lib/resources/types";
import { counted } from "@/lib/resources/labels";
import { bulkAction } from "@/server/actions/resourceActions";

const labels: Record<string, { verb: string; button: string }> = {
  verify: { verb: "verify", button: "Verify" },
  cancel: { verb: "cancel", button: "Cancel registrations" },
};

/**
 * Bulk actions on the selected rows, or on every row matching the filters ("select all N
 * matching", up to BULK_SELECTION_LIMIT; the server re-counts and refuses if the set changed).
 */
export function BulkActions({
  resource,
  meta,
  actions,
  selectedIds,
  allMatching,
  matchingQuery,
  total,
  totalIsEstimate,
  onSelectAllMatching,
  onDone,
}: {
  resource: string;
  /** How the records are called, for the confirmation ("3 users"). */
  meta: { singular: string; plural: string };
  actions: string[];
  selectedIds: string[];
  allMatching: boolean;
  matchingQuery: Record<string, string>;
  total: number;
  totalIsEstimate: boolean;
  onSelectAllMatching: (all: boolean) => void;
  onDone: () => void;
}) {
  const { modal, message } = App.useApp();
  const invalidate = useInvalidate();
  const count = allMatching ? total : selectedIds.length;
  const canSelectAll = !totalIsEstimate && total > selectedIds.length && total <= BULK_SELECTION_LIMIT;

  function run(action: string) {
    const label = labels[action] ?? { verb: action, button: action };
    modal.confirm({
      title: `${label.button}: ${counted(count, meta)}?`,
      content: `This will ${label.verb} ${counted(count, meta)} and is recorded in the audit log.`,
      okText: label.button,
      onOk: async () => {
        const result = await bulkAction(
          resource,
          action as "verify" | "cancel",
          allMatching ? { query: matchingQuery, expectedCount: total } : { ids: selectedIds },
        );
        if (!result.ok) {
          message.error(result.error.fieldErrors?.selection ?? result.error.message);
          return;
        }
        message.success(`${result.data.changed} of ${result.data.matched} changed`);
        await invalidate({ resource, invalidates: ["list", "detail"] });
        onDone();
      },
    });
  }

  if (!actions.length || (selectedIds.length === 0 && !allMatching)) return null;
  return (
    <Space wrap data-testid="bulk-actions">
      <Typography.Text>
        {allMatching ? `All ${total.toLocaleString()} matching selected` : `${selectedIds.length} selected`}
      </Typography.Text>
      {canSelectAll && !allMatching && (
        <Button type="link" onClick={() => onSelectAllMatching(true)}>
          Select all {total.toLocaleString()} matching
        </Button>
      )}
      {allMatching && (
        <Button type="link" onClick={() => onSelectAllMatching(false)}>
          Clear selection
        </Button>
      )}
      {actions.map((action) => (
        <Button key={action} type="primary" onClick={() => run(action)}>
          {labels[action]?.button ?? action}
        </Button>
      ))}
    </Space>
  );
}
