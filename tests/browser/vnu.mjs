// The W3C Nu HTML checker (vnu.jar from the vnu-jar package, run on the system's Java) over
// every generated HTML card, inline CSS included. Any error fails; warnings are listed.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { cards, dirsFromArgs, finish } from "./lib.mjs";

const require = createRequire(import.meta.url);
// The package exports the path of its vnu.jar (its own runner would fetch a Java runtime).
const jar = String(require("vnu-jar"));
const files = cards(dirsFromArgs()).map((c) => c.path);

let output;
try {
  // --stdout: vnu writes its report to stdout; it exits non-zero when it finds errors, and
  // the report is read either way.
  output = execFileSync("java", ["-Xss4m", "-jar", jar, "--format", "json", "--stdout", ...files], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
} catch (e) {
  if (typeof e.stdout !== "string" || !e.stdout.trim().startsWith("{")) {
    console.error(`vnu did not run: ${e.message}\n${e.stderr || ""}`);
    process.exit(1);
  }
  output = e.stdout;
}
const messages = JSON.parse(output).messages;
const where = (m) => `${(m.url || "").replace(/^file:/, "")}:${m.lastLine ?? "?"}:${m.firstColumn ?? "?"}`;
const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error");
const warnings = messages.filter((m) => !errors.includes(m));
for (const w of warnings) console.log(`  warning ${where(w)}: ${w.message}`);
finish(
  "vnu",
  errors.map((m) => `${where(m)}: ${m.message}${m.extract ? `\n      ${m.extract.replace(/\n/g, " ")}` : ""}`),
  `${files.length} HTML file(s), 0 errors, ${warnings.length} warning(s)`,
);
