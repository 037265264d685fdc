import { expect, test } from "./fixtures";

/**
 * Reading private messages (issue #9 §2, #12): the messages list shows who wrote to whom and when,
 * never the text, and says why there is no content search; a conversation opens only after a
 * reason, each opening is one audit row, and roles that may not read content are refused.
 */
const auditQuery = "/api/resources/compliance_logs?pageSize=1&f.actionType.eq=staff.messages.read_conversation";

async function readingsLogged(request: import("@playwright/test").APIRequestContext): Promise<number> {
  const body = (await (await request.get(auditQuery)).json()) as { total: number };
  return body.total;
}

test.describe("conversation view", () => {
  test("admin: no content in the list, a reason before reading, one audit row per opening", async ({
    page,
    signIn,
    listPage,
  }) => {
    await signIn("admin");
    const messages = listPage("messages");
    await messages.goto();
    await expect(page.getByText("Message content is encrypted; search by sender, receiver or date.")).toBeVisible();
    await expect(page.getByRole("searchbox")).toHaveCount(0);
    await expect(page.getByRole("columnheader", { name: /content/i })).toHaveCount(0);
    const before = await readingsLogged(page.request);

    await messages.rows.first().getByRole("button", { name: "Conversation" }).click();
    await expect(page).toHaveURL(/\/messages\/conversation\/[0-9a-f-]{36}$/);
    const opener = page.getByRole("button", { name: "Open conversation" });
    await opener.click();
    await expect(page.getByText("Reason is required: say why you need to read these messages")).toBeVisible();
    await expect(page.getByTestId("conversation-message")).toHaveCount(0);
    expect(await readingsLogged(page.request)).toBe(before);

    await page.getByLabel("Reason").fill("Report #4711: harassment claim, e2e check");
    await opener.click();
    await expect(page.getByText("This opening is recorded in the audit log with your reason.")).toBeVisible();
    await expect(page.getByTestId("conversation-message").first()).toBeVisible();
    await expect(page.getByText(/^\[unreadable/)).toHaveCount(0);
    expect(await readingsLogged(page.request)).toBe(before + 1);

    // Closing forgets the content; reading again needs a reason again and is logged again.
    await page.getByRole("button", { name: "Close conversation" }).click();
    await expect(page.getByTestId("conversation-message")).toHaveCount(0);
    await page.getByLabel("Reason").fill("Second look for the appeal, e2e check");
    await opener.click();
    await expect(page.getByTestId("conversation-message").first()).toBeVisible();
    expect(await readingsLogged(page.request)).toBe(before + 2);
  });

  test("the match page links to its conversation for trust & safety", async ({ page, signIn, listPage }) => {
    await signIn("trust_safety");
    const matches = listPage("matches");
    await matches.goto("f.status.eq=matched");
    const id = await matches.rows.first().getAttribute("data-row-key");
    expect(id).toBeTruthy();
    await page.goto(`/matches/show/${id}`);
    await page.getByRole("link", { name: "Read conversation" }).click();
    await expect(page).toHaveURL(new RegExp(`/messages/conversation/${id}$`));
    await expect(page.getByLabel("Reason")).toBeVisible();
  });

  test("analysts are refused, on screen and by the server", async ({ page, signIn }) => {
    await signIn("analyst");
    const list = (await (await page.request.get("/api/resources/matches?pageSize=1")).json()) as {
      data: { id: string }[];
    };
    const matchId = list.data[0].id;
    await page.goto(`/messages/conversation/${matchId}`);
    await expect(page.getByText("No access to message content")).toBeVisible();
    await expect(page.getByLabel("Reason")).toHaveCount(0);
    const response = await page.request.post(`/api/conversations/${matchId}`, {
      data: { reason: "Curious about this one, e2e" },
    });
    expect(response.status()).toBe(403);
    await page.goto("/messages");
    await expect(page.getByText("Message content is encrypted; search by sender, receiver or date.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Conversation" })).toHaveCount(0);
  });
});
