// Shared helpers for the real-browser checks: finding the generated cards, matching each
// HTML page to its card in the JSON export, and starting the system's Chromium.
import { readdirSync, readFileSync } from "node:fs";
import { join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

/** The Chromium to drive: Debian's package, or $CHROMIUM. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Start headless Chromium; it runs as root in CI, hence --no-sandbox. Playwright gives
 * every launch a fresh temporary profile (--user-data-dir). */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** Start headless Chromium on a profile folder that outlives it, as a person's browser
 * does: what a page stores is there when it starts again on the same folder. Returns the
 * browser's one context; closing it ends the browser. */
export function launchPersistent(profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    acceptDownloads: true,
  });
}

/** The scorecard binary, for reading back what a page saved: $SCORECARD, or the debug build. */
export const SCORECARD =
  process.env.SCORECARD || fileURLToPath(new URL("../../target/debug/scorecard", import.meta.url));

/** Collapse white space, so wrapped lines compare with the source text. */
export const squash = (text) => text.split(/\s+/).filter(Boolean).join(" ");

/** Drop all white space and the markup's backticks: what must survive any line wrapping. */
export const bare = (text) => text.replace(/`/g, "").replace(/\s+/g, "");

/**
 * Every HTML card in the given folders, each with the edition (JSON export) and the card
 * it shows, found by its question ids; `pdf` is our own PDF of the same card.
 */
export function cards(dirs) {
  const found = [];
  for (const dir of dirs) {
    const names = readdirSync(dir).sort();
    const editions = names
      .filter((n) => n.endsWith(".json"))
      .map((n) => ({ stem: n.slice(0, -5), data: JSON.parse(readFileSync(join(dir, n), "utf8")) }));
    for (const name of names.filter((n) => n.endsWith(".html"))) {
      const path = join(dir, name);
      const html = readFileSync(path, "utf8");
      const ids = [...html.matchAll(/data-question-id="([^"]*)"/g)].map((m) => m[1]);
      const stem = name.slice(0, -5);
      const edition = editions
        .filter((e) => stem === e.stem || stem.startsWith(e.stem + "-"))
        .sort((a, b) => b.stem.length - a.stem.length)[0];
      if (!edition) throw new Error(`${path}: no JSON export beside it`);
      const card = edition.data.scorecards.find(
        (c) => c.questions.map((q) => q.id).join(" ") === ids.join(" "),
      );
      if (!card) throw new Error(`${path}: its questions (${ids.join(", ")}) match no card of ${edition.stem}.json`);
      found.push({ path, name, html, edition: edition.data, card, pdf: join(dir, stem + ".pdf") });
    }
  }
  if (found.length === 0) throw new Error(`no HTML cards in ${dirs.join(", ")}`);
  return found;
}

/** The text lines a prompt shows: fences dropped, backticks dropped, blank lines dropped. */
export function promptLines(prompt) {
  return prompt
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("```"));
}

/** Pages of a PDF, from pdfinfo (poppler-utils). */
export function pdfPages(path) {
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  const m = info.match(/^Pages:\s+(\d+)/m);
  if (!m) throw new Error(`pdfinfo gave no page count for ${path}`);
  return Number(m[1]);
}

/** Page size of a PDF's first page in points, from pdfinfo. */
export function pdfPageSize(path) {
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  const m = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m);
  if (!m) throw new Error(`pdfinfo gave no page size for ${path}`);
  return [Number(m[1]), Number(m[2])];
}

/** A page that records every problem a card must not have: a request that is not the card
 * itself, a console error or warning (a blocked inline script or style shows up there), an
 * uncaught exception, and any dialog (alert, confirm, print prompt) but those `dialogs`
 * answers: it gets each dialog and returns true when it was expected (and answered it). */
export async function watchedPage(context, label, problems, dialogs = null) {
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${label}: console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${label}: uncaught ${e.message}`));
  page.on("dialog", async (d) => {
    if (dialogs && (await dialogs(d))) return;
    problems.push(`${label}: a ${d.type()} dialog opened: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  // Only the card itself may load: an image, font, style sheet or script from anywhere,
  // even beside the file, is a request the policy should have stopped.
  await page.route("**/*", (route) => {
    const request = route.request();
    if (request.isNavigationRequest() && request.url().startsWith("file:")) return route.continue();
    return route.abort();
  });
  page.on("request", (r) => {
    if (!(r.isNavigationRequest() && r.url().startsWith("file:"))) problems.push(`${label}: requested ${r.url()}`);
  });
  return page;
}

/** File URL of a path. */
export const fileUrl = (path) => "file://" + path.split("/").map(encodeURIComponent).join("/");

/** Print the problems and exit non-zero, or print `ok` and exit zero. */
export function finish(what, problems, ok) {
  if (problems.length) {
    console.error(`${what}: ${problems.length} problem(s)`);
    for (const p of problems) console.error("  " + p);
    process.exit(1);
  }
  console.log(`${what}: ${ok}`);
}

/** The folders named on the command line. */
export function dirsFromArgs() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error(`usage: node ${basename(process.argv[1])} DIR...  (folders of generated .html, .json and .pdf)`);
    process.exit(2);
  }
  return dirs;
}
