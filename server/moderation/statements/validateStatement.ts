/**
 * Our own check of a statement of reasons against the EU DSA Transparency Database's published
 * rules, run before a statement is stored, so that whatever we hold can be submitted as it is.
 *
 * The rules are those of digital-services-act/transparency-database (commit 69e80a0, June 2026):
 * app/Http/Requests/StatementStoreRequest.php::rules() for one statement, and
 * app/Services/GroupedSubmissionsService.php::multi_rules() + StatementMultipleAPIController.php
 * (`statements` between 1 and 100) for the multiple-statements endpoint; the limits and the date
 * rules are also in resources/markdown/api-documentation.md.
 *
 * Where the API would silently drop a field (its `exclude_unless` / `exclude_if` rules, e.g. an
 * illegal-content ground on a terms-and-conditions decision) we refuse it instead: a field we send
 * that the database throws away is a bug on our side. Two rules come from the documentation rather
 * than the code and are enforced too: territorial_scope is required, and an end date is not before
 * the application date. Unknown fields are refused (we send only what we mean to).
 *
 * Pure: no database, no server-only import (the seed and the tests use it too).
 */
import { dsaStatementCategories, dsaTerritoryCodes } from "@/db/schema/enums";
import {
  accountTypes,
  automatedDecisionsDsa,
  contentTypes,
  decisionAccounts,
  decisionGroundsDsa,
  decisionMonetaries,
  decisionProvisions,
  decisionVisibilities,
  euLanguageCodes,
  keywords,
  sourceTypes,
  yesNo,
} from "./dsaVocabulary";

/** Field → its problems, in the API's own field names (as its 422 response lists them). */
export type StatementErrors = Record<string, string[]>;

export type ValidationResult = { ok: true } | { ok: false; errors: StatementErrors };

/** The request body's fields the API knows (rules() keys); anything else is refused. */
const knownFields = new Set([
  "content_id",
  "content_id_ean",
  "decision_visibility",
  "decision_visibility_other",
  "decision_monetary",
  "decision_monetary_other",
  "decision_provision",
  "decision_account",
  "account_type",
  "category_specification",
  "category_specification_other",
  "decision_ground",
  "decision_ground_reference_url",
  "illegal_content_legal_ground",
  "illegal_content_explanation",
  "incompatible_content_ground",
  "incompatible_content_explanation",
  "incompatible_content_illegal",
  "content_type",
  "content_type_other",
  "category",
  "category_addition",
  "territorial_scope",
  "content_language",
  "content_date",
  "application_date",
  "end_date_account_restriction",
  "end_date_monetary_restriction",
  "end_date_service_restriction",
  "end_date_visibility_restriction",
  "decision_facts",
  "source_type",
  "source_identity",
  "automated_detection",
  "automated_decision",
  "puid",
]);

export const endDateFields = [
  "end_date_account_restriction",
  "end_date_monetary_restriction",
  "end_date_service_restriction",
  "end_date_visibility_restriction",
] as const;

/** Laravel's `max:n` on a string counts characters (mb_strlen), not UTF-16 units. */
const characters = (text: string) => [...text].length;

/** Laravel's `required`: null, a blank string or an empty array is missing. */
const isMissing = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim() === "") ||
  (Array.isArray(value) && value.length === 0);

/**
 * Laravel's `date_format:Y-m-d`: exactly four-digit year, two-digit month and day, and a real
 * date (PHP formats the parsed date back and compares, so 2025-02-30 fails).
 */
export function isDsaDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Laravel's `url` rule, approximately: an absolute http(s) URL. */
const isUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
};

const puidPattern = /^[a-zA-Z0-9_-]+$/;

