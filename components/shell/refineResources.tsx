import type { ResourceProps } from "@refinedev/core";
import {
  AuditOutlined,
  BarChartOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  SafetyOutlined,
  TeamOutlined,
  TableOutlined,
} from "@ant-design/icons";
import type { ResourceMeta } from "@/lib/resources/types";

/** The path of a resource's screens (the folder name under app/(admin)). */
export const resourcePath = (name: string) => `/${name}`;

/**
 * Refine's resources: the registry's tables this role may list (from resourceMetadata(role) on the
 * server), then the screens that are not tables. Refine's access-control provider hides the
 * entries the role cannot open.
 */
export function refineResources(metas: ResourceMeta[]): ResourceProps[] {
  const tables: ResourceProps[] = metas.map((meta) => ({
    name: meta.name,
    list: resourcePath(meta.name),
    show: `${resourcePath(meta.name)}/show/:id`,
    ...(meta.can.edit ? { edit: `${resourcePath(meta.name)}/edit/:id` } : {}),
    ...(meta.can.create ? { create: `${resourcePath(meta.name)}/create` } : {}),
    meta: { label: meta.plural, icon: <TableOutlined />, canDelete: meta.can.delete },
  }));
  return [
    { name: "dashboard", list: "/", meta: { label: "Dashboard", icon: <DashboardOutlined /> } },
    ...tables,
    { name: "map", list: "/map", meta: { label: "Map", icon: <EnvironmentOutlined /> } },
    // The queue and take-action panel, named after the resource they read (reports), like Transparency.
    { name: "reports", list: "/moderation", meta: { label: "Moderation", icon: <FlagOutlined /> } },
    // Named after its capability, so the access-control provider needs no entry for it.
    {
      name: "transparency_report",
      list: "/moderation/transparency",
      meta: { label: "Transparency", icon: <BarChartOutlined /> },
    },
    { name: "compliance", meta: { label: "Compliance", icon: <SafetyOutlined /> } },
    { name: "compliance_consent", list: "/compliance/consent", meta: { label: "Consent", parent: "compliance" } },
    { name: "compliance_ai", list: "/compliance/ai", meta: { label: "AI transparency", parent: "compliance" } },
    {
      name: "compliance_audit",
      list: "/compliance/audit",
      meta: { label: "Audit log", parent: "compliance", icon: <AuditOutlined /> },
    },
    { name: "compliance_requests", list: "/compliance/requests", meta: { label: "Requests", parent: "compliance" } },
    { name: "staff", list: "/staff", meta: { label: "Staff", icon: <TeamOutlined /> } },
  ];
}
