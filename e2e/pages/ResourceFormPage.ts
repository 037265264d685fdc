import { expect, type Locator, type Page } from "@playwright/test";
import { openSelect, pickOption } from "./ResourceListPage";

/** A generic create/edit form (components/resource/ResourceForm.tsx). */
export class ResourceFormPage {
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.save = page.getByRole("button", { name: "Save" });
  }

  field(label: string): Locator {
    return this.page.locator("form").getByLabel(label, { exact: true });
  }

  async fill(label: string, value: string) {
    await this.field(label).fill(value);
  }

  /** antd DatePicker with time: type the value and confirm. */
  async fillDate(label: string, value: string) {
    const input = this.field(label);
    await input.click();
    await input.fill(value);
    await input.press("Enter");
  }

  async choose(label: string, option: string) {
    await openSelect(this.field(label));
    await pickOption(this.page, option);
  }

  /** The error message antd shows under a field. */
  fieldError(label: string): Locator {
    return this.page
      .locator(".ant-form-item")
      .filter({ has: this.page.locator("label", { hasText: new RegExp(`^${label}$`) }) })
      .locator(".ant-form-item-explain-error");
  }

  async submit() {
    await this.save.click();
  }

  async expectSavedAndShown(resource: string) {
    await this.page.waitForURL(new RegExp(`/${resource}/show/[0-9a-f-]{36}`));
    await expect(this.page.getByText(/saved/).first()).toBeVisible();
  }
}
