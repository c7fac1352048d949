// The debrief and comparison pages (`scorecard debrief`) in real tools: the W3C Nu HTML
// checker, axe-core in headless Chromium (on a desktop and on a phone), no request beyond the
// page and no console message (a blocked style would show there), and hostile free text that
// stays text: no dialog opens, no script or image element appears. Any problem fails.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { dirsFromArgs, fileUrl, finish, launch, watchedPage } from "./lib.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const files = dirsFromArgs().flatMap((dir) =>
  readdirSync(dir)
    .filter((n) => /-(debrief|comparison)\.html$/.test(n))
    .sort()
    .map((n) => join(dir, n)),
);
const problems = [];
if (files.length === 0) problems.push("no debrief or comparison pages found");

// Nu: errors fail, warnings are listed.
const jar = String(require("vnu-jar"));
let report;
try {
  report = execFileSync("java", ["-Xss4m", "-jar", jar, "--format", "json", "--stdout", ...files], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
} catch (e) {
  if (typeof e.stdout !== "string" || !e.stdout.trim().startsWith("{")) {
    console.error(`vnu did not run: ${e.message}\n${e.stderr || ""}`);
    process.exit(1);
  }
  report = e.stdout;
}
for (const m of JSON.parse(report).messages) {
  const where = `${(m.url || "").replace(/^file:/, "")}:${m.lastLine ?? "?"}`;
  if (m.type === "error" || m.type === "non-document-error") problems.push(`vnu ${where}: ${m.message}`);
  else console.log(`  vnu warning ${where}: ${m.message}`);
}

async function audit(page, label) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }, TAGS);
  for (const v of violations) problems.push(`${label}: ${v}`);
}

const browser = await launch();
try {
  for (const path of files) {
    const name = path.split("/").pop();
    const context = await browser.newContext();
    const page = await watchedPage(context, name, problems);
    await page.goto(fileUrl(path));
    await audit(page, `${name}, desktop`);
    await page.setViewportSize({ width: 390, height: 844 });
    await audit(page, `${name}, phone`);
    const found = await page.evaluate(() => ({
      scripts: document.querySelectorAll("script").length,
      images: document.querySelectorAll("img").length,
      handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
      svg: document.querySelectorAll("svg[role=img] > title").length,
    }));
    if (found.scripts || found.images || found.handlers) problems.push(`${name}: markup from text: ${JSON.stringify(found)}`);
    if (name.endsWith("-debrief.html") && found.svg !== 1) problems.push(`${name}: no titled chart`);
    await context.close();
  }
} finally {
  await browser.close();
}
finish("debrief pages", problems, `${files.length} page(s): Nu 0 errors, axe 0 violations, no requests, text stayed text`);
