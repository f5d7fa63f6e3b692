// Opens a summary link in headless Chromium (Debian's, through
// playwright-core) as a person would, on a desktop and on a phone, as the
// screen shows it and as it prints; then fetches its PDF and reads it with
// an independent reader (pdf.js):
//   node summary-page.mjs SUMMARY_URL SCREENSHOT.png
// Prints one JSON line of what was seen; exits non-zero on failure.
import { chromium } from "playwright-core";
import { CHROMIUM, report } from "./browser.mjs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [summaryUrl, screenshot] = process.argv.slice(2);
const seen = {};
let browser;
await report(seen, async () => {
  browser = await chromium.launch(CHROMIUM);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.setDefaultTimeout(60000);
  const response = await page.goto(summaryUrl);
  seen.status = response.status();
  seen.content_type = response.headers()["content-type"];
  seen.cache = response.headers()["cache-control"];
  seen.csp = response.headers()["content-security-policy"];
  seen.title = await page.title();
  seen.lang = await page.getAttribute("html", "lang");
  seen.headings = await page.locator("h1, h2").allInnerTexts();
  seen.text = await page.locator("body").innerText();
  seen.pdf_link = await page.locator("a", { hasText: "PDF" }).getAttribute("href");
  await page.screenshot({ path: screenshot, fullPage: true });

  // A phone: nothing wider than the screen, the words as large as on a desktop.
  await page.setViewportSize({ width: 360, height: 740 });
  seen.phone = await page.evaluate(() => ({
    overflows: document.documentElement.scrollWidth > window.innerWidth,
    font_px: parseFloat(getComputedStyle(document.querySelector("li, p")).fontSize),
  }));

  // Printed: the same words, the link to the PDF left out, and how many A4 pages.
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.emulateMedia({ media: "print" });
  seen.print = {
    text: await page.locator("main").innerText(),
    link_shown: await page.locator(".actions").isVisible(),
    font_px: await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("li, p")).fontSize)),
  };
  const printed = await page.pdf({ format: "A4" });
  seen.print.pages = (await getDocument({ data: new Uint8Array(printed) }).promise).numPages;

  // The PDF as served, read by pdf.js: its pages and its text.
  const pdfResponse = await fetch(new URL(seen.pdf_link, summaryUrl));
  const bytes = new Uint8Array(await pdfResponse.arrayBuffer());
  seen.pdf = {
    status: pdfResponse.status,
    content_type: pdfResponse.headers.get("content-type"),
    magic: new TextDecoder().decode(bytes.slice(0, 5)),
  };
  const pdf = await getDocument({ data: bytes }).promise;
  seen.pdf.pages = pdf.numPages;
  const texts = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    texts.push(content.items.map((item) => item.str).join(" "));
  }
  seen.pdf.text = texts.join("\n");
}, async () => {
  await browser?.close();
});
