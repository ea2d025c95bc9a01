/**
 * State and plan files are encrypted client-side by OpenTofu (the default
 * engine): AES-GCM with a PBKDF2 key from TF_VAR_state_passphrase, enforced,
 * for every stack and for the states it reads from other stacks.
 */
import { buildApp, envFrom, problemsOf, smallDocument, stackJson, synthToDir } from "../helpers";
import { RzCompliancePack } from "../../compliance/pack";
import { RuleResult } from "../../compliance/rule";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function stacksOf(doc: any): Record<string, any> {
  const outdir = synthToDir(envFrom(doc));
  const names = ["platform", "network", "images", "tenant-gemeinde-a"];
  return Object.fromEntries(names.map((name) => [name, stackJson(outdir, name)]));
}

describe("state encryption", () => {
  const stacks = stacksOf(smallDocument());

  test("every stack encrypts state and plan with AES-GCM, enforced, keyed by TF_VAR_state_passphrase", () => {
    for (const [name, json] of Object.entries(stacks)) {
      const encryption = json.terraform.encryption;
      expect({ name, provider: encryption.key_provider }).toEqual({
        name,
        provider: { pbkdf2: { rz: { passphrase: "${var.state_passphrase}", iterations: 210_000 } } },
      });
      expect(encryption.method).toEqual({ aes_gcm: { rz: { keys: "${key_provider.pbkdf2.rz}" } } });
      expect(encryption.state).toEqual({ method: "method.aes_gcm.rz", enforced: true });
      expect(encryption.plan).toEqual({ method: "method.aes_gcm.rz", enforced: true });
      expect(json.variable.state_passphrase).toEqual({
        type: "string",
        sensitive: true,
        description: expect.stringContaining("TF_VAR_state_passphrase"),
      });
    }
  });

  test("the states a stack reads from other stacks are decrypted with the same key", () => {
    expect(stacks["tenant-gemeinde-a"].data.terraform_remote_state).toBeDefined();
    expect(stacks["tenant-gemeinde-a"].terraform.encryption.remote_state_data_sources).toEqual({
      default: { method: "method.aes_gcm.rz" },
    });
  });

  test("a rotation reads with the previous key as fallback and writes with the new one", () => {
    const doc = smallDocument();
    doc.stateEncryption = { keyId: "rz_2027_01", previousKeyId: "rz" };
    const json = stacksOf(doc).platform;
    const encryption = json.terraform.encryption;
    expect(encryption.key_provider.pbkdf2).toEqual({
      rz_2027_01: { passphrase: "${var.state_passphrase}", iterations: 210_000 },
      rz: { passphrase: "${var.state_passphrase_previous}", iterations: 210_000 },
    });
    const target = { method: "method.aes_gcm.rz_2027_01", fallback: { method: "method.aes_gcm.rz" } };
    expect(encryption.state).toEqual({ ...target, enforced: true });
    expect(encryption.plan).toEqual({ ...target, enforced: true });
    expect(encryption.remote_state_data_sources).toEqual({ default: target });
    expect(json.variable.state_passphrase_previous.sensitive).toBe(true);
  });

  test("the key's PBKDF2 iterations: OWASP's 210,000 for SHA-512 by default, settable, never below OpenTofu's floor", () => {
    const doc = smallDocument();
    doc.stateEncryption = { iterations: 600_000 };
    expect(stacksOf(doc).platform.terraform.encryption.key_provider.pbkdf2.rz.iterations).toBe(600_000);
    for (const iterations of [199_999, 210_000.5]) {
      const low = smallDocument();
      low.stateEncryption = { iterations };
      expect(() => stacksOf(low)).toThrow(/stateEncryption\.iterations: .* (is outside 200000\.\.10000000|is not a whole number)/);
    }
  });

  test("migrating unencrypted states reads them through an unencrypted fallback, not enforced", () => {
    const doc = smallDocument();
    doc.stateEncryption = { migrateFromUnencrypted: true };
    const encryption = stacksOf(doc).platform.terraform.encryption;
    expect(encryption.method.unencrypted).toEqual({ migrate: {} });
    expect(encryption.state).toEqual({ method: "method.aes_gcm.rz", fallback: { method: "method.unencrypted.migrate" }, enforced: false });
  });

  test("engine terraform synthesises no encryption and no passphrase variable", () => {
    const doc = smallDocument();
    doc.engine = "terraform";
    const json = stacksOf(doc).platform;
    expect(json.terraform.encryption).toBeUndefined();
    expect(json.variable.state_passphrase).toBeUndefined();
  });

  test("fails when stateEncryption is set with engine terraform", () => {
    const doc = smallDocument();
    doc.engine = "terraform";
    doc.stateEncryption = { keyId: "rz" };
    expect(problemsOf(doc)).toEqual([
      "config/test.yaml:66:1: stateEncryption: is set, but engine terraform cannot encrypt state: use engine opentofu or remove it",
    ]);
  });

  test("fails when a rotation names the same key twice, or rotates and migrates at once", () => {
    const doc = smallDocument();
    doc.stateEncryption = { keyId: "rz", previousKeyId: "rz", migrateFromUnencrypted: true };
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:67:3: stateEncryption.previousKeyId: "rz" is the keyId: a rotation needs a new keyId',
      "config/test.yaml:68:3: stateEncryption.migrateFromUnencrypted: true together with previousKeyId: rotate a key or migrate unencrypted states, one at a time",
    ]);
  });

  test("fails when a key id is not a key id", () => {
    const doc = smallDocument();
    doc.stateEncryption = { keyId: "Key 1" };
    expect(problemsOf(doc)).toEqual([
      "config/test.yaml:66:3: stateEncryption.keyId: \"Key 1\" is not a key id (1..32 lower-case letters, digits or '_', starting with a letter)",
    ]);
  });
});

