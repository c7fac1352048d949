// What an interviewer fills in on an HTML card is kept, and can be saved and loaded as a
// results file, in headless Chromium on a profile folder that outlives the browser:
// - every card filled in (ticks, scores, notes, topic comments, recommendation, reasons,
//   the candidate's questions, general notes), the browser closed and started again: the
//   answers are all there (another file of the same card, say on Letter, shows them too);
// - "Save results", used from the keyboard, downloads <card>-results.json; the file
//   validates against `scorecard schema results` (ajv), `scorecard results` accepts it, and
//   it equals what was filled in, built here from the JSON export and the typed text;
// - "Load results" of that file fills an empty browser's page the same, asks before it
//   replaces answers, and refuses another card's results and a file that is not JSON with a
//   message, changing nothing;
// - answers an older page kept in the tab (sessionStorage) are adopted into lasting storage;
// - "Clear" asks first: dismissed, nothing changes; accepted, the answers and their stored
//   copy are gone;
// - nothing is requested but the file itself, and the console stays clean.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import Ajv2020 from "ajv/dist/2020.js";
import { SCORECARD, cards, dirsFromArgs, fileUrl, finish, launch, launchPersistent, watchedPage } from "./lib.mjs";

const problems = [];
const all = cards(dirsFromArgs());
const work = mkdtempSync(join(tmpdir(), "scorecard-keep-"));
let checked = 0;

function expect(ok, message) {
  if (!ok) problems.push(message);
  checked += 1;
}

