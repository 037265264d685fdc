import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { chooseUser, personRefs } from "./pages/People";

/** People, not ids: lists name the users they reference, forms find users as you type, Ctrl-K finds records. */

interface Person {
  id: string;
  name: string | null;
  email: string | null;
}
interface Page_<Row> {
  data: Row[];
  people: Record<string, Person>;
}

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.ok(), `${path} → ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{8}…/;

/** A datetime for the antd DatePicker's "YYYY-MM-DD HH:mm" input, days from now. */
const inDays = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(hour)}:00`;
};

test.describe("people, not ids", () => {
  test("the matches list shows both users by name, not by id", async ({ page, signIn, listPage }) => {
    await signIn("admin");
    const matches = listPage("matches");
    await matches.goto();
    const body = await api<Page_<{ id: string; userAId: string; userBId: string }>>(page, "/api/resources/matches");
    const first = body.data[0];
    const [nameA, nameB] = [body.people[first.userAId].name, body.people[first.userBId].name];
    expect(nameA && nameB, "seeded users have profiles").toBeTruthy();

    const row = matches.rows.first();
    const [cellA, cellB] = [(await matches.columnValues("User A"))[0], (await matches.columnValues("User B"))[0]];
    expect(cellA).toContain(nameA);
    expect(cellB).toContain(nameB);
    expect(cellA).not.toMatch(uuid);
    expect(cellB).not.toMatch(uuid);
    // The id is still there for whoever needs it: on hover, and the name links to the user's page.
    await expect(personRefs(row).first()).toHaveAttribute("title", `User id ${first.userAId}`);
    await expect(row.getByRole("link", { name: nameA as string })).toHaveAttribute(
      "href",
      `/users/show/${first.userAId}`,
    );
  });

  test("the registration form's user select finds a user by part of the email", async ({ page, signIn, formPage }) => {
    test.slow();
    await signIn("trust_safety");
    await page.goto("/events/create");
    await formPage.fill("Title", "E2E people workshop");
    await formPage.choose("Type", "workshop");
    await formPage.fillDate("Start Time", inDays(14, 10));
    await formPage.fillDate("End Time", inDays(14, 12));
    await formPage.fill("Capacity", "5");
    await formPage.submit();
    await formPage.expectSavedAndShown("events");

    const users = await api<Page_<{ id: string; email: string }>>(page, "/api/resources/users?pageSize=20");
    const user = users.data.find((u) => users.people[u.id]?.name && !u.email.startsWith("erased-"));
    expect(user, "a seeded user with a profile").toBeDefined();
    const name = users.people[user!.id].name as string;
    const part = user!.email.split("@")[0];

    await chooseUser(page, page.getByLabel("User", { exact: true }), part, name);
    await page.getByRole("button", { name: "Register user" }).click();
    await expect(page.getByTestId("event-seats")).toContainText("1 of 5 seats taken");
    await expect(page.locator(".ant-table-tbody").getByRole("link", { name })).toBeVisible();
  });

  test("Ctrl-K with a pasted user id jumps to that user", async ({ page, signIn, shell }) => {
    await signIn("admin");
    const users = await api<Page_<{ id: string }>>(page, "/api/resources/users?pageSize=5");
    const user = users.data.find((u) => users.people[u.id]?.name) ?? users.data[0];
    const name = users.people[user.id].name as string;

    await page.goto("/");
    await shell.waitForHydration();
    await page.keyboard.press("Control+k");
    const search = page.getByPlaceholder("Type a command or search…");
    await expect(search).toBeVisible();
    await search.fill(user.id);
    await expect(page.getByRole("option").filter({ hasText: name }).first()).toBeVisible({ timeout: 15_000 });
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === `/users/show/${user.id}`);
    await expect(page.getByTestId("record-title")).toContainText(name);
  });

  test("a user's page is titled by the person's name; an analyst's by initials", async ({ page, signIn }) => {
    await signIn("admin");
    const users = await api<Page_<{ id: string }>>(page, "/api/resources/users?pageSize=5");
    const user = users.data.find((u) => users.people[u.id]?.name) ?? users.data[0];
    const name = users.people[user.id].name as string;
    await page.goto(`/users/show/${user.id}`);
    await expect(page).toHaveTitle(`${name} — user`);

    await signIn("analyst");
    const masked = await api<Page_<{ id: string }>>(page, `/api/resources/users/${user.id}`);
    const initials = masked.people[user.id].name as string;
    expect(initials).toMatch(/^\p{Lu}\.( \p{Lu}\.)?$/u);
    await page.goto(`/users/show/${user.id}`);
    await expect(page).toHaveTitle(`${initials} — user`);
    expect(await page.title()).not.toContain(name);
  });
});
