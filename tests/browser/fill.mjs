// Each HTML card in headless Chromium, as a person uses it:
// - with scripts off it reads fully: every prompt, point, follow-up and red flag, and one
//   checkbox per point, one radio group per question, one notes field per question;
// - every text from the JSON export (names, prompts, points, rubric) appears literally, and
//   nothing in it became markup: one script, one style, no event-handler attribute, no
//   element a bank or spec could have smuggled in, no dialog however the page is poked;
// - filling in updates the topic summary and the progress line, and survives a reload; the
//   same card in another tab shows the same answers and follows their changes, while
//   another card starts empty (keep.mjs closes and restarts the browser, and saves and
//   loads results files);
// - nothing is requested but the file itself, and the console stays clean.
import { bare, cards, dirsFromArgs, fileUrl, finish, launch, promptLines, squash, watchedPage } from "./lib.mjs";

const problems = [];
const all = cards(dirsFromArgs());
const browser = await launch();
let checked = 0;

function expect(ok, message) {
  if (!ok) problems.push(message);
  checked += 1;
}

/** Every piece of text of a card that the page must show, with where it comes from. */
function texts(edition, card) {
  const out = [
    ["role", edition.role],
    ["bank name", edition.bank.name],
    ["bank version", edition.bank.version],
    ["fingerprint", edition.fingerprint],
  ];
  if (edition.candidate) out.push(["candidate", edition.candidate]);
  if (card.interviewer) out.push(["interviewer", card.interviewer]);
  for (const level of edition.rubric) out.push(["rubric label", level.label], ["rubric anchor", level.anchor]);
  for (const q of card.questions) {
    out.push([`${q.id} topic`, q.topic_title]);
    for (const line of promptLines(q.prompt)) out.push([`${q.id} prompt`, line]);
    for (const p of q.expected) out.push([`${q.id} point`, p]);
    for (const p of q.follow_ups) out.push([`${q.id} follow-up`, p]);
    for (const p of q.red_flags) out.push([`${q.id} red flag`, p]);
  }
  return out;
}

/** Everything the page shows as text, read without CSS (no uppercase labels). */
const shown = (page) => page.evaluate(() => document.title + " " + document.querySelector("main").textContent);

