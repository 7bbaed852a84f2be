// The documentation's links lead somewhere: every relative link in README.md and docs/*.md names a file
// that exists and, with a #fragment, a heading of that file (GitHub's anchors). Code comments cite the
// docs as `docs/<page>.md#<anchor>`; those must resolve too, or a reader following one lands nowhere.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const docsDir = path.join(root, "docs");
const pages = [
  "README.md",
  ...fs
    .readdirSync(docsDir)
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Markdown outside fenced code blocks and inline code spans, where links are links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  for (const [, text] of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = text!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfFile(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (!anchors) anchorCache.set(file, (anchors = anchorsOf(fs.readFileSync(file, "utf8"))));
  return anchors;
}

/** Why a link from `fromFile` to `target` is broken, or null when it resolves. */
function brokenReason(fromFile: string, target: string): string | null {
  const [filePart, fragment] = target.split("#", 2) as [string, string | undefined];
  const file = filePart === "" ? fromFile : path.resolve(path.dirname(fromFile), decodeURIComponent(filePart));
  if (!file.startsWith(root + path.sep)) return "points outside the repository";
  if (!fs.existsSync(file)) return "no such file";
  if (fragment === undefined || fragment === "") return null;
  if (fs.statSync(file).isDirectory() || !file.endsWith(".md"))
    return "an anchor into something that is not a markdown file";
  return anchorsOfFile(file).has(fragment) ? null : `no heading with anchor #${fragment}`;
}

describe("documentation links", () => {
  it("finds the pages", () => {
    expect(pages).toEqual(
      expect.arrayContaining(["README.md", "docs/README.md", "docs/concepts.md", "docs/api.md", "docs/permissions.md"]),
    );
  });

  for (const page of pages) {
    it(`every relative link in ${page} resolves to a file and heading`, () => {
      const file = path.join(root, page);
      const text = prose(fs.readFileSync(file, "utf8"));
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target!) || target!.startsWith("/")) continue; // absolute URLs and site paths
        const reason = brokenReason(file, target!);
        if (reason) broken.push(`${target}: ${reason}`);
      }
      expect(broken).toEqual([]);
    });
  }

  it("the anchor rule matches GitHub's for punctuation and code", () => {
    expect([...anchorsOf("# The `latchkey` CLI\n## Status, expiry and deletion\n## A & B\n## A & B")]).toEqual([
      "the-latchkey-cli",
      "status-expiry-and-deletion",
      "a--b",
      "a--b-1",
    ]);
  });
});

describe("docs/ cited from code", () => {
  const SOURCE_DIRS = [
    "app",
    "components",
    "lib",
    "db",
    "e2e",
    "test",
    "scripts",
    "bench",
    "cli",
    "client",
    "examples",
    "deploy",
  ];
  const SOURCE_FILES = ["server.ts", "instrumentation.ts", "compose.yaml", "Dockerfile", ".ci/run"];
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "results" && !entry.name.startsWith(".")) walk(full);
      } else if (/\.(ts|tsx|mts|mjs|js|css|yaml|conf)$/.test(entry.name)) sources.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of SOURCE_FILES) if (fs.existsSync(path.join(root, file))) sources.push(path.join(root, file));

  it("every docs/<page>.md#<anchor> in a comment or test title names a page and heading that exist", () => {
    const broken: string[] = [];
    let cited = 0;
    for (const file of sources) {
      const text = fs.readFileSync(file, "utf8");
      for (const [, page, anchor] of text.matchAll(/\bdocs\/([a-z-]+\.md)(?:#([a-z0-9-]+))?/g)) {
        cited++;
        const reason = brokenReason(path.join(root, "README.md"), `docs/${page}${anchor ? `#${anchor}` : ""}`);
        if (reason) broken.push(`${path.relative(root, file)}: docs/${page}${anchor ? `#${anchor}` : ""}: ${reason}`);
      }
    }
    expect(broken).toEqual([]);
    expect(cited).toBeGreaterThan(50);
  });

  it("nothing points at the specification outside the repository", () => {
    const outside = [...pages.map((p) => path.join(root, p)), ...sources].filter((file) =>
      /\.\.\/shared\/|SPEC\.md/.test(fs.readFileSync(file, "utf8")),
    );
    expect(outside.map((f) => path.relative(root, f))).toEqual([]);
  });
});
