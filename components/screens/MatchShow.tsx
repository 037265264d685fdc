"use client";

import Link from "next/link";
import { useOne } from "@refinedev/core";
import { Card, Col, Row, Skeleton } from "antd";
import type { ResourceRow } from "@/lib/resources/types";
import { ResourceShow, RecordDescriptions } from "@/components/resource/ResourceShow";
import { useAdmin, useResourceMeta } from "@/components/shell/AdminContext";
import { mayReadMessageContent } from "@/lib/messageAccess";
import { retryUnlessRefused } from "@/components/refine/queryRetry";
import { PersonRef } from "@/components/people/PersonRef";

function MatchedUser({ id, title }: { id: string; title: string }) {
  const meta = useResourceMeta("users");
  const { query } = useOne<ResourceRow>({
    resource: "users",
    id,
    errorNotification: false,
    queryOptions: { enabled: !!meta, retry: retryUnlessRefused },
  });
  return (
    <Card
      title={
        <span style={{ display: "inline-flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
          {title}: <PersonRef id={id} />
        </span>
      }
      size="small"
      extra={
        <Link href={`/users/show/${id}`} prefetch={false} aria-label={`Open ${title}`}>
          Open
        </Link>
      }
    >
      {query.isLoading ? (
        <Skeleton active />
      ) : query.data && meta ? (
        <RecordDescriptions meta={meta} record={query.data.data} />
      ) : (
        "—"
      )}
    </Card>
  );
}

/** A match with both users side by side; its status is changed on the edit screen. */
export function MatchShow({ id }: { id: string }) {
  const { actor } = useAdmin();
  return (
    <ResourceShow resource="matches" id={id}>
      {(record) => (
        <Row gutter={16} style={{ marginTop: 16 }}>
          {mayReadMessageContent(actor.role) && (
            <Col span={24} style={{ marginBottom: 16 }}>
              {/* Asks for a reason, which is audited, before showing any message. */}
              <Link href={`/messages/conversation/${id}`}>Read conversation</Link>
            </Col>
          )}
          <Col xs={24} md={12}>
            <MatchedUser id={String(record.userAId)} title="User A" />
          </Col>
          <Col xs={24} md={12}>
            <MatchedUser id={String(record.userBId)} title="User B" />
          </Col>
        </Row>
      )}
    </ResourceShow>
  );
}