try {
  for (const { path, name, edition, card } of all) {
    const url = fileUrl(path);
    const points = card.questions.reduce((n, q) => n + q.expected.length, 0);

    // Scripts off.
    {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await watchedPage(context, `${name} (scripts off)`, problems);
      await page.goto(url);
      const visible = squash(await page.locator("main").innerText());
      for (const q of card.questions) {
        for (const line of promptLines(q.prompt)) {
          expect(bare(visible).includes(bare(line)), `${name} (scripts off): prompt of ${q.id} not shown: ${line}`);
        }
        for (const p of [...q.expected, ...q.follow_ups, ...q.red_flags]) {
          expect(bare(visible).includes(bare(p)), `${name} (scripts off): ${q.id} lacks ${p}`);
        }
        const article = page.locator(`article[data-question-id="${q.id}"]`);
        expect((await article.locator("input[type=checkbox]").count()) === q.expected.length, `${name}: ${q.id} needs one checkbox per point`);
        expect((await article.locator("input[type=radio]").count()) === edition.rubric.length, `${name}: ${q.id} needs one radio per rubric level`);
        expect((await article.locator("textarea").count()) === 1, `${name}: ${q.id} needs one notes field`);
      }
      expect(!(await page.locator(".toolbar").isVisible()), `${name} (scripts off): the toolbar shows, but its button needs the script`);
      expect((await page.locator(".recommendation input[type=radio]").count()) === edition.recommendations.length, `${name}: one radio per recommendation`);
      expect(!/\bneutral\b/i.test(edition.recommendations.join(" ")), `${name}: a neutral recommendation`);
      await context.close();
    }

    // Scripts on: literal text, nothing injected, nothing runs.
    const context = await browser.newContext();
    context.setDefaultTimeout(30_000);
    const page = await watchedPage(context, name, problems);
    await page.goto(url);
    const text = await shown(page);
    for (const [what, value] of texts(edition, card)) {
      expect(bare(text).includes(bare(value)), `${name}: ${what} not shown literally: ${value}`);
    }
    const expectedTitle = [edition.role, edition.candidate, card.interviewer].filter(Boolean).join(" · ");
    expect((await page.title()) === expectedTitle, `${name}: title is ${JSON.stringify(await page.title())}, not ${JSON.stringify(expectedTitle)}`);
    const dom = await page.evaluate(() => ({
      scripts: document.scripts.length,
      results: (() => {
        try {
          return JSON.parse(document.getElementById("card-results").content.textContent);
        } catch (e) {
          return null;
        }
      })(),
      styles: document.querySelectorAll("style, link").length,
      handlers: [...document.querySelectorAll("*")].flatMap((e) =>
        [...e.attributes].filter((a) => a.name.startsWith("on") || /^\s*javascript:/i.test(a.value)).map((a) => `<${e.localName} ${a.name}>`),
      ),
      smuggled: [...document.querySelectorAll("img, svg, iframe, object, embed, a, b, base, form, link, meta[http-equiv=refresh], body style, main script")].map((e) => e.localName),
    }));
    expect(dom.scripts === 1, `${name}: ${dom.scripts} script elements, not 1`);
    // The blank results the page saves from hold the card's texts exactly.
    const blank = dom.results;
    expect(blank?.format === "scorecard-results/1" && blank.fingerprint === edition.fingerprint &&
      blank.candidate === edition.candidate && blank.interviewer === card.interviewer &&
      JSON.stringify(blank.questions.map((q) => [q.id, q.prompt, q.expected])) === JSON.stringify(card.questions.map((q) => [q.id, q.prompt, q.expected])),
      `${name}: the page's blank results are not this card's`);
    expect(dom.styles === 1, `${name}: ${dom.styles} style or link elements, not 1`);
    expect(dom.handlers.length === 0, `${name}: event handlers or javascript: URLs in the page: ${dom.handlers.join(", ")}`);
    expect(dom.smuggled.length === 0, `${name}: elements no card has: ${dom.smuggled.join(", ")}`);
    // Poke everything an injected handler could listen to.
    await page.evaluate(() => {
      for (const e of document.querySelectorAll("main *")) {
        for (const type of ["mouseover", "mouseenter", "focus", "blur", "load", "error", "animationstart"]) {
          e.dispatchEvent(new Event(type));
        }
      }
    });
    // And a real mouse over the headings and labels, where names and bank text are.
    for (const h of (await page.locator("main h2:visible, main label:visible").all()).slice(0, 30)) await h.hover();

    // Filling in.
    const first = card.questions[0];
    const topic = card.topics.find((t) => t.id === first.topic);
    const topicPoints = card.questions.filter((q) => q.topic === first.topic).reduce((n, q) => n + q.expected.length, 0);
    const article = page.locator(`article[data-question-id="${first.id}"]`);
    const row = page.locator(`.summary tr[data-topic="${first.topic}"]`);
    expect(await page.locator(".toolbar").isVisible(), `${name}: the toolbar is hidden with scripts on`);
    expect(squash(await row.innerText()).includes(`0 of ${topicPoints}`), `${name}: summary for ${topic.title} does not start at 0 of ${topicPoints}: ${await row.innerText()}`);
    for (const box of await article.locator("input[type=checkbox]").all()) await box.check();
    const score = Math.min(3, edition.rubric.length);
    await article.locator(`input[type=radio][value="${score}"]`).check();
    const notes = "Named both start methods.\nMissed the main guard <b>at first</b>.";
    await article.locator("textarea").fill(notes);
    await page.locator(".recommendation input").nth(2).check();
    const summaryAfter = squash(await row.innerText());
    expect(summaryAfter.includes(`${first.expected.length} of ${topicPoints}`), `${name}: summary does not count the ticks: ${summaryAfter}`);
    expect(summaryAfter.includes(`${score}.0 of ${edition.rubric.length} (1 scored)`), `${name}: summary does not average the score: ${summaryAfter}`);
    const progress = await page.locator("#progress").innerText();
    expect(progress.includes(`1 of ${card.questions.length} questions scored`) && progress.includes(`${first.expected.length} of ${points} points ticked`),
      `${name}: progress line is ${JSON.stringify(progress)}`);

    // The same tab keeps it through a reload. On a loaded machine the restore can land a
    // moment after the load event: wait for it (up to 10 s) before looking.
    await page.reload({ waitUntil: "load" });
    await page
      .waitForFunction(
        (id) => document.querySelector(`article[data-question-id="${id}"] input[type=checkbox]:checked`) !== null,
        first.id,
        { timeout: 10000 },
      )
      .catch(() => {});
    expect((await article.locator("input[type=checkbox]:checked").count()) === first.expected.length, `${name}: ticks lost on reload`);
    expect(await article.locator(`input[type=radio][value="${score}"]`).isChecked(), `${name}: score lost on reload`);
    expect((await article.locator("textarea").inputValue()) === notes, `${name}: notes lost on reload`);
    expect(await page.locator(".recommendation input").nth(2).isChecked(), `${name}: recommendation lost on reload`);
    expect(squash(await row.innerText()).includes(`${first.expected.length} of ${topicPoints}`), `${name}: summary not rebuilt after reload`);

    // Another tab of the same card shows the same answers, and each tab follows the
    // other's changes, so neither overwrites the other with older answers.
    const other = await watchedPage(context, `${name} (second tab)`, problems);
    await other.goto(url);
    const otherArticle = other.locator(`article[data-question-id="${first.id}"]`);
    expect((await otherArticle.locator("input[type=checkbox]:checked").count()) === first.expected.length, `${name}: a second tab lacks the ticks`);
    expect((await otherArticle.locator("textarea").inputValue()) === notes, `${name}: a second tab lacks the notes`);
    await otherArticle.locator("input[type=checkbox]").first().uncheck();
    await page
      .waitForFunction((id) => !document.querySelector(`article[data-question-id="${id}"] input[type=checkbox]`).checked, first.id, { timeout: 10000 })
      .catch(() => {});
    expect(!(await article.locator("input[type=checkbox]").first().isChecked()), `${name}: the first tab did not follow the second tab's change`);
    await page.locator("#general-notes").fill("Written in the first tab.");
    await other
      .waitForFunction(() => document.getElementById("general-notes").value !== "", null, { timeout: 10000 })
      .catch(() => {});
    expect((await other.locator("#general-notes").inputValue()) === "Written in the first tab.", `${name}: the second tab did not follow the first tab's notes`);
    expect((await otherArticle.locator("input[type=checkbox]:checked").count()) === first.expected.length - 1, `${name}: following a change lost the other answers`);
    expect((await page.locator("#saved").innerText()).includes("Saved in this browser"), `${name}: the page does not say the answers are saved: ${await page.locator("#saved").innerText()}`);
    await context.close();
  }

  // Two cards in one tab never share answers.
  const [a, b] = all.filter((c) => c.card.interviewer);
  if (a && b) {
    const context = await browser.newContext();
    const page = await watchedPage(context, "two cards", problems);
    await page.goto(fileUrl(a.path));
    await page.locator(".points input").first().check();
    await page.goto(fileUrl(b.path));
    expect((await page.locator("input:checked").count()) === 0, `${b.name}: shows ticks made on ${a.name}`);
    await page.goto(fileUrl(a.path));
    expect(await page.locator(".points input").first().isChecked(), `${a.name}: lost its tick after visiting ${b.name}`);
    await context.close();
  }
} finally {
  await browser.close();
}
finish("fill", problems, `${all.length} card(s), ${checked} checks passed`);
