import { expect, type Locator, type Page } from "@playwright/test";

/** The staff sign-in page (/login). */
export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: "Sign in" });
    // antd's error alert (Next.js also renders an empty role="alert" route announcer).
    this.error = page.locator(".ant-alert-error");
  }

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  }

  async signIn(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  async expectRefused(message: string | RegExp) {
    await expect(this.error).toContainText(message);
  }
}
