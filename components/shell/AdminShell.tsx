"use client";

import { useMemo, type ReactNode } from "react";
import { Refine } from "@refinedev/core";
import { RefineKbar, RefineKbarProvider } from "@refinedev/kbar";
import { ThemedLayout, ThemedSider, ThemedTitle, useNotificationProvider } from "@refinedev/antd";
import { routerProvider } from "@/components/refine/routerProvider";
import { App as AntdApp } from "antd";
import type { ResourceMeta } from "@/lib/resources/types";
import { accessControlFor } from "@/components/refine/accessControlProvider";
import { authProvider } from "@/components/refine/authProvider";
import { dataProvider } from "@/components/refine/dataProvider";
import { AdminContextProvider, type ShellActor } from "./AdminContext";
import { refineResources } from "./refineResources";
import { ShellHeader } from "./ShellHeader";
import { RecordSearch } from "./RecordSearch";
import { PeopleScope } from "@/components/people/PeopleScope";

/**
 * The sidebar, fixed to the viewport: its menu then has the viewport's height and scrolls inside it,
 * so every entry and Logout can be scrolled to above the collapse bar. (Not fixed, the sider grows
 * with the page and its lower entries sit under the collapse bar, which is fixed to the viewport.)
 */
const ViewportSider: typeof ThemedSider = (props) => <ThemedSider {...props} fixed />;

/**
 * The back office's client shell: Refine (data, access control, auth, router), antd's themed layout
 * with the resource sidebar and breadcrumbs, the Ctrl/⌘-K palette, and the signed-in staff member.
 * The server layout has already checked the session and computed `resources` for the role.
 */
export function AdminShell({
  actor,
  resources,
  children,
}: {
  actor: ShellActor;
  resources: ResourceMeta[];
  children: ReactNode;
}) {
  const accessControlProvider = useMemo(() => accessControlFor(actor.role), [actor.role]);
  const refineResourceList = useMemo(() => refineResources(resources), [resources]);
  const context = useMemo(() => ({ actor, resources }), [actor, resources]);
  return (
    <RefineKbarProvider>
      <AntdApp>
        <AdminContextProvider value={context}>
          {/* No <Suspense> around the screen: the layout is dynamic (useSearchParams needs none), and a
                boundary here would flush the HTML before a page's forbidden() could set the 403 status. */}
          <Refine
            routerProvider={routerProvider}
            dataProvider={dataProvider}
            authProvider={authProvider}
            accessControlProvider={accessControlProvider}
            notificationProvider={useNotificationProvider}
            resources={refineResourceList}
            options={{ syncWithLocation: false, warnWhenUnsavedChanges: false, disableTelemetry: true }}
          >
            <ThemedLayout
              Header={ShellHeader}
              Sider={ViewportSider}
              Title={({ collapsed }) => <ThemedTitle collapsed={collapsed} text="SaltBitter Back Office" />}
            >
              {children}
            </ThemedLayout>
            <RefineKbar />
            <RecordSearch />
            <PeopleScope staffId={actor.staffId} />
          </Refine>
        </AdminContextProvider>
      </AntdApp>
    </RefineKbarProvider>
  );
}
