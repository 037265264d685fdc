"use client";

import { useEffect, useMemo, useState, type ReactNode } from "react";
import Link from "next/link";
import { List } from "@refinedev/antd";
import { useList } from "@refinedev/core";
import { Alert, Button, Card, Empty, Input, Space, Table, Tooltip, Typography } from "antd";
import type { CheckboxProps } from "antd";
import type { ColumnsType, SorterResult, SortOrder } from "antd/es/table/interface";
import type { RelatedTitles, ResourceMeta, ResourceRow } from "@/lib/resources/types";
import { EXACT_COUNT_LIMIT, MAX_OFFSET_ROWS } from "@/lib/resources/types";
import { counted, inSentence } from "@/lib/resources/labels";
import { selectionQuery, toQueryString } from "@/components/refine/listParams";
import { useResourceMeta } from "@/components/shell/AdminContext";
import { retryUnlessRefused } from "@/components/refine/queryRetry";
import { resourcePath } from "@/components/shell/refineResources";
import { BulkActions } from "./BulkActions";
import { ColumnChooser } from "./ColumnChooser";
import { ExportButton } from "./ExportButton";
import { FieldValue } from "./FieldValue";
import { FilterBar } from "./FilterBar";
import { PageTitle } from "./PageTitle";
import { useListState } from "./useListState";
import { useInitialListPage } from "./InitialListPage";
import { rememberPeople } from "@/components/people/peopleStore";
import type { PeopleById } from "@/lib/resources/people";

interface ListPage {
  data: ResourceRow[];
  total: number;
  totalIsEstimate?: boolean;
  nextCursor?: string | null;
  people?: PeopleById;
  titles?: RelatedTitles;
}

function useHiddenColumns(resource: string): [string[], (hidden: string[]) => void] {
  const key = `sb-hidden-columns:${resource}`;
  const [hidden, setHidden] = useState<string[]>([]);
  useEffect(() => {
    const stored = window.localStorage.getItem(key);
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (stored) setHidden(JSON.parse(stored) as string[]);
  }, [key]);
  return [
    hidden,
    (next) => {
      window.localStorage.setItem(key, JSON.stringify(next));
      setHidden(next);
    },
  ];
}

function TotalLabel({ total, estimate, meta }: { total: number; estimate: boolean; meta: ResourceMeta }) {
  if (!estimate) return <span data-testid="list-total">{counted(total, meta)}</span>;
  const why =
    total > EXACT_COUNT_LIMIT
      ? `more than ${EXACT_COUNT_LIMIT.toLocaleString("en-US")} rows match, so they are not counted exactly.`
      : "counting these rows exactly would read too much of the table.";
  return (
    <Tooltip title={`Estimated from the database planner's statistics: ${why}`}>
      <span data-testid="list-total">≈ {counted(total, meta)}</span>
    </Tooltip>
  );
}

/** What a row is called for a screen reader ("Select leon@example.com"): its title field, else its first column, else its id. */
function rowName(row: ResourceRow, meta: ResourceMeta): string {
  for (const field of [meta.titleField, meta.listColumns[0]?.field]) {
    const value = field ? row[field] : undefined;
    if ((typeof value === "string" && value) || typeof value === "number")
      return `${inSentence(meta.singular)} ${value}`;
  }
  return `${inSentence(meta.singular)} ${row.id}`;
}

/** A row checkbox's props naming it: antd passes aria-label on to the <input>, though its props type omits it. */
function checkboxNamed(name: string): Partial<CheckboxProps> {
  const props: Partial<CheckboxProps> & { "aria-label": string } = { "aria-label": name };
  return props;
}

/**
 * The list screen of any resource, driven by its registry metadata: server-side paging, sorting,
 * filters and search, all in the URL; a column chooser, CSV export and bulk actions where allowed.
 */
