import { describe, expect, it } from "vitest";
import { validateStatement, validateStatementsRequest } from "../../server/moderation/statements/validateStatement";

/**
 * Our validator against the EU DSA Transparency Database's published rules. Each case is a rule
 * of digital-services-act/transparency-database (commit 69e80a0): app/Http/Requests/StatementStoreRequest.php
 * rules(), app/Services/GroupedSubmissionsService.php multi_rules(), StatementMultipleAPIController.php
 * (`statements` between 1 and 100), and resources/markdown/api-documentation.md (limits, dates).
 */

/** The documentation's own example payload ("Creating a Statement"), minus the fields it sends for both grounds. */
const documented = () => ({
  decision_visibility: ["DECISION_VISIBILITY_CONTENT_DISABLED"],
  decision_monetary: "DECISION_MONETARY_TERMINATION",
  end_date_monetary_restriction: "2023-08-08",
  decision_provision: "DECISION_PROVISION_TOTAL_SUSPENSION",
  decision_account: "DECISION_ACCOUNT_SUSPENDED",
  account_type: "ACCOUNT_TYPE_BUSINESS",
  decision_ground: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
  decision_ground_reference_url: "https://www.anurl.com",
  content_type: ["CONTENT_TYPE_VIDEO", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_SYNTHETIC_MEDIA"],
  category: "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
  incompatible_content_ground: "incompatible content grounds",
  incompatible_content_explanation: "incompatible content explanation",
  incompatible_content_illegal: "Yes",
  territorial_scope: ["PT", "ES", "DE"],
  content_language: "EN",
  content_date: "2023-08-08",
  content_id: { "EAN-13": "0123456789123" },
  application_date: "2023-08-08",
  decision_facts: "facts about the decision",
  source_type: "SOURCE_TRUSTED_FLAGGER",
  automated_detection: "No",
  automated_decision: "AUTOMATED_DECISION_PARTIALLY",
  puid: "TK421",
});

const errorsOf = (body: unknown) => {
  const result = validateStatement(body);
  return result.ok ? {} : result.errors;
};
const fieldsWithErrors = (body: unknown) => Object.keys(errorsOf(body)).sort();

describe("statement rules (DSA Transparency Database)", () => {
  it("accepts the documentation's example payload", () => {
    expect(validateStatement(documented())).toEqual({ ok: true });
  });

  it("an empty body lists the required fields, as the documented 422 does", () => {
    // api-documentation.md "Errors": the 13 fields of a blank payload, plus content_date and territorial_scope
    // (required by rules() and by the attribute documentation respectively).
    expect(fieldsWithErrors({})).toEqual(
      [
        "decision_visibility",
        "decision_monetary",
        "decision_provision",
        "decision_account",
        "decision_ground",
        "content_type",
        "category",
        "application_date",
        "content_date",
        "decision_facts",
        "source_type",
        "automated_detection",
        "automated_decision",
        "puid",
        "territorial_scope",
      ].sort(),
    );
  });

  it("one restriction of any of the four kinds is enough (required_without_all)", () => {
    const base = documented();
    for (const only of ["decision_visibility", "decision_monetary", "decision_provision", "decision_account"]) {
      const body: Record<string, unknown> = { ...base };
      for (const other of ["decision_visibility", "decision_monetary", "decision_provision", "decision_account"])
        if (other !== only) delete body[other];
      expect(errorsOf(body), only).toEqual({});
    }
    const none: Record<string, unknown> = { ...base, decision_visibility: [] };
    delete none.decision_monetary;
    delete none.decision_provision;
    delete none.decision_account;
    expect(fieldsWithErrors(none)).toEqual([
      "decision_account",
      "decision_monetary",
      "decision_provision",
      "decision_visibility",
    ]);
  });

  it("closed lists: a value outside the list is refused, arrays element by element", () => {
    expect(errorsOf({ ...documented(), automated_decision: "maybe" })).toEqual({
      automated_decision: ["The selected automated_decision is invalid."],
    });
    expect(fieldsWithErrors({ ...documented(), automated_detection: "yes" })).toEqual(["automated_detection"]);
    expect(fieldsWithErrors({ ...documented(), category: "STATEMENT_CATEGORY_SPAM" })).toEqual(["category"]);
    expect(fieldsWithErrors({ ...documented(), content_type: ["CONTENT_TYPE_TEXT", "CONTENT_TYPE_PROFILE"] })).toEqual([
      "content_type",
    ]);
    expect(fieldsWithErrors({ ...documented(), decision_account: "DECISION_ACCOUNT_BANNED" })).toEqual([
      "decision_account",
    ]);
    expect(fieldsWithErrors({ ...documented(), source_type: "SOURCE_STAFF" })).toEqual(["source_type"]);
    // EuropeanCountriesService: EU + EEA only, Greece is GR (not EL), the UK is not in.
    expect(fieldsWithErrors({ ...documented(), territorial_scope: ["DE", "GB"] })).toEqual(["territorial_scope"]);
    expect(fieldsWithErrors({ ...documented(), territorial_scope: ["EL"] })).toEqual(["territorial_scope"]);
    expect(fieldsWithErrors({ ...documented(), territorial_scope: "DE" })).toEqual(["territorial_scope"]);
    expect(fieldsWithErrors({ ...documented(), category_specification: ["KEYWORD_SCAM"] })).toEqual([
      "category_specification",
    ]);
  });

  it("a ground brings its own two fields, required, and only those (required_if / exclude_unless)", () => {
    const illegal: Record<string, unknown> = {
      ...documented(),
      decision_ground: "DECISION_GROUND_ILLEGAL_CONTENT",
      illegal_content_legal_ground: "§ 263 StGB",
      illegal_content_explanation: "Obtaining money by deception",
    };
    expect(fieldsWithErrors(illegal)).toEqual([
      "incompatible_content_explanation",
      "incompatible_content_ground",
      "incompatible_content_illegal",
    ]);
    delete illegal.incompatible_content_ground;
    delete illegal.incompatible_content_explanation;
    delete illegal.incompatible_content_illegal;
    expect(errorsOf(illegal)).toEqual({});
    expect(fieldsWithErrors({ ...illegal, illegal_content_explanation: "  " })).toEqual([
      "illegal_content_explanation",
    ]);
    const { incompatible_content_ground: _, ...noGround } = documented();
    expect(errorsOf(noGround)).toEqual({
      incompatible_content_ground: ["The incompatible content ground field is required."],
    });
    expect(fieldsWithErrors({ ...documented(), decision_ground: "DECISION_GROUND_OTHER" })).toEqual([
      "decision_ground",
      "incompatible_content_explanation",
      "incompatible_content_ground",
      "incompatible_content_illegal",
    ]);
  });

  it("the maximum lengths, counted in characters: 500 for grounds and others, 2,000 for explanations, 5,000 for facts", () => {
    const at = (field: string, length: number, char = "x") =>
      fieldsWithErrors({ ...documented(), [field]: char.repeat(length) });
    expect(at("incompatible_content_ground", 500)).toEqual([]);
    expect(at("incompatible_content_ground", 501)).toEqual(["incompatible_content_ground"]);
    expect(at("incompatible_content_explanation", 2000)).toEqual([]);
    expect(at("incompatible_content_explanation", 2001)).toEqual(["incompatible_content_explanation"]);
    expect(at("decision_facts", 5000)).toEqual([]);
    expect(at("decision_facts", 5001)).toEqual(["decision_facts"]);
    // Laravel's max counts characters (mb_strlen): 5,000 emoji are 10,000 UTF-16 units and still fit.
    expect(at("decision_facts", 5000, "😀")).toEqual([]);
    expect(at("puid", 501)).toEqual(["puid"]);
    expect(at("decision_ground_reference_url", 0)).toEqual([]);
  });

  it("'other' fields: required with their OTHER value, refused without it", () => {
    const visibilityOther = { ...documented(), decision_visibility: ["DECISION_VISIBILITY_OTHER"] };
    expect(fieldsWithErrors(visibilityOther)).toEqual(["decision_visibility_other"]);
    expect(errorsOf({ ...visibilityOther, decision_visibility_other: "Hidden from search" })).toEqual({});
    expect(fieldsWithErrors({ ...documented(), decision_visibility_other: "Hidden" })).toEqual([
      "decision_visibility_other",
    ]);
    const contentOther = { ...documented(), content_type: ["CONTENT_TYPE_OTHER"] };
    expect(fieldsWithErrors(contentOther)).toEqual(["content_type_other"]);
    expect(errorsOf({ ...contentOther, content_type_other: "Dating profile" })).toEqual({});
    expect(fieldsWithErrors({ ...documented(), decision_monetary: "DECISION_MONETARY_OTHER" })).toEqual([
      "decision_monetary_other",
    ]);
    // category_specification_other: "can be provided if KEYWORD_OTHER is part of the category_specification".
    expect(fieldsWithErrors({ ...documented(), category_specification_other: "Spam" })).toEqual([
      "category_specification_other",
    ]);
    expect(
      errorsOf({ ...documented(), category_specification: ["KEYWORD_OTHER"], category_specification_other: "Spam" }),
    ).toEqual({});
    // source_identity is dropped for SOURCE_VOLUNTARY (exclude_if).
    expect(
      fieldsWithErrors({ ...documented(), source_type: "SOURCE_VOLUNTARY", source_identity: "A flagger" }),
    ).toEqual(["source_identity"]);
  });

  it("dates: YYYY-MM-DD with leading zeroes, real dates, within the allowed years, end dates not before application", () => {
    const date = (field: string, value: string) => fieldsWithErrors({ ...documented(), [field]: value });
    expect(date("application_date", "2023-8-8")).toEqual(["application_date"]);
    expect(date("application_date", "2023-08-08T10:00:00Z")).toEqual(["application_date"]);
    expect(date("application_date", "2023-02-30")).toEqual(["application_date"]);
    expect(date("application_date", "2019-12-31")).toEqual(["application_date"]);
    expect(date("application_date", "2020-01-01")).toEqual([]);
    expect(date("content_date", "1999-12-31")).toEqual(["content_date"]);
    expect(date("content_date", "2000-01-01")).toEqual([]);
    expect(date("content_date", "2038-01-02")).toEqual(["content_date"]);
    expect(date("end_date_account_restriction", "2038-01-01")).toEqual([]);
    expect(date("end_date_account_restriction", "2038-01-02")).toEqual(["end_date_account_restriction"]);
    expect(date("end_date_visibility_restriction", "2023-08-07")).toEqual(["end_date_visibility_restriction"]);
    expect(date("end_date_service_restriction", "2023-08-08")).toEqual([]);
  });

  it("puid: letters, digits, hyphens and underscores only", () => {
    expect(fieldsWithErrors({ ...documented(), puid: "sor-1f2e_ABC" })).toEqual([]);
    for (const puid of ["with space", "new\nline", "dot.ted", "ümlaut", "slash/"])
      expect(errorsOf({ ...documented(), puid }).puid, puid).toEqual(["The puid format is invalid."]);
  });

  it("content_id takes an EAN-13 of 13 digits; unknown fields are refused", () => {
    expect(fieldsWithErrors({ ...documented(), content_id: { "EAN-13": "123" } })).toEqual(["content_id.EAN-13"]);
    expect(fieldsWithErrors({ ...documented(), subject_email: "a@b.c" })).toEqual(["subject_email"]);
  });

  it("the multiple endpoint takes 1 to 100 statements with distinct puids, errors indexed per statement", () => {
    const many = (n: number) => ({
      statements: Array.from({ length: n }, (_, i) => ({ ...documented(), puid: `p-${i}` })),
    });
    expect(validateStatementsRequest(many(1))).toEqual({ ok: true });
    expect(validateStatementsRequest(many(100))).toEqual({ ok: true });
    expect(validateStatementsRequest(many(0)).ok).toBe(false);
    expect(validateStatementsRequest(many(101)).ok).toBe(false);
    const body = many(3);
    body.statements[2] = { ...body.statements[2], puid: "p-0", decision_ground: "nope" };
    const result = validateStatementsRequest(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toContain("statement_2.puid");
    if (!result.ok) expect(Object.keys(result.errors)).toContain("statement_2.decision_ground");
  });
});
