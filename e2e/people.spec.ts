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

test.describe("people, not ids", () => {
  // Each test opens a screen cold on a shared two-core machine.
  test.beforeEach(() => test.slow());

  test("the matches list shows both users by name, not by id", async ({ page, signIn, listPage }) => {
    await signIn("admin");
    const matches = listPage("matches");
    await page.goto("/matches");
    await expect(matches.total).toBeVisible({ timeout: 30_000 });
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

  test("the registrations list names each event by its title, linking to it", async ({ page, signIn, listPage }) => {
    await signIn("trust_safety");
    const registrations = listPage("event_registrations");
    await page.goto("/event_registrations");
    await expect(registrations.total).toBeVisible({ timeout: 30_000 });
    const body = await api<Page_<{ eventId: string }>>(page, "/api/resources/event_registrations");
    const first = body.data[0];
    // The event as its own page reads it: the list's cell must say the same title.
    const event = await api<{ data: { title: string } }>(page, `/api/resources/events/${first.eventId}`);
    const cell = (await registrations.columnValues("Event"))[0];
    expect(cell).toBe(event.data.title);
    expect(cell).not.toMatch(uuid);
    await expect(registrations.rows.first().getByRole("link", { name: event.data.title })).toHaveAttribute(
      "href",
      `/events/show/${first.eventId}`,
    );
  });

  test("the registrations list filters by an event chosen by its title, and says which after a reload", async ({
    page,
    signIn,
    listPage,
  }) => {
    await signIn("trust_safety");
    const registrations = listPage("event_registrations");
    await page.goto("/event_registrations");
    await expect(registrations.total).toBeVisible({ timeout: 30_000 });
    const body = await api<Page_<{ eventId: string }>>(page, "/api/resources/event_registrations");
    const eventId = body.data[0].eventId;
    const { data: event } = await api<{ data: { title: string } }>(page, `/api/resources/events/${eventId}`);
    // Type part of the title (its first word), pick the event by its whole title.
    const filter = page.getByRole("form", { name: "Filters" }).getByLabel("Event", { exact: true });
    await chooseUser(page, filter, event.title.split(" ")[0], event.title);
    await page.getByRole("button", { name: "Apply filters" }).click();
    // The event chosen (a title may repeat on other dates: any event of that title will do).
    await page.waitForURL((url) => !!url.searchParams.get("f.eventId.eq"));
    const chosen = new URL(page.url()).searchParams.get("f.eventId.eq") as string;
    expect((await api<{ data: { title: string } }>(page, `/api/resources/events/${chosen}`)).data.title).toBe(
      event.title,
    );
    // Once the filtered page has replaced the first one, every row is that event's (and there are rows).
    await expect
      .poll(async () => [...new Set(await registrations.columnValues("Event"))], { timeout: 20_000 })
      .toEqual([event.title]);
    await page.reload();
    await expect(
      page.getByRole("form", { name: "Filters" }).locator(".ant-select-selection-item").first(),
    ).toContainText(event.title);
  });

  test("the audit trail names the staff member who acted: by name for a compliance officer, by role for an analyst", async ({
    page,
    signIn,
    listPage,
  }) => {
    await signIn("compliance_officer");
    // An export is audited with its staff member: the newest audit row is this one.
    expect((await page.request.get("/api/exports/events")).ok()).toBe(true);
    const logs = listPage("compliance_logs");
    await page.goto("/compliance_logs?f.actionType.eq=staff.events.export");
    await expect(logs.total).toBeVisible({ timeout: 30_000 });
    expect((await logs.columnValues("Staff"))[0]).toBe("Cora Compliance (compliance officer)");

    await signIn("analyst");
    await page.goto("/compliance_logs?f.actionType.eq=staff.events.export");
    await expect(logs.total).toBeVisible({ timeout: 30_000 });
    const analystSees = (await logs.columnValues("Staff"))[0];
    expect(analystSees).toBe("Compliance officer");
    expect(analystSees).not.toMatch(uuid);
  });

  test("the registration form's user select finds a user by part of the email", async ({ page, signIn }) => {
    await signIn("trust_safety");
    // An upcoming seeded event with a free seat, and a user not registered for it.
    const events = await api<Page_<{ id: string; startTime: string; capacity: number }>>(
      page,
      "/api/resources/events?sort=startTime&order=desc&pageSize=50",
    );
    let chosen: { event: string; taken: number; capacity: number; registered: Set<string> } | undefined;
    for (const event of events.data.filter((e) => new Date(e.startTime) > new Date())) {
      const registrations = await api<Page_<{ userId: string }> & { total: number }>(
        page,
        `/api/resources/event_registrations?f.eventId.eq=${event.id}&f.status.ne=canceled&pageSize=100`,
      );
      if (registrations.total < event.capacity && registrations.total <= 100) {
        const registered = new Set(registrations.data.map((r) => r.userId));
        chosen = { event: event.id, taken: registrations.total, capacity: event.capacity, registered };
        break;
      }
    }
    expect(chosen, "an upcoming event with a free seat").toBeDefined();
    const { event, taken, capacity, registered } = chosen!;
    const users = await api<Page_<{ id: string; email: string }>>(page, "/api/resources/users?pageSize=50");
    const user = users.data.find((u) => users.people[u.id]?.name && !registered.has(u.id));
    expect(user, "a seeded user with a profile").toBeDefined();
    const name = users.people[user!.id].name as string;
    const part = user!.email.split("@")[0];

    await page.goto(`/events/show/${event}`);
    await expect(page.getByTestId("event-seats")).toContainText(`${taken} of ${capacity} seats taken`, {
      timeout: 30_000,
    });
    await chooseUser(page, page.getByLabel("User", { exact: true }), part, name);
    await page.getByRole("button", { name: "Register user" }).click();
    await expect(page.getByTestId("event-seats")).toContainText(`${taken + 1} of ${capacity} seats taken`);
    await expect(page.locator(".ant-table-tbody").getByRole("link", { name }).first()).toBeVisible();
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
    // The heading names the person once the user's record (with everything related) has loaded.
    await expect(page.getByTestId("record-title")).toContainText(name, { timeout: 30_000 });
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
