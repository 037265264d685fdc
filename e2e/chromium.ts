import fs from "node:fs";

/**
 * The Chromium that tests and the browser bench drive: CHROMIUM_PATH when set, otherwise Debian's
 * headless shell when installed (the same Blink without the full browser's GPU process and
 * extensions: a tenth less CPU per end-to-end test here), otherwise Debian's chromium.
 */
const debianBuilds = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

export const chromiumInstallLine = "apt-get install -y chromium chromium-headless-shell";

/** The executable's path; throws, naming the apt line, when there is none. */
export function chromiumExecutable(): string {
  const chosen = process.env.CHROMIUM_PATH ?? debianBuilds.find((candidate) => fs.existsSync(candidate));
  if (!chosen || !fs.existsSync(chosen)) {
    throw new Error(
      `Chromium not found at ${chosen ?? debianBuilds.join(" or ")}. Install it with: ${chromiumInstallLine} (or set CHROMIUM_PATH).`,
    );
  }
  return chosen;
}

/** Flags for running as root in a container: no sandbox, no GPU, no /dev/shm-sized shared memory. */
export const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];
