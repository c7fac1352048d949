// axe-core in headless Chromium over every generated HTML card: as it opens (on a desktop
// and on a phone), after filling it in (checked states change colours), with a refused
// results file's message showing, and as it reads without its script. Any violation fails.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cards, dirsFromArgs, fileUrl, finish, launch, watchedPage } from "./lib.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** Run axe in the page. It is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern; the policy still governs the page itself. */
async function audit(page, label, problems) {
  // From the top of the page: filling in scrolls a field into view, and a target that then
  // passes under the sticky toolbar would be measured against the toolbar's buttons, which
  // no reader sees at once (axe's target-size rule does not know the toolbar is sticky).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
    }));
  }, TAGS);
  for (const v of violations) {
    problems.push(`${label}: ${v.id} (${v.impact}) ${v.help}; ${v.count} node(s)\n      ${v.nodes.join("\n      ")}`);
  }
}

const problems = [];
const all = cards(dirsFromArgs());
const browser = await launch();
let audits = 0;
try {
  for (const { path, name, html } of all) {
    const context = await browser.newContext();
    context.setDefaultTimeout(30_000);
    const page = await watchedPage(context, name, problems);
    await page.goto(fileUrl(path));
    await audit(page, `${name}, as opened`, problems);
    await page.setViewportSize({ width: 390, height: 844 });
    await audit(page, `${name}, on a phone`, problems);
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.locator(".points input").first().check();
    await page.locator(".score input").nth(2).check();
    await page.locator(".recommendation input").last().check();
    await page.locator(".notes textarea").first().fill("Explained the trade-off clearly.\nNeeded a hint on shutdown.");
    await audit(page, `${name}, filled in`, problems);
    // A results file that is not one: the refusal shows in the toolbar.
    await page.locator("#load-results").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not results") });
    await page.waitForFunction(() => document.getElementById("message").textContent !== "");
    await audit(page, `${name}, refusing a file`, problems);

    // Without its script: axe needs timers, which a browser with scripts off does not run,
    // so the page is loaded without its one script element instead.
    const plain = html.replace(/<script>[\s\S]*?<\/script>/, "");
    if (plain === html) problems.push(`${name}: no <script> element found`);
    await page.setContent(plain);
    await audit(page, `${name}, without its script`, problems);
    audits += 5;
    await context.close();
  }
} finally {
  await browser.close();
}
finish("axe", problems, `${audits} audits of ${all.length} card(s) (${TAGS.join(", ")}): 0 violations`);
