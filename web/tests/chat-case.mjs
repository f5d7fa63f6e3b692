// Drives the chat page in headless Chromium (Debian's, through
// playwright-core) through a whole case, like a person would:
//   node chat-case.mjs PAGE_URL SCREENSHOT.png
// Prints one JSON line of what the person saw; exits non-zero on failure.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, report } from "./browser.mjs";

const [pageUrl, screenshot] = process.argv.slice(2);
const STEP_MS = 60000;

// One browser profile for the whole run: closing the browser and starting
// it again on the same profile is a browser restart, local storage kept.
const profile = mkdtempSync(join(tmpdir(), "twitch-chromium-"));
const startBrowser = async () => {
  const context = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM,
    viewport: { width: 1200, height: 900 },
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(STEP_MS);
  return { context, page };
};
const seen = {};
let browser;
await report(seen, async () => {
  let page;
  ({ context: browser, page } = await startBrowser());
  await page.goto(pageUrl);
  await page.click(".rw-launcher");
  await page.waitForSelector(".rw-response >> text=/twitching/i");
  seen.greeting = await page.locator(".rw-response").first().innerText();

  const say = async (text) => {  // on the page of the moment
    await page.fill(".rw-new-message", text);
    await page.keyboard.press("Enter");
  };
  await say("my eyelid has jumped for 3 days and I live on espresso");
  const button = page.locator(".rw-reply", { hasText: "None of these" });
  await button.waitFor();
  seen.buttons = await page.locator(".rw-reply").allInnerTexts();
  await button.click();

  const card = page.locator(".assessment-card").last();
  await card.waitFor();
  seen.level = await card.getAttribute("data-level");
  seen.card = await card.innerText();
  seen.causes = await card.locator("[data-cause]").evaluateAll((items) => items.map((i) => i.dataset.cause));
  seen.colours = await card.evaluate((el) => [
    getComputedStyle(el).borderTopColor, getComputedStyle(el.querySelector(".assessment-level")).backgroundColor,
  ]);
  seen.raw_json_shown = (await page.locator(".rw-messages-container").innerText()).includes('"triage_level"');

  // Session persistence: after a browser restart the same conversation goes on.
  await browser.close();
  ({ context: browser, page } = await startBrowser());
  await page.goto(pageUrl);
  await page.waitForSelector(".rw-launcher, .rw-new-message");
  if (!(await page.locator(".rw-new-message").isVisible())) {
    await page.click(".rw-launcher");
  }
  await page.locator(".assessment-card").last().waitFor();  // the earlier messages are back
  await say("actually it's been three weeks");
  await page.waitForSelector('.assessment-card[data-level="gp_routine"]');
  seen.after_restart_level = "gp_routine";
  // A gp_routine assessment offers the summary for the doctor: a link in the message.
  const link = page.locator('.rw-response a[href*="/webhooks/summary/"]').last();
  await link.waitFor();
  seen.summary_link = await link.getAttribute("href");
  await page.screenshot({ path: screenshot, fullPage: true });
}, async () => {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
});