export function ResourceList({
  resource,
  toolbar,
  rowActions,
}: {
  resource: string;
  /** Extra content under the filters (e.g. payment totals), given the list's query string. */
  toolbar?: (query: string) => ReactNode;
  rowActions?: (row: ResourceRow) => ReactNode;
}) {
  const meta = useResourceMeta(resource);
  if (!meta) return <Alert type="warning" showIcon message="Your role cannot open this list." />;
  return <ResourceListView meta={meta} toolbar={toolbar} rowActions={rowActions} />;
}

function ResourceListView({
  meta,
  toolbar,
  rowActions,
}: {
  meta: ResourceMeta;
  toolbar?: (query: string) => ReactNode;
  rowActions?: (row: ResourceRow) => ReactNode;
}) {
  const [state, update] = useListState();
  const [hidden, setHidden] = useHiddenColumns(meta.name);
  const [selected, setSelected] = useState<string[]>([]);
  const [allMatching, setAllMatching] = useState(false);
  const query = toQueryString(state);
  const exportQuery = toQueryString(state, { forExport: true });

  // The page the server rendered with the HTML, for as long as the URL asks for that page.
  const initialPage = useInitialListPage(meta.name, query);
  useEffect(() => rememberPeople(initialPage?.people), [initialPage]);
  const { query: listQuery } = useList<ResourceRow>({
    resource: meta.name,
    pagination: { mode: "off" },
    meta: { query },
    queryOptions: {
      retry: retryUnlessRefused,
      initialData: initialPage,
      // Not fetched again as soon as it hydrates: the server read it a moment ago.
      staleTime: initialPage ? 15_000 : 0,
    },
    errorNotification: false,
  });
  const page = listQuery.data as ListPage | undefined;
  const rows = page?.data ?? [];
  const total = page?.total ?? 0;
  const estimate = page?.totalIsEstimate ?? false;
  const nextCursor = page?.nextCursor ?? null;
  const people = page?.people;
  const titles = page?.titles;

  // A new query is a new selection.
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSelected([]);
    setAllMatching(false);
  }, [exportQuery]);

  const relationOf = useMemo(
    () => new Map((meta.relations ?? []).map((relation) => [relation.field, relation.resource])),
    [meta.relations],
  );
  const sortField = state.sort ?? meta.defaultSort.field;
  const sortOrder = state.order ?? (state.sort ? "asc" : meta.defaultSort.order);

  const columns: ColumnsType<ResourceRow> = [
    ...meta.listColumns
      .filter((column) => !hidden.includes(column.field))
      .map((column, index) => ({
        key: column.field,
        dataIndex: column.field,
        title: column.label,
        sorter: column.sortable,
        sortOrder: (column.sortable && sortField === column.field
          ? sortOrder === "asc"
            ? "ascend"
            : "descend"
          : null) as SortOrder,
        render: (value: unknown, row: ResourceRow) => {
          const person = typeof value === "string" ? people?.[value] : undefined;
          return index === 0 && meta.can.show && !relationOf.has(column.field) ? (
            <Link href={`${resourcePath(meta.name)}/show/${row.id}`} prefetch={false}>
              <FieldValue kind={column.kind} value={value} person={person} />
            </Link>
          ) : (
            <FieldValue
              kind={column.kind}
              value={value}
              relation={relationOf.get(column.field)}
              person={person}
              recordTitle={typeof value === "string" ? titles?.[column.field]?.[value] : undefined}
            />
          );
        },
      })),
    {
      key: "_actions",
      title: "Actions",
      render: (_: unknown, row: ResourceRow) => (
        <Space>
          {meta.can.show && (
            <Link href={`${resourcePath(meta.name)}/show/${row.id}`} prefetch={false}>
              Show
            </Link>
          )}
          {meta.can.edit && (
            <Link href={`${resourcePath(meta.name)}/edit/${row.id}`} prefetch={false}>
              Edit
            </Link>
          )}
          {rowActions?.(row)}
        </Space>
      ),
    },
  ];

  const deepLimitReached = !state.cursor && state.page * state.pageSize >= MAX_OFFSET_ROWS;
  const bulkActions = meta.bulkActions ?? [];

  return (
    <List
      resource={meta.name}
      title={<PageTitle>{meta.plural}</PageTitle>}
      headerButtons={({ defaultButtons }) => (
        <Space wrap>
          <ColumnChooser columns={meta.listColumns} hidden={hidden} onChange={setHidden} />
          {meta.can.export && <ExportButton resource={meta.name} query={exportQuery} />}
          {defaultButtons}
        </Space>
      )}
    >
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Card size="small">
          <Space direction="vertical" style={{ width: "100%" }}>
            {meta.searchable && (
              <Input.Search
                key={state.q ?? ""}
                defaultValue={state.q}
                placeholder={`Search: ${meta.searchHint ?? ""}`}
                aria-label="Search"
                allowClear
                enterButton="Search"
                onSearch={(q) => update({ q: q.trim() || undefined })}
                style={{ maxWidth: 480 }}
              />
            )}
            {meta.filters.length > 0 && (
              <FilterBar
                filters={meta.filters}
                relations={meta.relations}
                active={state.filters}
                onApply={(filters) => update({ filters })}
              />
            )}
          </Space>
        </Card>
        {toolbar?.(exportQuery)}
        {listQuery.isError && (
          <Alert type="error" showIcon message="The list could not be loaded" description={listQuery.error?.message} />
        )}
        <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
          {page ? <TotalLabel total={total} estimate={estimate} meta={meta} /> : <span />}
          <BulkActions
            resource={meta.name}
            meta={meta}
            actions={bulkActions}
            selectedIds={selected}
            allMatching={allMatching}
            matchingQuery={selectionQuery(state)}
            total={total}
            totalIsEstimate={estimate}
            onSelectAllMatching={setAllMatching}
            onDone={() => {
              setSelected([]);
              setAllMatching(false);
            }}
          />
        </Space>
        <Table<ResourceRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={listQuery.isFetching}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={`No ${inSentence(meta.plural)} match these filters`} /> }}
          rowSelection={
            bulkActions.length
              ? {
                  getCheckboxProps: (row) => checkboxNamed(`Select ${rowName(row, meta)}`),
                  selectedRowKeys: allMatching ? rows.map((row) => row.id) : selected,
                  onChange: (keys) => {
                    setAllMatching(false);
                    setSelected(keys.map(String));
                  },
                }
              : undefined
          }
          onChange={(_pagination, _filters, sorter, extra) => {
            // antd calls this for paging too; paging is handled by `pagination.onChange`, and a second
            // URL update here would race it (and reset the page).
            if (extra.action !== "sort") return;
            const s = sorter as SorterResult<ResourceRow>;
            if (!s.columnKey || !s.order) update({ sort: undefined, order: undefined });
            else update({ sort: String(s.columnKey), order: s.order === "ascend" ? "asc" : "desc" });
          }}
          pagination={
            state.cursor
              ? false
              : {
                  current: state.page,
                  pageSize: state.pageSize,
                  total: Math.min(total, MAX_OFFSET_ROWS),
                  showSizeChanger: true,
                  pageSizeOptions: [10, 20, 50, 100],
                  onChange: (current, pageSize) =>
                    update(pageSize !== state.pageSize ? { page: 1, pageSize } : { page: current }),
                }
          }
        />
        {(state.cursor || deepLimitReached) && (
          <Space>
            <Typography.Text type="secondary">Page {state.page} (deep pages are reached one at a time)</Typography.Text>
            <Button onClick={() => update({ page: 1 })}>First page</Button>
            <Button
              disabled={!nextCursor}
              onClick={() => nextCursor && update({ page: state.page + 1, cursor: nextCursor })}
            >
              Next page
            </Button>
          </Space>
        )}
      </Space>
    </List>
  );
}
