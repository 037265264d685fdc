import type { ReportCategory } from "../schema/enums";

/**
 * What the seeded moderation history says, per report category: the reporters' words, what our
 * detection flags, the terms clause and the laws relied on (with the country each applies in: a
 * decision on national law is scoped to that country), and the facts a moderator records.
 * `{n}` in a fact is the number of notices. No names, emails or handles anywhere: these texts end
 * up in statements of reasons.
 */
export interface CategoryCase {
  /** Share of restrictive decisions taken on illegal content rather than on our terms. */
  illegalShare: number;
  provisions: { text: string; country: string }[];
  clause: string;
  illegalExplanation: string;
  termsExplanation: string;
  facts: string[];
  reporterTexts: string[];
  detectorText: string;
}

export const moderationCases: Record<ReportCategory, CategoryCase> = {
  scam_fraud: {
    illegalShare: 0.3,
    provisions: [
      { text: "§ 263 StGB (Betrug / fraud)", country: "DE" },
      { text: "Article 313-1 Code pénal (escroquerie / fraud)", country: "FR" },
      { text: "Article 248 Código Penal (estafa / fraud)", country: "ES" },
    ],
    clause: "Terms of Use 4.2: no requests for money, gifts or financial details",
    illegalExplanation: "Obtaining money from other members by deception about one's identity and intentions.",
    termsExplanation: "Asking matches for money, gift cards or cryptocurrency is forbidden by our terms.",
    facts: [
      "{n} members reported requests for gift cards within days of matching; the messages follow the same script.",
      "Asked {n} matches to move to another app and then for money for a 'stuck' bank transfer.",
      "Investment pitch for a crypto platform sent to matches; {n} notices, payment links in the messages.",
    ],
    reporterTexts: [
      "Asked me for money on the second message",
      "Wanted gift cards to 'pay customs' for a parcel",
      "Kept pushing a crypto investment site",
    ],
    detectorText: "Payment-request pattern in messages (classifier score above 0.95)",
  },
  fake_profile: {
    illegalShare: 0,
    provisions: [],
    clause: "Terms of Use 3.1: profiles show real people, photos of the member themselves",
    illegalExplanation: "",
    termsExplanation: "The profile uses photos of another person and invented details, which our terms forbid.",
    facts: [
      "Profile photos match images published elsewhere under another identity; {n} notices.",
      "Reverse image search finds the photos on a stock-image site; bio copied from another profile.",
      "Same photos used by several accounts created from one device; {n} notices.",
    ],
    reporterTexts: ["These photos are of a model, not this person", "Same pictures as another profile I saw"],
    detectorText: "Photo hash matches images on other accounts",
  },
  harassment: {
    illegalShare: 0.1,
    provisions: [{ text: "§ 238 StGB (Nachstellung / stalking)", country: "DE" }],
    clause: "Terms of Use 5.1: treat other members with respect; no insults, threats or unwanted contact",
    illegalExplanation: "Persistent unwanted contact that seriously affects the other person's life.",
    termsExplanation: "Repeated insults and messages after being asked to stop break our respect rules.",
    facts: [
      "Repeated insulting messages after the other member asked to stop; {n} notices.",
      "Contacted a member again and again from new matches after being blocked.",
      "Sexualised insults sent to {n} members who had not replied.",
    ],
    reporterTexts: [
      "Keeps messaging me after I said no",
      "Insulted me when I didn't reply",
      "Blocked him and he came back",
    ],
    detectorText: "Abusive-language model flagged several messages",
  },
  hate: {
    illegalShare: 0.6,
    provisions: [
      { text: "§ 130 StGB (Volksverhetzung / incitement to hatred)", country: "DE" },
      { text: "Article 24 Loi du 29 juillet 1881 (provocation à la haine)", country: "FR" },
    ],
    clause: "Terms of Use 5.3: no hate speech against people for who they are",
    illegalExplanation: "Incitement to hatred against a group defined by ethnicity and religion.",
    termsExplanation: "Demeaning statements about people for their ethnicity, religion or orientation.",
    facts: [
      "Messages and profile text attacking people for their religion; {n} notices.",
      "Slurs about ethnicity sent to members in replies to greetings.",
    ],
    reporterTexts: ["Racist messages", "Hateful things about my religion"],
    detectorText: "Hate-speech classifier flagged profile text",
  },
  non_consensual_sexual_content: {
    illegalShare: 0.7,
    provisions: [
      { text: "§ 201a StGB (Verletzung des höchstpersönlichen Lebensbereichs durch Bildaufnahmen)", country: "DE" },
      { text: "Article 226-2-1 Code pénal (diffusion d'images à caractère sexuel sans accord)", country: "FR" },
    ],
    clause: "Terms of Use 6.2: no sexual images without the consent of everyone shown",
    illegalExplanation: "Sharing intimate images of another person without their consent.",
    termsExplanation: "Sending explicit images that the recipient did not ask for is forbidden by our terms.",
    facts: [
      "Sent explicit images to members who had not asked for them; {n} notices.",
      "Profile photo shows another person in an intimate situation without their consent.",
    ],
    reporterTexts: ["Sent me explicit photos I never asked for", "That photo is of someone else, without consent"],
    detectorText: "Nudity detector flagged an image",
  },
  underage: {
    illegalShare: 0,
    provisions: [],
    clause: "Terms of Use 2.1: members must be 18 or older",
    illegalExplanation: "",
    termsExplanation: "Indications that the member is under 18, the minimum age for our service.",
    facts: [
      "Photos and messages indicate the member is a minor (mentions school year); {n} notices.",
      "Age verification was not passed after a request following {n} notices.",
    ],
    reporterTexts: ["Says they are in high school", "Looks much younger than 18"],
    detectorText: "Age-estimation model estimates under 18",
  },
  spam: {
    illegalShare: 0,
    provisions: [],
    clause: "Terms of Use 7.1: no advertising, links to other services or automated messaging",
    illegalExplanation: "",
    termsExplanation: "Automated promotional messages and links break our rules on advertising.",
    facts: [
      "Identical promotional message with a link sent to {n} matches within an hour.",
      "Profile text advertises another website; messages are sent faster than a person types.",
    ],
    reporterTexts: ["Just sends links", "This is a bot"],
    detectorText: "Message-rate and duplicate-text detector",
  },
  violence_threats: {
    illegalShare: 0.8,
    provisions: [
      { text: "§ 241 StGB (Bedrohung / threat)", country: "DE" },
      { text: "Article 222-17 Code pénal (menace de mort / threat)", country: "FR" },
      { text: "Article 169 Código Penal (amenazas / threats)", country: "ES" },
    ],
    clause: "Terms of Use 5.2: no threats of violence",
    illegalExplanation: "A threat to kill or seriously harm another member.",
    termsExplanation: "Threatening another member with violence is forbidden by our terms.",
    facts: [
      "Threatened to harm a member after the match was ended; {n} notices.",
      "Messages describing violence against a member who declined a meeting.",
    ],
    reporterTexts: ["He threatened to hurt me", "Said he knows where I live"],
    detectorText: "Threat classifier flagged a message",
  },
  other: {
    illegalShare: 0,
    provisions: [],
    clause: "Terms of Use 8: one account per person, used for dating only",
    illegalExplanation: "",
    termsExplanation: "Using the service for purposes our terms do not allow.",
    facts: [
      "Account used to recruit members for paid work; {n} notices.",
      "Second account of a member, created to evade a block.",
    ],
    reporterTexts: ["Weird behaviour, not here to date", "Same person as another account"],
    detectorText: "Device fingerprint matches another account",
  },
};

/** Why an appeal was upheld or a decision reversed, as the reviewer records it. */
export const reversalFacts = [
  "On appeal: the member showed the payment was a refund between acquaintances; the notices were mistaken.",
  "On appeal: the photos are of the member, verified by a video selfie.",
  "On appeal: the messages were read in context of the whole conversation; no breach.",
  "On review: the notices came from one group of accounts reporting in bulk; no breach found.",
];
export const upheldNotes = [
  "Appeal reviewed: the messages clearly break the rule; the decision stands.",
  "Appeal reviewed by a second moderator; the facts are confirmed.",
];
export const appellantTexts = [
  "I never asked anyone for money, please check again.",
  "Those are my own photos.",
  "It was a joke between friends and taken out of context.",
];
export const escalationNotes = [
  "Escalated: possibly part of a ring, needs a senior review.",
  "Escalated: threat of violence, check whether to involve the authorities.",
  "Escalated: possible minor, age check needed.",
];
