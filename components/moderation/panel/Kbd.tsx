import type { ReactNode } from "react";

/** A key as the panel shows its shortcuts: in the current text colour, so it keeps the text's contrast. */
export function Kbd({ children }: { children: ReactNode }) {
  return (
    <kbd
      style={{
        border: "1px solid currentColor",
        borderRadius: 3,
        padding: "0 4px",
        marginInlineStart: 4,
        fontSize: "0.85em",
        fontFamily: "inherit",
      }}
    >
      {children}
    </kbd>
  );
}

/** A card's title as a heading (the panel's cards are its sections), in the card title's own size. */
export function CardTitle({ children }: { children: ReactNode }) {
  return <h2 style={{ fontSize: "inherit", fontWeight: "inherit", margin: 0 }}>{children}</h2>;
}