describe("RZ-18 state encryption", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function rz18(doc: any) {
    const env = envFrom(doc);
    const { app } = buildApp(env);
    const pack = new RzCompliancePack({ environment: env.environment, today: "2026-11-27", suppressions: env.compliance.suppressions });
    return pack.evaluate(app).findings.filter((f) => f.rule.id === "RZ-18");
  }
  const production = () => ({ ...smallDocument(), environment: "production" });

  test("is met by every stack of a production environment on OpenTofu", () => {
    const findings = rz18(production());
    expect(findings.length).toBeGreaterThan(3);
    expect(findings.every((f) => f.result === RuleResult.COMPLIANT)).toBe(true);
  });

  test("fails every stack of a production environment on Terraform", () => {
    const findings = rz18({ ...production(), engine: "terraform" });
    expect(findings.every((f) => f.result === RuleResult.NON_COMPLIANT && !f.suppressedBecause)).toBe(true);
    expect(findings[0].detail).toBe(
      "no state encryption in a production environment (engine terraform cannot encrypt: use engine opentofu)",
    );
    expect(findings.map((f) => f.element.address)).toContain("platform/terraform.settings");
  });

  test("fails while unencrypted states are being migrated in production (not enforced)", () => {
    const findings = rz18({ ...production(), stateEncryption: { migrateFromUnencrypted: true } });
    expect(findings[0].detail).toBe("encryption of state and plan is not enforced");
  });

  test("a reasoned suppression lets a production environment run on Terraform", () => {
    const doc = {
      ...production(),
      engine: "terraform",
      compliance: {
        suppressions: [{ rule: "RZ-18", address: "*/terraform.settings", reason: "state lives in an encrypted PostgreSQL cluster only" }],
      },
    };
    const findings = rz18(doc);
    expect(findings.every((f) => f.suppressedBecause === "state lives in an encrypted PostgreSQL cluster only")).toBe(true);
  });
});
