import { describe, expect, it } from "vitest";
import { counted, inSentence } from "@/lib/resources/labels";
import { crudResources } from "@/server/auth/permissions";
import { resourceMetadata } from "@/server/resources/metadata";
import { registry } from "@/server/resources/registry";

/**
 * Every resource names one record and many in its registry definition, and the browser gets both:
 * no screen derives a singular by chopping an "s" ("Matche saved", "Compliance log entrie").
 */
const expected: Record<string, { singular: string; plural: string }> = {
  users: { singular: "User", plural: "Users" },
  profiles: { singular: "Profile", plural: "Profiles" },
  attachment_assessments: { singular: "Attachment assessment", plural: "Attachment assessments" },
  matches: { singular: "Match", plural: "Matches" },
  messages: { singular: "Message", plural: "Messages" },
  events: { singular: "Event", plural: "Events" },
  event_registrations: { singular: "Event registration", plural: "Event registrations" },
  subscriptions: { singular: "Subscription", plural: "Subscriptions" },
  payments: { singular: "Payment", plural: "Payments" },
  consent_logs: { singular: "Consent record", plural: "Consent records" },
  compliance_logs: { singular: "Compliance log entry", plural: "Compliance log entries" },
  ai_interactions: { singular: "AI interaction", plural: "AI interactions" },
};

describe("resource labels", () => {
  it("all twelve resources declare the singular and plural a person reads", () => {
    expect(Object.keys(expected).sort()).toEqual([...crudResources].sort());
    for (const name of crudResources) {
      const { singular, plural } = registry[name];
      expect({ singular, plural }, name).toEqual(expected[name]);
    }
  });

  it("no singular is a plural with its s chopped off", () => {
    for (const name of crudResources) {
      const { singular, plural } = registry[name];
      expect(singular, name).not.toMatch(/(che|ntrie|tu|ie)$/);
      expect(singular, name).not.toBe(plural);
      expect(singular.trim(), name).toBe(singular);
    }
  });

  it("the browser's metadata carries both labels for every resource the role may list", () => {
    const metas = resourceMetadata("admin");
    expect(metas.map((m) => m.name).sort()).toEqual([...crudResources].sort());
    for (const meta of metas) {
      expect({ singular: meta.singular, plural: meta.plural }, meta.name).toEqual(expected[meta.name]);
    }
  });

  it("mid-sentence labels keep acronyms and count in the right number", () => {
    expect(inSentence("Match")).toBe("match");
    expect(inSentence("Event registrations")).toBe("event registrations");
    expect(inSentence("AI interactions")).toBe("AI interactions");
    expect(counted(1, expected.matches)).toBe("1 match");
    expect(counted(3, expected.matches)).toBe("3 matches");
    expect(counted(0, expected.compliance_logs)).toBe("0 compliance log entries");
    expect(counted(1, expected.ai_interactions)).toBe("1 AI interaction");
  });
});
