/**
 * The state passphrase in operation (#13), with the real engine against the
 * simulator: the platform stack of a small environment deployed with
 * `npm run deploy`, then
 * - without the passphrase: one line naming the variable, nothing run;
 * - with a wrong one: the engine's "decryption failed", nothing changed;
 * - a rotation (new key id, the old passphrase as fallback): the next
 *   deploy re-encrypts the state with the new key although nothing else
 *   changed; afterwards the new passphrase alone reads it and the old one
 *   alone cannot.
 * "Nothing changed" means the state file is byte-identical.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cdktf,
  engine,
  makeWorkdir,
  runScript,
  Simulator,
  simulatorConfig,
  startSimulator,
  TEST_SECRETS,
  ToolEnv,
  toolEnv,
} from "../../runtime/harness";
import { smallDocument } from "../helpers";
import { describeWithProvider } from "./provider";

jest.setTimeout(6 * 60_000);

const STACK = "platform";
const OLD = TEST_SECRETS.TF_VAR_state_passphrase;
const NEW = "e2e-rotated-passphrase-2027-01";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The key providers an encrypted state was written with, and their PBKDF2 metadata. */
function stateKeys(file: string): Record<string, Json> {
  const state = JSON.parse(fs.readFileSync(file, "utf8"));
  expect(state.encrypted_data).toEqual(expect.any(String));
  return Object.fromEntries(
    Object.entries(state.meta as Record<string, string>).map(([name, meta]) => [name, JSON.parse(Buffer.from(meta, "base64").toString())]),
  );
}

describeWithProvider("the state passphrase: missing, wrong, rotated", () => {
  let tools: ToolEnv;
  let sim: Simulator;
  let workdir: string;
  let outdir: string;
  let log: string;
  let stateFile: string;

  /** Synthesise the small environment with this stateEncryption, as the operator's next commit would. */
  const synth = async (stateEncryption?: Json) => {
    const doc = smallDocument();
    if (stateEncryption) doc.stateEncryption = stateEncryption;
    const config = simulatorConfig(doc, sim, workdir);
    const run = await cdktf(tools, config, outdir, ["synth"], log);
    expect(run.status).toBe(0);
    return config;
  };
  /** Exactly these passphrases: the harness's own are taken out. */
  const only = (passphrases: NodeJS.ProcessEnv) => ({
    TF_VAR_state_passphrase: undefined,
    TF_VAR_state_passphrase_previous: undefined,
    ...passphrases,
  });
  const deploy = (config: string, passphrases: NodeJS.ProcessEnv) =>
    runScript(tools, config, "scripts/deploy.ts", [STACK, "--auto-approve", "--skip-provider-lock", "--skip-synth"], log, {
      RZ_OUTDIR: outdir,
      RZ_LOG_DIR: path.join(workdir, "logs"),
      ...only(passphrases),
    });
  /** `npm run drift` of the stack (a plan against its state) with exactly these passphrases. */
  const plan = (config: string, passphrases: NodeJS.ProcessEnv) =>
    runScript(tools, config, "scripts/drift.ts", ["--skip-synth", "--json", "--out", path.join(workdir, "drift.md"), STACK], log, {
      RZ_OUTDIR: outdir,
      ...only(passphrases),
    });

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    outdir = path.join(workdir, "cdktf.out");
    log = path.join(workdir, "e2e.log");
    stateFile = path.join(workdir, "state", `${STACK}.tfstate`);
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
    const config = await synth();
    const run = deploy(config, { TF_VAR_state_passphrase: OLD });
    expect({ status: run.status, tail: run.status === 0 ? "" : run.stderr.slice(-3000) }).toEqual({ status: 0, tail: "" });
    expect(Object.keys(stateKeys(stateFile))).toEqual(["key_provider.pbkdf2.rz"]);
    // engine(...) keeps the harness's own secrets: the stack plans empty with the passphrase it was written with.
    expect(
      engine(tools, config, path.join(outdir, "stacks", STACK), ["plan", "-detailed-exitcode", "-input=false", "-lock=false"], log).status,
    ).toBe(0);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  test("without the passphrase: one line naming TF_VAR_state_passphrase, nothing run, the state unchanged", async () => {
    const config = await synth();
    const before = fs.readFileSync(stateFile);
    for (const run of [deploy(config, {}), plan(config, {})]) {
      expect(run.status).toBe(1);
      const lines = run.stderr.split("\n").filter((l) => /passphrase/i.test(l));
      expect(lines).toEqual([expect.stringMatching(/^\[(deploy|drift)\] TF_VAR_state_passphrase is not set: .*nothing was run$/)]);
      expect(run.stderr).not.toMatch(/Unable to compute static value/);
    }
    expect(fs.readFileSync(stateFile).equals(before)).toBe(true);
  });

  test("with a wrong passphrase: the engine's decryption error, the stack named, the state unchanged", async () => {
    const config = await synth();
    const before = fs.readFileSync(stateFile);
    const run = deploy(config, { TF_VAR_state_passphrase: "a-wrong-passphrase-of-some-length" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/decryption failed/);
    expect(run.stderr).toContain(`[deploy] ${STACK}`);
    expect(fs.readFileSync(stateFile).equals(before)).toBe(true);
  });

  test("a rotation re-encrypts the state with the new key on the next deploy; then the old passphrase alone cannot read it", async () => {
    const rotating = await synth({ keyId: "rz_2027_01", previousKeyId: "rz" });
    const run = deploy(rotating, { TF_VAR_state_passphrase: NEW, TF_VAR_state_passphrase_previous: OLD });
    expect({ status: run.status, tail: run.status === 0 ? "" : run.stderr.slice(-3000) }).toEqual({ status: 0, tail: "" });
    const keys = stateKeys(stateFile);
    expect(Object.keys(keys)).toEqual(["key_provider.pbkdf2.rz_2027_01"]);
    expect(keys["key_provider.pbkdf2.rz_2027_01"]).toMatchObject({ iterations: 210_000, hash_function: "sha512", key_length: 32 });

    // The rotation done: previousKeyId removed. The new passphrase alone reads the state and finds nothing to do.
    const rotated = await synth({ keyId: "rz_2027_01" });
    const after = plan(rotated, { TF_VAR_state_passphrase: NEW });
    expect({ status: after.status, tail: after.status === 0 ? "" : after.stderr.slice(-3000) }).toEqual({ status: 0, tail: "" });
    expect(JSON.parse(after.stdout).exitCode).toBe(0);
    // The old passphrase alone no longer opens it.
    const old = plan(rotated, { TF_VAR_state_passphrase: OLD });
    expect(old.status).toBe(1);
    expect(old.stdout + old.stderr).toMatch(/decryption failed/);
  });
});
