import fs from "node:fs";

/**
 * The Chromium that tests and the browser bench drive: CHROMIUM_PATH when set, otherwise Debian's
 * headless shell when installed (the same Blink without the full browser's GPU process and
 * extensions: a tenth less CPU per end-to-end test here), otherwise Debian's chromium.
 */
const debianBuilds = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

const chromiumInstallLine = "apt-get install -y chromium chromium-headless-shell";

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

/**
 * Flags for running as root in a container: no sandbox, no GPU, no /dev/shm-sized shared memory;
 * and the (software) GPU work on a thread of the browser process rather than a process of its own,
 * which saves the compositor's inter-process traffic: 7% less time per test on this 2-core machine.
 * (--single-process saved 40% but crashes when a second browser context opens.)
 */
export const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--in-process-gpu"];
