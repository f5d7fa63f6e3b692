// What the browser tests share: Debian's Chromium through playwright-core,
// started as this machine needs (its network is closed, so no background
// networking), and the script's result as one JSON line of what was seen.

export const CHROMIUM = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

// Runs the steps, then prints `seen` as one JSON line, with the error if a
// step failed (the exit code then 1); `cleanup` runs in any case.
export async function report(seen, steps, cleanup) {
  try {
    await steps();
    console.log(JSON.stringify(seen));
  } catch (error) {
    console.log(JSON.stringify({ ...seen, error: String(error) }));
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}
