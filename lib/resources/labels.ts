/**
 * A resource label inside a sentence: "Match" → "match", "Event registrations" → "event
 * registrations", but an acronym stays as it is ("AI interactions").
 */
export const inSentence = (label: string): string =>
  /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);

/** "1 match", "1,204 matches": a count with the label that fits it, mid-sentence. */
export const counted = (count: number, labels: { singular: string; plural: string }): string =>
  `${count.toLocaleString()} ${inSentence(count === 1 ? labels.singular : labels.plural)}`;
