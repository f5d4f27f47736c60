import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// `.ci/run` fails when `npm install` rewrote the committed lockfile. The guard is cut out of the
// script and run in throwaway folders: a clean checkout, a checkout whose lockfile changed, and a
// folder that is not a git checkout at all.
const script = readFileSync(fileURLToPath(new URL("../../.ci/run", import.meta.url)), "utf8");
const lines = script.split("\n");
const begin = lines.findIndex((l) => l.startsWith("# lockfile guard"));
const end = lines.findIndex((l) => l === "# end of lockfile guard");
const guard = lines.slice(begin, end + 1).join("\n");

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), "academic-credit-lockfile-"));
  dirs.push(d);
  writeFileSync(join(d, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
  return d;
}

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_")));

function sh(cwd: string, command: string) {
  return spawnSync("bash", ["-euo", "pipefail", "-c", command], { cwd, env, encoding: "utf8" });
}

function checkout(): string {
  const d = folder();
  const init = sh(d, "git init -q . && git add package-lock.json && git -c user.name=ci -c user.email=ci@example.org commit -qm lockfile");
  expect(init.status, init.stderr).toBe(0);
  return d;
}

describe(".ci/run lockfile guard", () => {
  it("comes right after the npm install stage", () => {
    expect(begin).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(begin);
    expect(lines.slice(begin - 2, begin)).toEqual(['stage "npm install"', "npm install"]);
  });

  it("passes when the install left package-lock.json as committed", () => {
    const r = sh(checkout(), guard);
    expect(r.status, r.stderr).toBe(0);
  });

  it("fails loudly, with the diff, when the install rewrote package-lock.json", () => {
    const d = checkout();
    writeFileSync(join(d, "package-lock.json"), '{ "lockfileVersion": 3, "packages": {} }\n');
    const r = sh(d, guard);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('"packages": {}');
    expect(r.stderr).toContain("npm install rewrote package-lock.json");
  });

  it("does nothing outside a git checkout (an unpacked tarball)", () => {
    const r = sh(folder(), guard);
    expect(r.status, r.stderr).toBe(0);
  });
});
