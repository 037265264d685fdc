"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { claimQueueItem, releaseQueueClaim, renewQueueClaim } from "@/server/moderation/claimActions";

export type ClaimState =
  | { status: "none" }
  | { status: "claiming" }
  | { status: "mine" }
  | { status: "held"; message: string }
  | { status: "released" }
  | { status: "error"; message: string };

/** Renew at most this often while the moderator is active (the claim lapses after 15 idle minutes). */
const renewEveryMs = 60_000;

/**
 * The panel's claim on its item: taken when the panel opens (for roles that may claim), renewed
 * while the moderator types or clicks, released on request. Someone else's live claim is reported
 * with their name, and the action form stays disabled.
 */
export function useClaim(subjectUserId: string, mayClaim: boolean) {
  const [state, setState] = useState<ClaimState>({ status: mayClaim ? "claiming" : "none" });
  const lastRenewal = useRef(0);
  const statusRef = useRef(state.status);
  useEffect(() => {
    statusRef.current = state.status;
  }, [state.status]);

  /** Asks for the claim; the state changes when the answer comes. */
  const request = useCallback(
    () =>
      claimQueueItem({ subjectUserId }).then((result) => {
        lastRenewal.current = Date.now();
        if (result.ok) setState({ status: "mine" });
        else if (result.error.code === "conflict") setState({ status: "held", message: result.error.message });
        else setState({ status: "error", message: result.error.message });
      }),
    [subjectUserId],
  );

  const claim = useCallback(() => {
    setState({ status: "claiming" });
    return request();
  }, [request]);

  useEffect(() => {
    if (mayClaim) void request();
  }, [mayClaim, request]);

  useEffect(() => {
    if (!mayClaim) return;
    const onActivity = () => {
      if (statusRef.current !== "mine" || Date.now() - lastRenewal.current < renewEveryMs) return;
      lastRenewal.current = Date.now();
      void renewQueueClaim({ subjectUserId }).then((result) => {
        if (!result.ok) void claim();
      });
    };
    window.addEventListener("keydown", onActivity);
    window.addEventListener("pointerdown", onActivity);
    return () => {
      window.removeEventListener("keydown", onActivity);
      window.removeEventListener("pointerdown", onActivity);
    };
  }, [mayClaim, subjectUserId, claim]);

  const release = useCallback(async () => {
    const result = await releaseQueueClaim({ subjectUserId });
    setState(result.ok ? { status: "released" } : { status: "error", message: result.error.message });
  }, [subjectUserId]);

  /** After a decision that closed the item, the server gave the claim back. */
  const released = useCallback(() => setState({ status: "released" }), []);

  return { state, claim, release, released };
}