const scorecard = (args) => execFileSync(SCORECARD, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const ajv = new Ajv2020({ strict: false, allErrors: true });
// schemars names Rust's integer widths as formats (uint32); their range is in the schema too.
ajv.addFormat("uint32", true);
const validate = ajv.compile(JSON.parse(scorecard(["schema", "results"])));

/** Text as an interviewer types it: lines, indents, trailing spaces, markup-like text and
 * characters from several scripts, all of which must come back exactly. */
const typed = (what, i) => `${what} ${i}: "quoted" <b>not bold</b> & 'single' — Zoë, Дмитрий, 李\n  indented line\ttab  \nlast line `;

/** The answers filled into `card`, as a results file holds them, built from the JSON
 * export (not from the page). `variant` changes every answer, so two fillings differ. */
function answers(edition, card, hasClosing, variant) {
  const levels = edition.rubric.length;
  const questions = card.questions.map((q, i) => ({
    id: q.id,
    topic: q.topic,
    level: q.level,
    prompt: q.prompt,
    expected: q.expected,
    points: q.expected.map((_, j) => (i + j + variant) % 2 === 0),
    // The last question stays unscored: null in the file.
    score: i === card.questions.length - 1 ? null : ((i + variant) % levels) + 1,
    notes: i % 3 === 1 ? "" : typed(`notes ${variant}`, i),
  }));
  const topics = card.topics.map((t) => t.id).sort();
  return {
    format: "scorecard-results/1",
    fingerprint: edition.fingerprint,
    bank: { name: edition.bank.name, version: edition.bank.version },
    role: edition.role,
    seniority: edition.seniority,
    candidate: edition.candidate,
    date: edition.date,
    interviewer: card.interviewer,
    panel: edition.scorecards.map((c) => c.interviewer).filter((n) => n !== null),
    rubric: edition.rubric.map((r) => r.label),
    questions,
    topic_comments: { [topics[variant % topics.length]]: typed(`comment ${variant}`, 0) },
    recommendation: edition.recommendations[(1 + variant) % edition.recommendations.length].replace(/ /g, "-"),
    reasons: typed(`reasons ${variant}`, 0),
    candidate_questions: hasClosing ? typed(`asked ${variant}`, 0) : "",
    notes: `General ${variant}: typed key by key.`,
  };
}

/** Fill the page with `r`, as a person does: clicks, and text typed or pasted. */
async function fillIn(page, r) {
  for (const [i, q] of r.questions.entries()) {
    const n = i + 1;
    for (const [j, on] of q.points.entries()) await page.locator(`#q${n}-p${j}`).setChecked(on);
    if (q.score !== null) await page.locator(`input[name="q${n}-score"][value="${q.score}"]`).check();
    await page.locator(`#q${n}-notes`).fill(q.notes);
  }
  for (const [topic, text] of Object.entries(r.topic_comments)) {
    await page.locator(`textarea[name="comment-${topic}"]`).fill(text);
  }
  await page.locator(`.recommendation input[value="${r.recommendation.replace(/-/g, " ")}"]`).check();
  await page.locator("#overall-notes").fill(r.reasons);
  if (r.candidate_questions) await page.locator("#candidate-questions").fill(r.candidate_questions);
  await page.locator("#general-notes").pressSequentially(r.notes);
}

/** What the page shows, read back from its controls in the shape of a results file's
 * answers (the questions' own texts left out). */
async function shown(page) {
  return page.evaluate(() => {
    const value = (sel) => document.querySelector(sel)?.value ?? "";
    const questions = [...document.querySelectorAll("article.question")].map((a) => ({
      points: [...a.querySelectorAll(".points input")].map((b) => b.checked),
      score: Number(a.querySelector(".score input:checked")?.value) || null,
      notes: a.querySelector(".notes textarea").value,
    }));
    const topic_comments = {};
    for (const area of document.querySelectorAll(".summary textarea")) {
      if (area.value) topic_comments[area.name.slice("comment-".length)] = area.value;
    }
    const choice = document.querySelector(".recommendation input:checked");
    return {
      questions,
      topic_comments,
      recommendation: choice ? choice.value.replace(/ /g, "-") : null,
      reasons: value("#overall-notes"),
      candidate_questions: value("#candidate-questions"),
      notes: value("#general-notes"),
    };
  });
}

/** `r`'s answers in the shape `shown` reads them. */
const answersOf = (r) => ({
  questions: r.questions.map((q) => ({ points: q.points, score: q.score, notes: q.notes })),
  topic_comments: r.topic_comments,
  recommendation: r.recommendation,
  reasons: r.reasons,
  candidate_questions: r.candidate_questions,
  notes: r.notes,
});

/** The first place two values differ, for a readable message. */
function difference(a, b, path = "") {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = difference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path || "(top)"}: ${JSON.stringify(a)} where ${JSON.stringify(b)} was expected`;
}

/** Wait until `ok()` holds, for at most 10 s (the page reads a file asynchronously). */
async function until(ok) {
  for (let waited = 0; !ok() && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
}

const storedKeys = (page) =>
  page.evaluate(() => ({
    local: Object.keys(localStorage).filter((k) => k.startsWith("scorecard/")),
    session: Object.keys(sessionStorage).filter((k) => k.startsWith("scorecard/")),
  }));

const hasClosing = (html) => html.includes('id="candidate-questions"');

const profile = join(work, "profile");
// Two files of one card (on A4 and on Letter, roomy and compact) are one card: they keep
// one set of answers, filled in through the first of them.
const keyOf = (html) => html.match(/data-storage-key="([^"]*)"/)[1];
const firstOf = all.map(({ html }) => all.findIndex((c) => keyOf(c.html) === keyOf(html)));
const filled = all.map(({ edition, card, html }, i) => answers(edition, card, hasClosing(html), firstOf[i] % 2));
const saved = [];

try {
  // 1. Fill every card in a browser with a lasting profile, then close the browser.
  {
    const browser = await launchPersistent(profile);
    browser.setDefaultTimeout(30_000);
    for (const [i, { path, name }] of all.entries()) {
      const page = await watchedPage(browser, `${name} (filling in)`, problems);
      await page.goto(fileUrl(path));
      if (firstOf[i] !== i) {
        const d = difference(await shown(page), answersOf(filled[i]));
        expect(d === null, `${name}: lacks the answers given in ${all[firstOf[i]].path}, the same card: at ${d}`);
        await page.close();
        continue;
      }
      expect((await page.locator("#saved").innerText()).includes("saved in this browser"), `${name}: the page does not say answers are kept: ${await page.locator("#saved").innerText()}`);
      await fillIn(page, filled[i]);
      expect((await page.locator("#saved").innerText()) === "Saved in this browser.", `${name}: the page does not say the answers are saved`);
      await page.close();
    }
    await browser.close();
  }

  // 2. Start it again: every card shows what was filled in. Save its results from the
  //    keyboard, and check the file with the schema, the tool and the answers.
  {
    const browser = await launchPersistent(profile);
    browser.setDefaultTimeout(30_000);
    for (const [i, { path, name }] of all.entries()) {
      const page = await watchedPage(browser, `${name} (restarted)`, problems);
      await page.goto(fileUrl(path));
      const d = difference(await shown(page), answersOf(filled[i]));
      expect(d === null, `${name}: after a restart the page differs from what was filled in at ${d}`);
      const scored = filled[i].questions.filter((q) => q.score !== null).length;
      const progress = await page.locator("#progress").innerText();
      expect(progress.startsWith(`${scored} of ${filled[i].questions.length} questions scored`) && !progress.includes("no recommendation"),
        `${name}: the progress line was not rebuilt after a restart: ${progress}`);

      await page.locator("#save-results").focus();
      const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
      const expectedName = name.replace(/\.html$/, "-results.json");
      expect(download.suggestedFilename() === expectedName, `${name}: saved as ${download.suggestedFilename()}, not ${expectedName}`);
      const file = join(work, `${i}-${expectedName}`);
      await download.saveAs(file);
      saved.push(file);
      const data = JSON.parse(readFileSync(file, "utf8"));
      expect(validate(data), `${name}: the saved file does not validate against the schema: ${ajv.errorsText(validate.errors)}`);
      let read = null;
      try {
        read = JSON.parse(scorecard(["results", file]));
      } catch (e) {
        problems.push(`${name}: scorecard results refused the saved file: ${e.stderr || e.message}`);
      }
      const dSaved = difference(data, filled[i]);
      expect(dSaved === null, `${name}: the saved file differs from what was filled in at ${dSaved}`);
      const dRead = read && difference(read, filled[i]);
      expect(read !== null && dRead === null, `${name}: scorecard results reads the saved file differently at ${dRead}`);
      expect((await page.locator("#saved").innerText()).includes(expectedName), `${name}: the page does not say where the results went`);
      await page.close();
    }
    await browser.close();
  }

  const browser = await launch();
  try {
    for (const [i, { path, name, html }] of all.entries()) {
      const url = fileUrl(path);
      let dialogs = [];
      const answer = (accept) => async (d) => {
        dialogs.push(d.message());
        await (accept ? d.accept() : d.dismiss());
        return d.type() === "confirm";
      };
      let reply = answer(false);

      // 3. Load results: into an empty page, from the keyboard, with no question asked.
      const context = await browser.newContext();
      context.setDefaultTimeout(30_000);
      const page = await watchedPage(context, `${name} (loading)`, problems, (d) => reply(d));
      // Listening for file choosers from the start turns Chromium's interception of them on
      // before the key is pressed (turned on as the key goes down, the picker may be missed).
      page.on("filechooser", () => {});
      await page.goto(url);
      await page.locator("#load-results").focus();
      const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
      await chooser.setFiles(saved[i]);
      await page.waitForFunction(() => document.querySelector(".recommendation input:checked") !== null).catch(() => {});
      let d = difference(await shown(page), answersOf(filled[i]));
      expect(d === null, `${name}: after Load results the page differs from the file at ${d}`);
      expect(dialogs.length === 0, `${name}: loading into an empty page asked: ${dialogs.join(" / ")}`);
      expect((await page.locator("#message").innerText()) === "", `${name}: a message after a good load: ${await page.locator("#message").innerText()}`);
      expect((await storedKeys(page)).local.length === 1, `${name}: loaded answers are not kept in the browser`);

      // Another card's results, and a file that is not JSON: refused with a message, and
      // nothing on the page changes.
      const j = all.findIndex((c) => keyOf(c.html) !== keyOf(html));
      const other = j >= 0 ? saved[j] : null;
      const wrong = join(work, `${i}-other-card.json`);
      if (other) {
        writeFileSync(wrong, readFileSync(other));
      } else {
        const copy = JSON.parse(readFileSync(saved[i], "utf8"));
        copy.fingerprint = "0000-0000";
        writeFileSync(wrong, JSON.stringify(copy));
      }
      const junk = join(work, `${i}-notes.json`);
      writeFileSync(junk, "Ticked 3 of 5, scored 3.\n");
      for (const [file, words] of [[wrong, "another card"], [junk, "not JSON"]]) {
        await page.locator("#load-results").setInputFiles(file);
        await page.waitForFunction((f) => document.getElementById("message").textContent.startsWith(f), basename(file)).catch(() => {});
        const message = await page.locator("#message").innerText();
        expect(message.includes("was not loaded") && message.includes(words), `${name}: loading ${file} gave the message ${JSON.stringify(message)}, not one saying ${words}`);
        expect((await page.locator("[role=alert]").innerText()) === message, `${name}: the refusal is not in an alert`);
        d = difference(await shown(page), answersOf(filled[i]));
        expect(d === null, `${name}: a refused file changed the page at ${d}`);
      }

      // Loading over answers asks first; dismissed, nothing changes; accepted, the file's
      // answers replace them.
      const changed = answers(all[i].edition, all[i].card, hasClosing(html), 1 - (i % 2));
      await page.locator("#general-notes").fill(changed.notes);
      dialogs = [];
      await page.locator("#load-results").setInputFiles(saved[i]);
      await until(() => dialogs.length > 0);
      expect(dialogs.length === 1 && dialogs[0].includes("Replace"), `${name}: loading over answers did not ask: ${dialogs.join(" / ")}`);
      expect((await page.locator("#general-notes").inputValue()) === changed.notes, `${name}: a dismissed load changed the page`);
      reply = answer(true);
      await page.locator("#load-results").setInputFiles(saved[i]);
      await page.waitForFunction((n) => document.getElementById("general-notes").value === n, filled[i].notes).catch(() => {});
      d = difference(await shown(page), answersOf(filled[i]));
      expect(d === null, `${name}: an accepted load differs from the file at ${d}`);

      // 4. Clear asks first: dismissed, nothing changes; accepted, all is gone, here and
      //    in the browser's storage, and stays gone after a reload.
      dialogs = [];
      reply = answer(false);
      await page.locator("#clear").click();
      await until(() => dialogs.length > 0);
      expect(dialogs.length === 1, `${name}: Clear did not ask`);
      expect((await page.locator("input:checked").count()) > 0, `${name}: a dismissed Clear wiped the page`);
      reply = answer(true);
      await page.locator("#clear").click();
      expect((await page.locator("input:checked").count()) === 0 && (await page.locator("#general-notes").inputValue()) === "",
        `${name}: an accepted Clear left answers`);
      let keys = await storedKeys(page);
      expect(keys.local.length + keys.session.length === 0, `${name}: Clear left stored answers: ${JSON.stringify(keys)}`);
      await page.reload();
      expect((await page.locator("input:checked").count()) === 0, `${name}: cleared answers came back on reload`);
      expect((await page.locator(".summary .ticked").first().innerText()) === "0", `${name}: the summary was not reset by Clear`);

      // 5. Answers an older page kept in this tab are adopted into lasting storage.
      const key = await page.locator("#card").getAttribute("data-storage-key");
      const older = { "q1-p0": true, "q1-score=2": true, "q1-notes": typed("older page", 1), "recommendation=no": true };
      await page.evaluate(([k, v]) => sessionStorage.setItem(k, v), [key, JSON.stringify(older)]);
      await page.reload();
      expect(await page.locator("#q1-p0").isChecked(), `${name}: the older page's tick was not adopted`);
      expect((await page.locator("#q1-notes").inputValue()) === older["q1-notes"], `${name}: the older page's notes were not adopted`);
      expect(await page.locator('.recommendation input[value="no"]').isChecked(), `${name}: the older page's recommendation was not adopted`);
      keys = await storedKeys(page);
      expect(keys.local.join() === key && keys.session.length === 0, `${name}: adopted answers are not moved to lasting storage: ${JSON.stringify(keys)}`);
      const tab = await watchedPage(context, `${name} (adopted, new tab)`, problems);
      await tab.goto(url);
      expect((await tab.locator("#q1-notes").inputValue()) === older["q1-notes"], `${name}: adopted answers do not reach a new tab`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
finish("keep", problems, `${all.length} card(s), ${checked} checks passed`);
