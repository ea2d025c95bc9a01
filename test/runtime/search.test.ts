/** The secret search sees inside zip archives (plan files are zips), deflated or stored. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { searchTree } from "../../runtime/search";

describe("searching files for secrets", () => {
  test("finds a needle in a plain file, and inside deflated and stored zip members, naming where", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-search-"));
    fs.writeFileSync(path.join(dir, "plain.txt"), "x needle-plain y");
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src", "tfplan"), `${"padding ".repeat(500)}needle-zipped`);
    fs.writeFileSync(path.join(dir, "src", "stored"), "needle-stored");
    execFileSync("zip", ["-q", "-9", path.join(dir, "plan"), "tfplan"], { cwd: path.join(dir, "src") });
    execFileSync("zip", ["-q", "-0", path.join(dir, "plan"), "stored"], { cwd: path.join(dir, "src") });
    fs.rmSync(path.join(dir, "src"), { recursive: true });
    fs.renameSync(path.join(dir, "plan.zip"), path.join(dir, "plan"));
    expect(fs.readFileSync(path.join(dir, "plan")).includes("needle-zipped")).toBe(false); // deflated: a raw grep cannot see it
    const { hits, files } = searchTree(dir, ["needle-plain", "needle-zipped", "needle-stored", "needle-absent"]);
    expect(files).toBe(2);
    expect(hits.map((h) => `${path.relative(dir, h.where)} ${h.needle}`).sort()).toEqual([
      "plain.txt needle-plain",
      "plan needle-stored", // a stored member is readable in the archive itself too
      "plan!stored needle-stored",
      "plan!tfplan needle-zipped",
    ]);
  });
});
