/** The RZ pack: each rule has a compliant and a non-compliant case, judged on synthesised attributes. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformResource } from "cdktf";
import { VirtualMachineSnapshot } from "@cdktf/provider-vsphere/lib/virtual-machine-snapshot";
import { VsphereProvider } from "@cdktf/provider-vsphere/lib/provider";
import { VirtualMachine } from "@cdktf/provider-vsphere/lib/virtual-machine";
import { Host } from "@cdktf/provider-vsphere/lib/host";
import { Finding, RzCompliancePack, suppressRule } from "../../compliance/pack";
import { RuleResult } from "../../compliance/rule";
import { EnvironmentStacks } from "../../stacks/environment";
import { buildApp, envFrom, smallDocument } from "../helpers";
import { Environment } from "../../config/schema";

const TODAY = "2026-11-27";

/** Build the small environment, let `change` break something, and judge it. */
function judge(
  change: (stacks: EnvironmentStacks) => void = () => {},
  env: Environment = envFrom(smallDocument()),
  today = TODAY,
): Finding[] {
  const { app, stacks } = buildApp(env);
  change(stacks);
  const pack = new RzCompliancePack({
    environment: env.environment,
    today,
    maxPatchAgeDays: env.compliance.maxPatchAgeDays,
    suppressions: env.compliance.suppressions,
  });
  return pack.evaluate(app).findings;
}

const of = (findings: Finding[], rule: string) => findings.filter((f) => f.rule.id === rule && f.result !== RuleResult.NOT_APPLICABLE);
const bad = (findings: Finding[], rule: string) => of(findings, rule).filter((f) => f.result === RuleResult.NON_COMPLIANT);

/** The first resource below a stack whose construct path contains `path`. */
function resource(stacks: EnvironmentStacks, path: string): TerraformResource {
  const all = [stacks.platform, stacks.network, stacks.images, ...stacks.tenants.values(), ...stacks.sites.values()].flatMap((s) =>
    s.node.findAll(),
  );
  const found = all.find((c) => c instanceof TerraformResource && c.node.path.includes(path));
  if (!found) throw new Error(`no resource at ${path}`);
  return found as TerraformResource;
}

const baseline = judge();

