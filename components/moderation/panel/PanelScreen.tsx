"use client";

import { useEffect } from "react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Alert, App, Button, Col, Result, Row, Skeleton, Space, Typography } from "antd";
import type { ModerationActionKind } from "@/db/schema/enums";
import { displayName, restrictionLabel } from "@/lib/resources/people";
import type { PanelData } from "@/server/moderation/panel";
import { queueTabs, type QueueTab } from "@/server/moderation/queueRules";
import { claimNextQueueItem } from "@/server/moderation/claimActions";
import { useAdmin } from "@/components/shell/AdminContext";
import { queryString, useJson } from "@/components/compliance/useJson";
import { panelHref } from "../queue/QueueScreen";
import { personRestriction } from "../queue/SubjectPerson";
import { actionKindLabels } from "../queue/labels";
import { AccountCard } from "./AccountCard";
import { ActionForm } from "./ActionForm";
import { HistoryCard } from "./HistoryCard";
import { ReportsCard } from "./ReportsCard";
import { SubjectCard } from "./SubjectCard";
import { useClaim, type ClaimState } from "./useClaim";

const filterNames = ["category", "source", "age"] as const;

function ClaimBanner({ state, onRelease, onClaim }: { state: ClaimState; onRelease: () => void; onClaim: () => void }) {
  switch (state.status) {
    case "mine":
      return (
        <Alert
          type="success"
          showIcon
          data-testid="claim-banner"
          message="You are working on this item. Your claim lapses after 15 minutes without activity."
          action={
            <Button size="small" onClick={onRelease}>
              Release
            </Button>
          }
        />
      );
    case "held":
      return <Alert type="warning" showIcon data-testid="claim-banner" message={state.message} />;
    case "released":
      return (
        <Alert
          type="info"
          showIcon
          data-testid="claim-banner"
          message="This item is not claimed by you."
          action={
            <Button size="small" onClick={onClaim}>
              Claim
            </Button>
          }
        />
      );
    case "error":
      return <Alert type="error" showIcon message={state.message} />;
    default:
      return null;
  }
}

/**
 * The take-action panel (issue #10): on the left the subject (profile, photos, reports, the reported
 * message in its conversation), on the right what to do and the account's whole history. Opening it
 * claims the item; "Submit & next" decides and opens the next item of the same queue, claimed.
 */
export function PanelScreen({ subjectUserId }: { subjectUserId: string }) {
  const { actor } = useAdmin();
  const { message } = App.useApp();
  const router = useRouter();
  const params = useSearchParams();
  const tabParam = params.get("tab");
  const tab: QueueTab = (queueTabs as readonly string[]).includes(tabParam ?? "")
    ? (tabParam as QueueTab)
    : "unreviewed";
  const filters = Object.fromEntries(filterNames.flatMap((n) => (params.get(n) ? [[n, params.get(n)!]] : [])));
  const appealId = params.get("appeal");
  const { data: payload, error, reload } = useJson<{ data: PanelData }>(`/api/moderation/subjects/${subjectUserId}`);
  const data = payload?.data ?? null;
  const mayClaim = data?.may.claim ?? false;
  const claim = useClaim(subjectUserId, mayClaim);

  useEffect(() => {
    if (data && appealId) document.getElementById(`appeal-${appealId}`)?.scrollIntoView({ block: "center" });
  }, [data, appealId]);

  const backToQueue = `/moderation?${queryString({ tab, ...filters })}`;

  async function onDecided({ kind, next }: { kind: ModerationActionKind; next: boolean }) {
    message.success(`${actionKindLabels[kind]}: recorded`);
    if (kind !== "comment") claim.released();
    if (!next) return reload();
    const result = await claimNextQueueItem({
      tab: tab === "resolved" ? "unreviewed" : tab,
      ...filters,
      after: subjectUserId,
    });
    if (!result.ok) {
      message.error(result.error.message);
      return reload();
    }
    if (!result.data.subjectUserId) {
      message.info("That was the last item in this queue.");
      return router.push(backToQueue);
    }
    router.push(panelHref(result.data.subjectUserId, tab, filters, result.data.appealId ?? undefined));
  }

  if (error && !data) return <Result status="warning" title="The panel could not be loaded" subTitle={error} />;
  if (!data) return <Skeleton active />;

  const restriction = personRestriction(data.restriction);
  const disabled =
    claim.state.status === "held" ? `${claim.state.message} Wait until they release it or their claim lapses.` : null;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Take action: {displayName(data.person)}
        </Typography.Title>
        <Link href={backToQueue}>Back to the queue</Link>
      </Space>
      <Alert
        type={restriction ? "warning" : "info"}
        showIcon
        data-testid="panel-restriction"
        message={restriction ? `Current restriction: ${restrictionLabel(restriction)}` : "No restriction in force."}
      />
      <ClaimBanner state={claim.state} onRelease={() => void claim.release()} onClaim={() => void claim.claim()} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Space direction="vertical" style={{ width: "100%" }} size="middle">
            <SubjectCard data={data} />
            <ReportsCard data={data} onChanged={reload} />
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Space direction="vertical" style={{ width: "100%" }} size="middle">
            {data.may.act ? (
              <ActionForm key={`${data.person.id}-${data.now}`} data={data} disabled={disabled} onDecided={onDecided} />
            ) : (
              <Alert
                type="info"
                showIcon
                message={`Your role (${actor.role.replace("_", " ")}) reads this panel; decisions are for trust & safety and admins.`}
              />
            )}
            <HistoryCard data={data} staffId={actor.staffId} onChanged={reload} />
            <AccountCard data={data} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
