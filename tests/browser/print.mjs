// Each HTML card printed to PDF by headless Chromium, as a person printing it would get it
// (print media, the page's own @page size): every prompt of the JSON export must come back
// out of the printed PDF's text (pdftotext), on the card's paper size, with the running
// footer, in a page count close to our own PDF's.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bare, cards, dirsFromArgs, fileUrl, finish, launch, pdfPages, pdfPageSize, promptLines, watchedPage } from "./lib.mjs";

/** Paper sizes in points, as pdfinfo reports them (Chromium rounds to whole pixels). */
const PAPER = { a4: [595.28, 841.89], letter: [612, 792] };

/** How far the printed page count may be from our PDF's: the two lay out text with
 * different engines, so a page either way, or a fifth on long cards. */
const slack = (pages) => Math.max(1, Math.round(pages * 0.2));

const problems = [];
const all = cards(dirsFromArgs());
const work = mkdtempSync(join(tmpdir(), "scorecard-print-"));
const browser = await launch();
const rows = [];
try {
  for (const { path, name, edition, card, pdf } of all) {
    const context = await browser.newContext();
    const page = await watchedPage(context, name, problems);
    await page.goto(fileUrl(path));
    const printed = join(work, name.replace(/\.html$/, ".pdf"));
    // As the print dialog does by default: the card's own @page size, no background graphics.
    writeFileSync(printed, await page.pdf({ preferCSSPageSize: true, printBackground: false }));
    await context.close();

    const text = execFileSync("pdftotext", ["-enc", "UTF-8", printed, "-"], { encoding: "utf8" });
    const flat = bare(text);
    // pdftotext drops a hyphen it finds at the end of a line ("32-core" broken after the
    // hyphen comes back as "32core"), so prompts are also compared without hyphens.
    const unhyphenated = flat.replace(/-/g, "");
    const printedHas = (line) => flat.includes(bare(line)) || unhyphenated.includes(bare(line).replace(/-/g, ""));
    for (const q of card.questions) {
      for (const line of promptLines(q.prompt)) {
        if (!printedHas(line)) problems.push(`${name}: printed PDF lacks the prompt of ${q.id}: ${line}`);
      }
    }
    for (const who of [edition.candidate, card.interviewer].filter(Boolean)) {
      if (!flat.includes(bare(who))) problems.push(`${name}: printed PDF lacks ${who}`);
    }

    const pages = pdfPages(printed);
    const lastFooter = `page${pages}of${pages}`;
    if (!flat.includes(bare(lastFooter))) problems.push(`${name}: printed PDF has no "page ${pages} of ${pages}" footer`);
    const [w, h] = pdfPageSize(printed);
    const [pw, ph] = PAPER[edition.paper];
    if (Math.abs(w - pw) > 2 || Math.abs(h - ph) > 2) problems.push(`${name}: printed on ${w} x ${h} pt, not ${edition.paper} (${pw} x ${ph})`);

    let ours = "-";
    try {
      ours = pdfPages(pdf);
    } catch {
      problems.push(`${name}: no PDF of ours beside it (${pdf}) to compare page counts with`);
    }
    if (ours !== "-" && Math.abs(pages - ours) > slack(ours)) {
      problems.push(`${name}: printed to ${pages} page(s), our PDF has ${ours}`);
    }
    rows.push(`  ${String(pages).padStart(3)} printed  ${String(ours).padStart(3)} ours  ${edition.paper.padEnd(6)} ${name}`);
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
console.log("print: pages from Chromium vs our PDF\n" + rows.join("\n"));
finish("print", problems, `${all.length} card(s) printed; every prompt in the printed text`);
