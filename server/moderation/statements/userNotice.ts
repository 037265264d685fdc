/**
 * The notice the affected member receives with a decision (DSA Art. 17(1) and (3)): the statement
 * of reasons in plain words. Rendered from the statement alone, so the notice says exactly what the
 * database gets and carries no more personal data than it does. Pure: the screens render it.
 */
import { dsaTerritoryCodes } from "@/db/schema/enums";
import type { DsaStatement } from "./buildStatement";
import { statementCategoryLabels } from "./dsaVocabulary";

export interface UserNotice {
  title: string;
  sections: { heading: string; text: string }[];
}

const longDate = (isoDay: string) =>
  new Date(`${isoDay}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

/** What the decision was about, from its content types (a message is text only, a photo an image only). */
function subjectOf(statement: DsaStatement): string {
  const types = statement.content_type;
  if (types.length === 1 && types[0] === "CONTENT_TYPE_TEXT") return "a message you sent";
  if (types.length === 1 && types[0] === "CONTENT_TYPE_IMAGE") return "a photo on your profile";
  return "your profile";
}

/** A reversal's facts, as buildStatement writes them: the original statement, the day, how, and why. */
const reversalPattern =
  /^The restriction in statement (\S+) was lifted on (\d{4}-\d{2}-\d{2}) (on the user's complaint \(DSA Art\. 20\)|on our own review)\. Reason: /s;

/** What we did, as the notice's title; a reversal says what was lifted. */
function titleOf(statement: DsaStatement, lifted: boolean): string {
  const until = (end: string | undefined) => (end ? ` until ${longDate(end)}` : "");
  if (statement.decision_account === "DECISION_ACCOUNT_TERMINATED")
    return lifted ? "We have reinstated your account" : "We have closed your account";
  if (statement.decision_account === "DECISION_ACCOUNT_SUSPENDED")
    return lifted
      ? "We have lifted the suspension of your account"
      : `We have suspended your account${until(statement.end_date_account_restriction)}`;
  return lifted
    ? "Your profile is shown to other members again"
    : `We have stopped showing your profile to new people${until(statement.end_date_visibility_restriction)}`;
}

function whereOf(scope: readonly string[]): string {
  return scope.length === dsaTerritoryCodes.length
    ? "in every country of the European Union and the European Economic Area"
    : `in these countries: ${scope.join(", ")}`;
}

function howOf(statement: DsaStatement): string {
  const detected =
    statement.automated_detection === "Yes"
      ? "Our automated systems flagged it."
      : statement.source_type === "SOURCE_VOLUNTARY"
        ? "Our team found it in a review of our own."
        : "It was reported to us.";
  const source = {
    SOURCE_ARTICLE_16: " in a notice (DSA Art. 16)",
    SOURCE_TRUSTED_FLAGGER: " by a trusted flagger (DSA Art. 22)",
    SOURCE_TYPE_OTHER_NOTIFICATION: "",
    SOURCE_VOLUNTARY: "",
  }[statement.source_type];
  const decided = {
    AUTOMATED_DECISION_FULLY: "The decision was taken by automated means, without a person reviewing it.",
    AUTOMATED_DECISION_PARTIALLY: "A member of our team decided, helped by automated tools.",
    AUTOMATED_DECISION_NOT_AUTOMATED: "A member of our team reviewed it and decided.",
  }[statement.automated_decision];
  return `${detected.slice(0, -1)}${source}. ${decided}`;
}

/** The notice for the member a statement of reasons concerns. */
export function userNotice(statement: DsaStatement): UserNotice {
  const reversal = reversalPattern.exec(statement.decision_facts);
  const lifted = reversal !== null;
  const subject = subjectOf(statement);
  const illegal = statement.decision_ground === "DECISION_GROUND_ILLEGAL_CONTENT";
  const sections: UserNotice["sections"] = [];
  if (lifted) {
    const after = reversal[3].startsWith("on the user's complaint") ? ", after looking again at your complaint" : "";
    sections.push({
      heading: "What changed",
      text: `On ${longDate(reversal[2])} we lifted our earlier decision about ${subject}${after} (reference ${reversal[1]}).`,
    });
    sections.push({ heading: "Why", text: statement.decision_facts.slice(reversal[0].length) });
  } else {
    sections.push({
      heading: "What this is about",
      text: `This decision concerns ${subject}, which we consider falls under "${statementCategoryLabels[statement.category]}". It applies ${whereOf(statement.territorial_scope)} from ${longDate(statement.application_date)}.`,
    });
    sections.push({
      heading: illegal ? "Why: the content is illegal" : "Why: the content breaks our terms",
      text: illegal
        ? `Legal ground: ${statement.illegal_content_legal_ground}. ${statement.illegal_content_explanation}`
        : `Our terms: ${statement.incompatible_content_ground}. ${statement.incompatible_content_explanation}`,
    });
    sections.push({ heading: "The facts we relied on", text: statement.decision_facts });
  }
  if (!lifted) sections.push({ heading: "How we found it and decided", text: howOf(statement) });
  sections.push({
    heading: "What you can do",
    text: lifted
      ? "Nothing: the restriction no longer applies. If something still does not work, contact our support."
      : "If you disagree, you can complain to us within six months (in the app under Settings → Support → Appeal a decision); " +
        "a different member of our team will look at it again. You can also turn to a certified out-of-court dispute settlement body " +
        "or to a court (DSA Articles 20 and 21).",
  });
  sections.push({ heading: "Reference", text: statement.puid });
  return { title: titleOf(statement, lifted), sections };
}

/** The notice as plain text (an email body). */
export function userNoticeText(notice: UserNotice): string {
  return [notice.title, ...notice.sections.map((s) => `${s.heading}\n${s.text}`)].join("\n\n");
}
