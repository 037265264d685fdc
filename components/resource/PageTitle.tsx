import { Typography } from "antd";

/**
 * A page header's title for Refine's List, Create, Edit and Show. Given a plain string, Refine also
 * renders the (absent) subtitle as an empty <h5>, which a screen reader announces as a heading
 * with no name; given this node it renders the title alone, looking the same.
 */
export function PageTitle({ children }: { children: string }) {
  return (
    <Typography.Title level={4} style={{ marginBottom: 0 }}>
      {children}
    </Typography.Title>
  );
}
