import { describe, expect, it } from "vitest";
import {
  dsaCategoryOf,
  dsaSourceTypeOf,
  dsaStatementCategories,
  regulatoryFrameworks,
  reportCategories,
  reportSources,
} from "../../db/schema/enums";
import { can } from "../../server/auth/permissions";

/**
 * The keywords (category_specification) and source types we use, as the DSA Transparency Database
 * spells them (digital-services-act/transparency-database, app/Models/Statement.php, KEYWORDS and
 * SOURCE_TYPES as of the 1 July 2025 schema).
 */
const dsaKeywordsWeUse = new Set([
  "KEYWORD_INAUTHENTIC_ACCOUNTS",
  "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING",
  "KEYWORD_CYBER_HARASSMENT",
  "KEYWORD_HATE_SPEECH",
  "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
  "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS",
  "KEYWORD_OTHER",
]);
const dsaSourceTypes = [
  "SOURCE_ARTICLE_16",
  "SOURCE_TRUSTED_FLAGGER",
  "SOURCE_VOLUNTARY",
  "SOURCE_TYPE_OTHER_NOTIFICATION",
];

describe("moderation vocabulary", () => {
  it("maps every report category to one DSA category, each (category, keywords) pair distinct", () => {
    expect(Object.keys(dsaCategoryOf).sort()).toEqual([...reportCategories].sort());
    const pairs = new Set<string>();
    for (const [ours, dsa] of Object.entries(dsaCategoryOf)) {
      expect(dsaStatementCategories, ours).toContain(dsa.category);
      for (const keyword of dsa.keywords) expect(dsaKeywordsWeUse.has(keyword), `${ours}: ${keyword}`).toBe(true);
      // category_specification_other is only accepted with KEYWORD_OTHER.
      if (dsa.keywordOther) expect(dsa.keywords).toContain("KEYWORD_OTHER");
      pairs.add(`${dsa.category}|${[...dsa.keywords].sort().join(",")}|${dsa.keywordOther ?? ""}`);
    }
    expect(pairs.size).toBe(reportCategories.length);
    // The dating platform's everyday cases land where the DSA files them.
    expect(dsaCategoryOf.underage.category).toBe("STATEMENT_CATEGORY_PROTECTION_OF_MINORS");
    expect(dsaCategoryOf.fake_profile.category).toBe("STATEMENT_CATEGORY_SCAMS_AND_FRAUD");
  });

  it("maps every report source to a DSA source type; user notices are Art. 16 notices", () => {
    expect(Object.keys(dsaSourceTypeOf).sort()).toEqual([...reportSources].sort());
    for (const type of Object.values(dsaSourceTypeOf)) expect(dsaSourceTypes).toContain(type);
    expect(dsaSourceTypeOf.user_notice).toBe("SOURCE_ARTICLE_16");
  });

  it("has dsa among the regulatory frameworks", () => {
    expect(regulatoryFrameworks).toContain("dsa");
  });

  it("lets trust_safety and admin decide, compliance officers only read, analysts nothing", () => {
    for (const role of ["trust_safety", "admin"] as const) {
      expect(can(role, "create", "moderation_actions")).toBe(true);
      expect(can(role, "edit", "reports")).toBe(true);
    }
    expect(can("trust_safety", "edit", "moderation_actions")).toBe(false);
    expect(can("trust_safety", "delete", "moderation_actions")).toBe(false);
    expect(can("compliance_officer", "list", "moderation_actions")).toBe(true);
    expect(can("compliance_officer", "show", "reports")).toBe(true);
    expect(can("compliance_officer", "create", "moderation_actions")).toBe(false);
    expect(can("compliance_officer", "edit", "reports")).toBe(false);
    for (const action of ["list", "show", "create", "edit", "delete", "export"] as const) {
      expect(can("analyst", action, "moderation_actions")).toBe(false);
      expect(can("analyst", action, "reports")).toBe(false);
    }
  });
});
