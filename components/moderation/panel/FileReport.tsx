"use client";

import { useState } from "react";
import { Alert, Button, Form, Input, Modal, Radio, Select } from "antd";
import { reportCategories, type ReportCategory } from "@/db/schema/enums";
import { categoryRules } from "@/server/moderation/queueRules";
import { fileReport } from "@/server/moderation/reportActions";
import { RequiredOnInput } from "@/components/resource/RequiredOnInput";
import { radioGroupRole } from "./ariaRoles";

interface Values {
  category: ReportCategory;
  subjectKind: "user" | "profile";
  text: string;
}

/** "File a report": a staff notice about this account (source staff), which joins the queue. */
export function FileReport({ subjectUserId, onFiled }: { subjectUserId: string; onFiled: () => void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const values = await form.validateFields();
    setBusy(true);
    const result = await fileReport({ subjectUserId, ...values });
    setBusy(false);
    if (!result.ok) {
      const errors = Object.entries(result.error.fieldErrors ?? {});
      form.setFields(errors.map(([name, message]) => ({ name: name as keyof Values, errors: [message] })));
      setProblem(errors.length ? null : result.error.message);
      return;
    }
    setOpen(false);
    form.resetFields();
    onFiled();
  }

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        File a report
      </Button>
      <Modal
        open={open}
        title="File a staff report about this account"
        okText="File report"
        onOk={submit}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 8 }} />}
        <Form form={form} name="file-report" layout="vertical" initialValues={{ subjectKind: "user" }}>
          <Form.Item name="category" label="Category" rules={[{ required: true, message: "Choose a category" }]}>
            <RequiredOnInput>
              <Select options={reportCategories.map((c) => ({ value: c, label: categoryRules[c].label }))} />
            </RequiredOnInput>
          </Form.Item>
          <Form.Item name="subjectKind" label="About">
            <Radio.Group
              {...radioGroupRole}
              aria-label="About"
              options={[
                { value: "user", label: "The account" },
                { value: "profile", label: "The profile" },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="text"
            label="What you saw"
            rules={[{ required: true, whitespace: true, message: "Describe what you saw" }]}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
