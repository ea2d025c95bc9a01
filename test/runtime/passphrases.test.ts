/**
 * Commands that run the engine say in one line which state passphrase is
 * missing before they start it (#13), reading the variables from the
 * synthesised stacks: the current key's always, the previous key's during a
 * rotation, none with engine terraform.
 */
import { passphraseProblems, passphraseVariables } from "../../runtime/passphrases";
import { envFrom, smallDocument, synthToDir } from "../helpers";

const STACKS = ["platform", "network", "images", "tenant-gemeinde-a", "site-gemeinde-a-rathaus"];
const GOOD = "a-passphrase-of-24-chars";

describe("state passphrases before the engine runs", () => {
  const outdir = synthToDir(envFrom(smallDocument()));

  test("every stack reads TF_VAR_state_passphrase; missing, empty or short, it is named in one line", () => {
    expect(passphraseVariables(outdir, STACKS)).toEqual(["TF_VAR_state_passphrase"]);
    expect(passphraseProblems(outdir, STACKS, { TF_VAR_state_passphrase: GOOD })).toEqual([]);
    const [missing] = passphraseProblems(outdir, STACKS, {});
    expect(missing).toBe(
      'TF_VAR_state_passphrase is not set: the stacks encrypt their state and plans with it (docs/operations.md, "State and plan encryption"); nothing was run',
    );
    expect(passphraseProblems(outdir, STACKS, { TF_VAR_state_passphrase: "" })).toEqual([missing]);
    expect(passphraseProblems(outdir, ["platform"], { TF_VAR_state_passphrase: "fifteen-chars-x" })).toEqual([
      "TF_VAR_state_passphrase has 15 characters, fewer than the 16 OpenTofu requires; nothing was run",
    ]);
  });

  test("during a rotation the previous passphrase is needed too", () => {
    const doc = smallDocument();
    doc.stateEncryption = { keyId: "rz_2027_01", previousKeyId: "rz" };
    const rotating = synthToDir(envFrom(doc));
    expect(passphraseVariables(rotating, ["platform"])).toEqual(["TF_VAR_state_passphrase", "TF_VAR_state_passphrase_previous"]);
    expect(passphraseProblems(rotating, ["platform"], { TF_VAR_state_passphrase: GOOD })).toEqual([
      expect.stringMatching(/^TF_VAR_state_passphrase_previous is not set: /),
    ]);
  });

  test("engine terraform encrypts nothing and needs no passphrase", () => {
    const doc = smallDocument();
    doc.engine = "terraform";
    expect(passphraseVariables(synthToDir(envFrom(doc)), STACKS)).toEqual([]);
  });
});
