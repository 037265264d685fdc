"use client";

import { cloneElement, useEffect, useRef, type ReactElement } from "react";

type ControlProps = Record<string, unknown> & { "aria-required"?: boolean | "true" | "false" };

/**
 * Between a required Form.Item and an antd 5 Select (or a control built on it): Form.Item gives its
 * child `aria-required`, and Select puts it on its root <div> too, where ARIA does not allow it
 * (axe: aria-allowed-attr, critical; ant-design/ant-design#46030, fixed only in antd 6). This takes
 * the attribute off the props, passes everything else (value, onChange, id…) on, and sets it on the
 * control's own input (role="combobox"), where a screen reader announces "required".
 *
 *   <Form.Item name="role" rules={[{ required: true }]}>
 *     <RequiredOnInput><Select options={…} /></RequiredOnInput>
 *   </Form.Item>
 */
export function RequiredOnInput({
  children,
  "aria-required": ariaRequired,
  ...fromFormItem
}: ControlProps & { children: ReactElement<ControlProps> }) {
  const box = useRef<HTMLSpanElement>(null);
  const required = ariaRequired === true || ariaRequired === "true";
  useEffect(() => {
    const input = box.current?.querySelector("input");
    if (!input) return;
    if (required) input.setAttribute("aria-required", "true");
    else input.removeAttribute("aria-required");
  }, [required]);
  // display: contents: the wrapper takes no box, so the control lays out as if it were alone.
  return (
    <span ref={box} style={{ display: "contents" }}>
      {/* As Form.Item does: its value and handlers win, but an id the control names itself stays (its label points there). */}
      {cloneElement(children, { ...fromFormItem, id: children.props.id ?? fromFormItem.id })}
    </span>
  );
}
