// The chat page's accessibility, in headless Chromium (Debian's, through
// playwright-core), with the real assistant behind it:
//   node a11y-case.mjs keyboard PAGE_URL LEVELS
//     a whole case with the keyboard alone (Tab, Shift+Tab, Enter, Space,
//     typing), axe-core on the page with the chat open and the card shown,
//     then the chat closed again
//   node a11y-case.mjs phone PAGE_URL LEVELS SCREENSHOT.png
//     a whole case by touch on a phone-sized screen, then axe-core and a
//     screenshot of what the person sees
// LEVELS (JSON, [{label, colour}]): every triage level, whose label on its
// colour axe checks too (a case shows one level only; card.js colours the
// label from the payload the same way). axe-core comes from this
// folder's node_modules, served with the page. Prints one JSON line of what
// was seen; exits non-zero when a step fails.
import { chromium } from "playwright-core";
import { CHROMIUM, report } from "./browser.mjs";

const [mode, pageUrl, levels, screenshot] = process.argv.slice(2);
const STEP_MS = 60000;
const MESSAGE = {
  keyboard: "my eyelid has jumped for 3 days and I live on espresso",
  phone: "my calf has been twitching for three weeks and I drink a lot of coffee",
};
const CONTEXT = {
  keyboard: { viewport: { width: 1200, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const seen = { mode };

// axe-core on the whole document: WCAG 2.0 and 2.1, A and AA, and best
// practice. Then each level's label on a card of its own among the
// messages, for contrast; taken away again.
async function runAxe(page) {
  await page.addScriptTag({ url: new URL("/node_modules/axe-core/axe.min.js", pageUrl).href });
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
  const brief = (result) => result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
  }));
  seen.axe_version = await page.evaluate(() => window.axe.version);
  seen.violations = brief(await page.evaluate((values) => window.axe.run(document, {
    runOnly: { type: "tag", values }, resultTypes: ["violations"],
  }), tags));
  seen.level_violations = brief(await page.evaluate((levels) => {
    const swatches = document.createElement("div");
    swatches.id = "level-swatches";
    for (const { label, colour } of levels) {
      const card = swatches.appendChild(document.createElement("div"));
      card.className = "assessment-card";
      card.style.borderColor = colour;
      const badge = card.appendChild(document.createElement("div"));
      badge.className = "assessment-level";
      badge.style.background = colour;
      badge.textContent = label;
    }
    document.querySelector("#rw-messages").appendChild(swatches);  // where cards are, in the widget's styles
    return window.axe.run("#level-swatches", { runOnly: ["color-contrast"], resultTypes: ["violations"] })
      .finally(() => swatches.remove());
  }, JSON.parse(levels)));
}

// The element with the focus, and whether a person can see where it is.
const focused = (page) => page.evaluate(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
  const name = element.getAttribute("aria-label") || element.innerText.trim().slice(0, 40);
  return { element: element.tagName.toLowerCase() + "." + element.className.split(" ")[0], name, visible: ring };
});

// Tab (or Shift+Tab) until the focus is on what `selector` and `name` say,
// every stop on the way kept with whether its focus could be seen.
async function tabTo(page, selector, name, back = false) {
  for (let presses = 0; presses <= 30; presses++) {
    const now = await focused(page);
    if (now) seen.focus_stops.push(now);
    const there = await page.evaluate(([s, n]) => {
      const element = document.activeElement;
      return element.matches(s) && (!n || element.innerText.trim() === n);
    }, [selector, name]);
    if (there) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${selector} ${name || ""} not reached with ${back ? "Shift+Tab" : "Tab"}`);
}

async function byKeyboard(page) {
  seen.focus_stops = [];
  // Any pointer on the page would be a mouse (or a finger): counted to show there was none.
  await page.evaluate(() => {
    window.pointerEvents = 0;
    document.addEventListener("pointerdown", () => { window.pointerEvents += 1; }, true);
  });
  await page.waitForSelector(".rw-launcher");
  await tabTo(page, ".rw-launcher");
  seen.launcher_name = (await focused(page)).name;
  await page.keyboard.press("Enter");
  await page.waitForSelector(".rw-response >> text=/twitching/i");
  await tabTo(page, ".rw-new-message");
  await page.keyboard.type(MESSAGE.keyboard);
  await page.keyboard.press("Enter");
  await page.locator(".rw-reply", { hasText: "None of these" }).waitFor();
  seen.buttons = await page.locator(".rw-reply").allInnerTexts();
  await tabTo(page, ".rw-reply", "None of these", true);  // the replies come before the message box
  await page.keyboard.press("Space");
  await page.locator(".assessment-card").last().waitFor();
  seen.focus_after_reply = await focused(page);
  seen.pointer_events = await page.evaluate(() => window.pointerEvents);
}

async function byTouch(page) {
  await page.tap(".rw-launcher");
  await page.waitForSelector(".rw-response >> text=/twitching/i");
  await page.tap(".rw-new-message");
  await page.keyboard.type(MESSAGE.phone);
  await page.keyboard.press("Enter");
  const none = page.locator(".rw-reply", { hasText: "None of these" });
  await none.waitFor();
  await none.tap();
  await page.locator(".assessment-card").last().waitFor();
  seen.messages = await page.locator(".rw-response").allInnerTexts();
}

let browser;
await report(seen, async () => {
  browser = await chromium.launch(CHROMIUM);
  const page = await (await browser.newContext(CONTEXT[mode])).newPage();
  page.setDefaultTimeout(STEP_MS);
  await page.goto(pageUrl);
  await (mode === "keyboard" ? byKeyboard(page) : byTouch(page));

  const card = page.locator(".assessment-card").last();
  seen.level = await card.getAttribute("data-level");
  seen.card = await card.innerText();
  if (mode === "phone") {
    await card.scrollIntoViewIfNeeded();
    seen.card_visible = await card.isVisible();
    seen.card_box = await card.boundingBox();
    seen.widths = await page.evaluate(() => ({
      inner: window.innerWidth, scroll: document.documentElement.scrollWidth,
      messages: document.querySelector("#rw-messages").scrollWidth,
      messages_client: document.querySelector("#rw-messages").clientWidth,
    }));
    await page.screenshot({ path: screenshot });
  }
  await runAxe(page);
  if (mode === "keyboard") {  // and closed again from the keyboard: the focus stays on the launcher
    await tabTo(page, ".rw-launcher");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".rw-new-message", { state: "detached" });
    seen.focus_after_close = await focused(page);
  }
}, async () => {
  await browser?.close();
});