describe("the RZ compliance pack", () => {
  test("judges the small environment compliant on every rule that applies", () => {
    const nonCompliant = baseline.filter((f) => f.result === RuleResult.NON_COMPLIANT);
    expect(nonCompliant.map((f) => `${f.rule.id} ${f.element.address}: ${f.detail}`)).toEqual([]);
  });

  describe.each([
    [
      "RZ-01",
      "a site port group allows forged transmits",
      "sites/rathaus/link",
      "allow_forged_transmits",
      true,
      /allow_forged_transmits is true/,
    ],
    [
      "RZ-01",
      "a port group allows per-port security overrides",
      "infrastructure/servers",
      "security_policy_override_allowed",
      true,
      /security_policy_override_allowed/,
    ],
    ["RZ-01", "the switch allows promiscuous mode", "network/switch", "allow_promiscuous", true, /allow_promiscuous is true/],
    ["RZ-02", "a tenant port group uses VLAN 4095 (guest tagging)", "sites/bauhof/link", "vlan_id", 4095, /vlan_id is 4095/],
    ["RZ-05", "a cluster has HA off", "clusters/lab-cluster/cluster", "ha_enabled", false, /ha_enabled is false/],
    [
      "RZ-05",
      "a cluster disables admission control",
      "clusters/lab-cluster/cluster",
      "ha_admission_control_policy",
      "disabled",
      /admission_control_policy is disabled/,
    ],
    ["RZ-06", "a cluster has DRS off", "clusters/lab-cluster/cluster", "drs_enabled", false, /drs_enabled is false/],
    ["RZ-07", "a desktop boots BIOS", "site-gemeinde-a-rathaus/desktops/default", "firmware", "bios", /firmware is "bios"/],
    ["RZ-07", "a server has Secure Boot off", "workloads/kasse/vm", "efi_secure_boot_enabled", false, /efi_secure_boot_enabled is false/],
    ["RZ-10", "a server has VM logging off", "workloads/kasse/vm", "enable_logging", false, /enable_logging is false/],
    [
      "RZ-13",
      "a host password is a literal",
      "clusters/lab-cluster/hosts/esx-01-lab-example",
      "password",
      "VMware1!",
      /password is not a reference to a sensitive variable/,
    ],
    [
      "RZ-13",
      "a desktop admin password is a literal",
      "site-gemeinde-a-bauhof/desktops/default",
      "clone.customize.windows_options.admin_password",
      "Passw0rd!",
      /admin_password/,
    ],
    [
      "RZ-16",
      "a host leaves lockdown mode",
      "clusters/lab-cluster/hosts/esx-02-lab-example",
      "lockdown",
      "disabled",
      /lockdown is "disabled"/,
    ],
  ])("%s", (rule, what, path, attribute, value, message) => {
    test(`is compliant by default`, () => {
      expect(of(baseline, rule).length).toBeGreaterThan(0);
      expect(bad(baseline, rule)).toEqual([]);
    });
    test(`fails when ${what}`, () => {
      const findings = judge((stacks) => resource(stacks, path).addOverride(attribute, value));
      const failures = bad(findings, rule);
      expect(failures).toHaveLength(1);
      expect(failures[0].detail).toMatch(message);
    });
  });

  test("RZ-09 fails when a desktop allows console copy", () => {
    expect(of(baseline, "RZ-09").length).toBe(3);
    expect(bad(baseline, "RZ-09")).toEqual([]);
    const findings = judge((stacks) => {
      const desktops = resource(stacks, "site-gemeinde-a-rathaus/desktops/default") as VirtualMachine;
      desktops.extraConfig = {
        "isolation.tools.copy.disable": "FALSE",
        "isolation.tools.paste.disable": "TRUE",
        "tools.guestlib.enableHostInfo": "FALSE",
      };
    });
    expect(bad(findings, "RZ-09").map((f) => f.detail)).toEqual([
      'extra_config["isolation.tools.copy.disable"] is "FALSE", must be "TRUE"',
    ]);
  });

  test("RZ-17 fails when a host has no NTP servers", () => {
    expect(of(baseline, "RZ-17").length).toBe(2);
    expect(bad(baseline, "RZ-17")).toEqual([]);
    const findings = judge((stacks) => {
      (resource(stacks, "clusters/lab-cluster/hosts/esx-02-lab-example") as Host).putServices([
        { ntpd: { enabled: true, ntpServers: [] } },
      ]);
    });
    expect(bad(findings, "RZ-17").map((f) => f.detail)).toEqual(["services.ntpd.ntp_servers is empty"]);
  });

  test("RZ-08 accepts current pinned hardware and fails when a server pins old virtual hardware", () => {
    expect(of(baseline, "RZ-08")).toEqual([]);
    const current = judge((stacks) => resource(stacks, "workloads/kasse/vm").addOverride("hardware_version", 21));
    expect(of(current, "RZ-08").map((f) => f.result)).toEqual(["compliant"]);
    const old = judge((stacks) => resource(stacks, "workloads/kasse/vm").addOverride("hardware_version", 13));
    expect(bad(old, "RZ-08").map((f) => f.detail)).toEqual(["hardware_version is 13, must be ≥ 19"]);
  });

  test("RZ-03 fails when two port groups share a VLAN", () => {
    expect(bad(baseline, "RZ-03")).toEqual([]);
    const findings = judge((stacks) => resource(stacks, "infrastructure/servers").addOverride("vlan_id", 100));
    expect(
      bad(findings, "RZ-03")
        .map((f) => f.element.address)
        .sort(),
    ).toEqual([
      "network/vsphere_distributed_port_group.infrastructure_servers",
      "tenant-gemeinde-a/vsphere_distributed_port_group.sites_rathaus_link",
    ]);
  });

  test("RZ-04 fails when a server is put on a desktop port group", () => {
    expect(of(baseline, "RZ-04").length).toBe(3);
    expect(bad(baseline, "RZ-04")).toEqual([]);
    const findings = judge((stacks) => {
      const server = resource(stacks, "workloads/kasse/vm") as VirtualMachine;
      server.putNetworkInterface([{ networkId: stacks.tenants.get("gemeinde-a")!.siteLink("rathaus").portGroupId }]);
    });
    expect(bad(findings, "RZ-04").map((f) => f.element.address)).toContain("tenant-gemeinde-a/vsphere_virtual_machine.workloads_kasse_vm");
  });

  test("RZ-11 fails when a VM snapshot is kept as a resource", () => {
    expect(of(baseline, "RZ-11")).toEqual([]);
    const findings = judge((stacks) => {
      new VirtualMachineSnapshot(stacks.tenants.get("gemeinde-a")!, "before-update", {
        virtualMachineUuid: "uuid",
        snapshotName: "before-update",
        description: "x",
        memory: false,
        quiesce: false,
      });
    });
    expect(bad(findings, "RZ-11").map((f) => f.detail)).toEqual(['snapshot "before-update" is kept as a resource']);
  });

  test("RZ-12 accepts unverified TLS in a test environment and fails when production skips verification", () => {
    const doc = smallDocument();
    doc.vcenter.allowUnverifiedSsl = true;
    expect(bad(judge(undefined, envFrom(doc)), "RZ-12")).toEqual([]);
    doc.environment = "production";
    const failures = bad(judge(undefined, envFrom(doc)), "RZ-12");
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0].detail).toBe("allow_unverified_ssl is true in a production environment");
  });

  test("RZ-13 fails when a provider password is a literal", () => {
    const findings = judge((stacks) => {
      const provider = stacks.platform.node.findAll().find((c) => c instanceof VsphereProvider) as VsphereProvider;
      provider.password = "hunter2-literal";
    });
    expect(bad(findings, "RZ-13").map((f) => f.element.address)).toEqual(["platform/provider.vsphere.vsphere"]);
  });

  test("RZ-14 fails when a desktop pool loses its wave tag", () => {
    expect(bad(baseline, "RZ-14")).toEqual([]);
    const findings = judge((stacks) => {
      const tenant = stacks.tenants.get("gemeinde-a")!;
      (resource(stacks, "site-gemeinde-a-rathaus/desktops/default") as VirtualMachine).tags = [
        tenant.tenant.tenantTagId,
        tenant.siteTagId("rathaus"),
        stacks.images.image("standard", "1.0").versionTagId,
      ];
    });
    expect(bad(findings, "RZ-14").map((f) => f.detail)).toEqual(["missing tag(s): role, wave"]);
  });

  test("RZ-15 warns when an image version is older than the allowed patch age", () => {
    const doc = smallDocument();
    doc.images[0].version = "2026.10";
    expect(bad(judge(undefined, envFrom(doc), "2026-11-27"), "RZ-15")).toEqual([]);
    const failures = bad(judge(undefined, envFrom(doc), "2027-03-01"), "RZ-15");
    expect(failures.map((f) => [f.rule.severity, f.detail])).toEqual([
      ["warning", "standard@2026.10 is 151 days old (patch level 2026.10); at most 92 allowed"],
    ]);
  });

  test("a suppression in config needs a written reason and shows up in the findings", () => {
    const doc = smallDocument();
    doc.compliance = {
      suppressions: [
        { rule: "RZ-08", address: "tenant-gemeinde-a/*kasse*", reason: "Vendor certifies kasse only on hardware 13 until Q2" },
      ],
    };
    const findings = judge((stacks) => resource(stacks, "workloads/kasse/vm").addOverride("hardware_version", 13), envFrom(doc));
    expect(bad(findings, "RZ-08").map((f) => f.suppressedBecause)).toEqual(["Vendor certifies kasse only on hardware 13 until Q2"]);
  });

  test("fails when a suppression in config has no written reason", () => {
    const doc = smallDocument();
    doc.compliance = { suppressions: [{ rule: "RZ-08", address: "*", reason: "legacy" }] };
    expect(() => envFrom(doc)).toThrow(
      'config/test.yaml:69:7: compliance.suppressions[0].reason: "legacy" is not a written reason (at least 10 characters)',
    );
  });

  test("fails when a suppression in code has no written reason", () => {
    const { stacks } = buildApp(envFrom(smallDocument()));
    expect(() => suppressRule(stacks.platform, "RZ-16", "")).toThrow(
      "suppression of RZ-16: a written reason of at least 10 characters is required",
    );
    expect(() => suppressRule(stacks.platform, "RZ-16", "later")).toThrow(/at least 10 characters/);
  });

  test("a suppression in code covers the construct and everything below it", () => {
    const findings = judge((stacks) => {
      const host = resource(stacks, "clusters/lab-cluster/hosts/esx-02-lab-example");
      host.addOverride("lockdown", "disabled");
      suppressRule(stacks.platform.node.findChild("clusters"), "RZ-16", "Host esx-02 is in break-glass maintenance, ticket RZ-4711");
    });
    expect(bad(findings, "RZ-16").map((f) => f.suppressedBecause)).toEqual(["Host esx-02 is in break-glass maintenance, ticket RZ-4711"]);
  });

  test("synth fails with RZ-01 naming the resource and the requirement when a port group allows forged transmits", () => {
    const { app, stacks } = buildApp(envFrom(smallDocument()), fs.mkdtempSync(path.join(os.tmpdir(), "rz-fail-")));
    resource(stacks, "sites/rathaus/link").addOverride("allow_forged_transmits", true);
    expect(() => app.synth()).toThrow(
      /RZ-01 error: tenant-gemeinde-a\/vsphere_distributed_port_group\.sites_rathaus_link: allow_forged_transmits is true, must be false \(SYS\.1\.5\.A4, NET\.1\.1\.A22;/,
    );
  });
});