/** Validates one statement body (the JSON the single endpoint takes, one element of `statements`). */
export function validateStatement(body: unknown): ValidationResult {
  const errors: StatementErrors = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, errors: { _body: ["A statement is a JSON object"] } };
  }
  const s = body as Record<string, unknown>;
  const present = (field: string) => !isMissing(s[field]);

  for (const field of Object.keys(s)) if (!knownFields.has(field)) fail(field, "Not a field of the API");

  /** A closed-list field: one of `allowed`, or (nullable) absent. */
  const oneOf = (field: string, allowed: readonly string[], required = false) => {
    const value = s[field];
    if (isMissing(value)) {
      if (required) fail(field, `The ${field.replace(/_/g, " ")} field is required.`);
      return;
    }
    if (typeof value !== "string" || !allowed.includes(value)) fail(field, `The selected ${field} is invalid.`);
  };
  /** A list field: an array whose every element is in `allowed` (Laravel's `array` + `in`). */
  const listOf = (field: string, allowed: readonly string[], required = false) => {
    const value = s[field];
    if (isMissing(value)) {
      if (required) fail(field, `The ${field.replace(/_/g, " ")} field is required.`);
      return;
    }
    if (!Array.isArray(value)) return fail(field, `The ${field} field must be an array.`);
    const wrong = value.filter((v) => typeof v !== "string" || !allowed.includes(v));
    if (wrong.length) fail(field, `The selected ${field} is invalid: ${wrong.map(String).join(", ")}`);
    if (new Set(value).size !== value.length) fail(field, `The ${field} field has a value twice.`);
  };
  /** A free text: a string of at most `max` characters. */
  const text = (field: string, max: number, required = false) => {
    const value = s[field];
    if (isMissing(value)) {
      if (required) fail(field, `The ${field.replace(/_/g, " ")} field is required.`);
      return;
    }
    if (typeof value !== "string") return fail(field, `The ${field} field must be a string.`);
    if (characters(value) > max) fail(field, `The ${field} field must not be greater than ${max} characters.`);
  };
  /** A field the API only keeps under a condition (exclude_unless / exclude_if): refused otherwise. */
  const onlyWhen = (field: string, condition: boolean, when: string) => {
    if (!condition && s[field] !== undefined && s[field] !== null) fail(field, `Only allowed when ${when}.`);
  };
  const list = (field: string) => (Array.isArray(s[field]) ? (s[field] as unknown[]) : []);

  // What was restricted: at least one of the four kinds of restriction (required_without_all).
  const restrictions = ["decision_visibility", "decision_monetary", "decision_provision", "decision_account"];
  if (!restrictions.some(present)) {
    for (const field of restrictions)
      fail(
        field,
        `The ${field.replace(/_/g, " ")} field is required when none of the other decision fields are present.`,
      );
  }
  listOf("decision_visibility", Object.keys(decisionVisibilities));
  const visibilityOther = list("decision_visibility").includes("DECISION_VISIBILITY_OTHER");
  text("decision_visibility_other", 500, visibilityOther);
  onlyWhen("decision_visibility_other", visibilityOther, "decision_visibility has DECISION_VISIBILITY_OTHER");
  oneOf("decision_monetary", Object.keys(decisionMonetaries));
  const monetaryOther = s.decision_monetary === "DECISION_MONETARY_OTHER";
  text("decision_monetary_other", 500, monetaryOther);
  onlyWhen("decision_monetary_other", monetaryOther, "decision_monetary is DECISION_MONETARY_OTHER");
  oneOf("decision_provision", Object.keys(decisionProvisions));
  oneOf("decision_account", Object.keys(decisionAccounts));
  oneOf("account_type", Object.keys(accountTypes));

  // The category, with its keywords; category_specification_other only beside KEYWORD_OTHER.
  oneOf("category", dsaStatementCategories, true);
  listOf("category_addition", dsaStatementCategories);
  if (typeof s.category === "string" && list("category_addition").includes(s.category))
    fail("category_addition", "The category_addition field repeats the category.");
  listOf("category_specification", Object.keys(keywords));
  text("category_specification_other", 500);
  onlyWhen(
    "category_specification_other",
    list("category_specification").includes("KEYWORD_OTHER"),
    "category_specification has KEYWORD_OTHER",
  );

  // The ground, with the fields that go with it.
  oneOf("decision_ground", Object.keys(decisionGroundsDsa), true);
  const illegal = s.decision_ground === "DECISION_GROUND_ILLEGAL_CONTENT";
  const incompatible = s.decision_ground === "DECISION_GROUND_INCOMPATIBLE_CONTENT";
  text("decision_ground_reference_url", 500);
  if (present("decision_ground_reference_url") && !isUrl(String(s.decision_ground_reference_url)))
    fail("decision_ground_reference_url", "The decision_ground_reference_url field must be a valid URL.");
  text("illegal_content_legal_ground", 500, illegal);
  text("illegal_content_explanation", 2000, illegal);
  text("incompatible_content_ground", 500, incompatible);
  text("incompatible_content_explanation", 2000, incompatible);
  oneOf("incompatible_content_illegal", yesNo);
  for (const field of ["illegal_content_legal_ground", "illegal_content_explanation"])
    onlyWhen(field, illegal, "decision_ground is DECISION_GROUND_ILLEGAL_CONTENT");
  for (const field of [
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "incompatible_content_illegal",
  ])
    onlyWhen(field, incompatible, "decision_ground is DECISION_GROUND_INCOMPATIBLE_CONTENT");

  // The content.
  listOf("content_type", Object.keys(contentTypes), true);
  const contentOther = list("content_type").includes("CONTENT_TYPE_OTHER");
  text("content_type_other", 500, contentOther);
  onlyWhen("content_type_other", contentOther, "content_type has CONTENT_TYPE_OTHER");
  oneOf("content_language", euLanguageCodes);
  if (s.content_id !== undefined && s.content_id !== null) {
    const id = s.content_id as Record<string, unknown>;
    if (typeof id !== "object" || Array.isArray(id)) fail("content_id", "The content_id field must be an object.");
    else if (typeof id["EAN-13"] !== "string" || !/^[0-9]{13}$/.test(id["EAN-13"]))
      fail("content_id.EAN-13", "The content_id.EAN-13 field must be 13 digits.");
  }
  if (s.content_id_ean !== undefined && s.content_id_ean !== null) {
    if (typeof s.content_id_ean !== "string" || !/^[0-9]{13}$/.test(s.content_id_ean))
      fail("content_id_ean", "The content_id_ean field must be 13 digits.");
  }

  // Where and when.
  listOf("territorial_scope", dsaTerritoryCodes, true);
  const date = (field: string, required: boolean, from: string | null) => {
    const value = s[field];
    if (isMissing(value)) {
      if (required) fail(field, `The ${field.replace(/_/g, " ")} field is required.`);
      return;
    }
    if (!isDsaDate(value)) return fail(field, `The ${field.replace(/_/g, " ")} does not match the format YYYY-MM-DD.`);
    if (from && value < from) fail(field, `The ${field} must be a date after or equal to ${from}.`);
    if (value > "2038-01-01") fail(field, `The ${field} must be a date before or equal to 2038-01-01.`);
  };
  date("content_date", true, "2000-01-01");
  date("application_date", true, "2020-01-01");
  for (const field of endDateFields) {
    date(field, false, null);
    const value = s[field];
    if (isDsaDate(value) && isDsaDate(s.application_date) && value < s.application_date)
      fail(field, `The ${field} must be a date after or equal to the application date.`);
  }

  // Facts, source, automation and the identifier.
  text("decision_facts", 5000, true);
  oneOf("source_type", Object.keys(sourceTypes), true);
  text("source_identity", 500);
  onlyWhen("source_identity", s.source_type !== "SOURCE_VOLUNTARY", "source_type is not SOURCE_VOLUNTARY");
  oneOf("automated_detection", yesNo, true);
  oneOf("automated_decision", Object.keys(automatedDecisionsDsa), true);
  text("puid", 500, true);
  if (typeof s.puid === "string" && s.puid !== "" && !puidPattern.test(s.puid))
    fail("puid", "The puid format is invalid.");

  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}

/** The multiple-statements endpoint's body: `{"statements": [...]}` of 1 to 100, puids unique within it. */
export function validateStatementsRequest(body: unknown): ValidationResult {
  const statements = (body as { statements?: unknown } | null)?.statements;
  if (!Array.isArray(statements) || statements.length < 1 || statements.length > 100) {
    return { ok: false, errors: { statements: ["The statements field must have between 1 and 100 items."] } };
  }
  const errors: StatementErrors = {};
  const seen = new Set<unknown>();
  statements.forEach((statement, index) => {
    const result = validateStatement(statement);
    if (!result.ok)
      for (const [field, problems] of Object.entries(result.errors)) errors[`statement_${index}.${field}`] = problems;
    const puid = (statement as { puid?: unknown } | null)?.puid;
    if (seen.has(puid)) errors[`statement_${index}.puid`] = ["The puid is used twice in this request."];
    seen.add(puid);
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}
