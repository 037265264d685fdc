/**
 * Roles for antd's Radio.Group and Checkbox.Group (they pass role to their <div>, though their types
 * do not list it). A required Form.Item gives its control aria-required, which ARIA allows on a
 * radiogroup but not on a plain <div> (axe: aria-allowed-attr); the role also names the group.
 */
export const radioGroupRole = { role: "radiogroup" } as Record<string, string>;
export const groupRole = { role: "group" } as Record<string, string>;
