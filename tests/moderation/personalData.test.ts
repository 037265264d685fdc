import { describe, expect, it } from "vitest";
import { REMOVED, withoutPersonalData } from "@/server/moderation/statements/personalData";

/** The free texts of a statement of reasons lose the names, emails and ids of the people a decision touches. */
describe("removing known people from a statement's text", () => {
  const R = REMOVED;

  it("removes a whole name and its first word, in any case, but not inside another word", () => {
    expect(withoutPersonalData("Lena Kowalski wrote to Lenard; LENA insisted.", { names: ["Lena Kowalski"] })).toBe(
      `${R} wrote to Lenard; ${R} insisted.`,
    );
    expect(withoutPersonalData("lena2 and Lena", { names: ["Lena Kowalski"] })).toBe(`lena2 and ${R}`);
  });

  it("removes a shorter name standing alone where a longer one runs into a word", () => {
    // "Lena K." is followed by a letter: not the whole name; "Lena" at the same place is.
    expect(withoutPersonalData("Lena K.x and Lena K. too", { names: ["Lena K."] })).toBe(`${R} K.x and ${R} too`);
  });

  it("matches letters beyond ASCII, in either case", () => {
    expect(withoutPersonalData("ŁUKASZ said łukasz-style things to Łukaszewski", { names: ["Łukasz Nowak"] })).toBe(
      `${R} said ${R}-style things to Łukaszewski`,
    );
  });

  it("removes emails and ids, known or only shaped like one", () => {
    const id = "0b1c2d3e-1111-2222-3333-444455556666";
    expect(
      withoutPersonalData(`Reported by ana@example.com (${id}); write to other@example.org`, {
        ids: [id],
        emails: ["ana@example.com"],
      }),
    ).toBe(`Reported by ${R} (${R}); write to ${R}`);
  });
});
