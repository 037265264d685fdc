"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Create, Edit } from "@refinedev/antd";
import { useCreate, useOne, useUpdate, type HttpError } from "@refinedev/core";
import { Alert, App, Form } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { FormFieldMeta, ResourceMeta, ResourceRow } from "@/lib/resources/types";
import { inSentence } from "@/lib/resources/labels";
import { useResourceMeta } from "@/components/shell/AdminContext";
import { isNotFound, retryUnlessRefused } from "@/components/refine/queryRetry";
import { resourcePath } from "@/components/shell/refineResources";
import { FormFieldInput } from "./FormFieldInput";
import { PageTitle } from "./PageTitle";
import { RecordNotFound } from "./RecordNotFound";

type FormValues = Record<string, unknown>;

/** A stored record → form values (dates as dayjs, photo lists as lines). */
function toFormValues(fields: FormFieldMeta[], record: ResourceRow): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = record[field.field];
    if (field.kind === "date") values[field.field] = value ? dayjs(String(value)) : null;
    // Money stays the exact text the server sent ("10.50"): the input is in string mode.
    else if (field.kind === "money") values[field.field] = value === null || value === undefined ? null : String(value);
    else if (field.kind === "json" && Array.isArray(value)) values[field.field] = value.join("\n");
    else values[field.field] = value;
  }
  return values;
}

/** Form values → the action's input: only editable fields; empty optional fields become null. */
function toInput(fields: FormFieldMeta[], values: FormValues, mode: "create" | "edit"): FormValues {
  const input: FormValues = {};
  for (const field of fields) {
    if (mode === "edit" && field.readOnlyOnEdit) continue;
    let value = values[field.field];
    if (value === undefined) continue;
    if (dayjs.isDayjs(value)) value = (value as Dayjs).toISOString();
    if (field.kind === "json" && typeof value === "string")
      value = value
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
    if (value === "" || value === null) {
      if (mode === "create" && !field.required) continue;
      value = null;
    }
    input[field.field] = value;
  }
  return input;
}

/** Create or edit any resource from its registry form fields; server field errors land under their field. */
export function ResourceForm({ resource, id }: { resource: string; id?: string }) {
  const meta = useResourceMeta(resource);
  if (!meta) return <Alert type="warning" showIcon message="Your role cannot open this screen." />;
  const allowed = id ? meta.can.edit : meta.can.create;
  if (!allowed)
    return (
      <Alert
        type="warning"
        showIcon
        message={`Your role cannot ${id ? "edit" : "create"} ${inSentence(meta.plural)}.`}
      />
    );
  return <ResourceFormView meta={meta} id={id} />;
}

function ResourceFormView({ meta, id }: { meta: ResourceMeta; id?: string }) {
  const mode = id ? "edit" : "create";
  const router = useRouter();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const fields = meta.formFields;
  const { query } = useOne<ResourceRow>({
    resource: meta.name,
    id: id ?? "",
    queryOptions: { enabled: mode === "edit", retry: retryUnlessRefused },
    errorNotification: false,
  });
  const { mutateAsync: create } = useCreate();
  const [saving, setSaving] = useState(false);
  const { mutateAsync: update } = useUpdate();
  const record = query.data?.data;

  useEffect(() => {
    if (record) form.setFieldsValue(toFormValues(fields, record) as Parameters<typeof form.setFieldsValue>[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [record, form]);

  async function submit(values: FormValues) {
    setFormError(null);
    setSaving(true);
    const input = toInput(fields, values, mode);
    try {
      const options = {
        resource: meta.name,
        values: input,
        successNotification: false as const,
        errorNotification: false as const,
      };
      const result = mode === "create" ? await create(options) : await update({ ...options, id: id as string });
      message.success(`${meta.singular} saved`);
      const savedId = (result.data as ResourceRow).id ?? id;
      router.push(`${resourcePath(meta.name)}/show/${savedId}`);
    } catch (error) {
      const httpError = error as HttpError;
      const fieldErrors = (httpError.errors ?? {}) as Record<string, string>;
      const known = new Set(fields.map((f) => f.field));
      form.setFields(
        Object.entries(fieldErrors)
          .filter(([name]) => known.has(name.split(".")[0]))
          .map(([name, problem]) => ({ name: name.includes(".") ? name.split(".") : name, errors: [problem] })),
      );
      const unplaced = Object.entries(fieldErrors).filter(([name]) => !known.has(name.split(".")[0]));
      setFormError(unplaced.length ? unplaced.map(([, p]) => p).join("; ") : httpError.message);
    } finally {
      setSaving(false);
    }
  }

  // No record, no form: an empty form for a record that does not exist would invite typing into nothing.
  if (mode === "edit" && isNotFound(query.error))
    return <RecordNotFound resource={meta.name} message={query.error?.message} />;
  const ready = mode === "create" || !!record;
  const body = (
    <>
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} role="alert" />}
      {query.isError && !record && (
        <Alert type="error" showIcon role="alert" message={query.error?.message ?? "Could not load the record"} />
      )}
      {ready && (
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 640 }}>
          {fields.map((field) => (
            <FormFieldInput
              key={field.field}
              field={field}
              disabled={mode === "edit" && !!field.readOnlyOnEdit}
              relation={meta?.relations?.find((r) => r.field === field.field)?.resource}
            />
          ))}
        </Form>
      )}
    </>
  );
  // goBack={false} below: Refine nests its back button inside a role="button" <div> (nested
  // interactive, and the keyboard cannot reach the outer one); the breadcrumb leads back instead.
  const saveButtonProps = { onClick: () => form.submit(), loading: saving, disabled: saving || !ready };
  return mode === "create" ? (
    <Create
      resource={meta.name}
      saveButtonProps={saveButtonProps}
      title={<PageTitle>{`New ${inSentence(meta.singular)}`}</PageTitle>}
      goBack={false}
    >
      {body}
    </Create>
  ) : (
    <Edit
      resource={meta.name}
      recordItemId={id}
      isLoading={query.isLoading}
      saveButtonProps={saveButtonProps}
      canDelete={meta.can.delete}
      title={<PageTitle>{`Edit ${inSentence(meta.singular)}`}</PageTitle>}
      goBack={false}
    >
      {body}
    </Edit>
  );
}
