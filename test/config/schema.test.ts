/** Field rules: every bad value is reported as `<file>: <path>: <value> <rule>`. */
import { parseEnvironment } from "../../config/load";
import { ConfigError } from "../../config/problems";
import { envFrom, FILE, problemsOf, smallDocument } from "../helpers";

describe("environment file fields", () => {
  test("the small environment is valid and gets its defaults", () => {
    const env = envFrom(smallDocument());
    expect(env.clusters[0].ha.hostFailuresTolerated).toBe(1);
    expect(env.clusters[0].drs.automationLevel).toBe("fullyAutomated");
    expect(env.clusters[0].vcpuPerCore).toBe(4);
    expect(env.vcenter.allowUnverifiedSsl).toBe(false);
    expect(env.network.switch.mtu).toBe(1500);
    expect(env.tenants[0].sites[0].workstations.wave).toBe(1);
    expect(env.tenants[0].workloads[0].restartPriority).toBe("medium");
  });

  test("fails when the YAML is not well-formed, naming line and column", () => {
    expect(() => parseEnvironment("environment: production\nvcenter: [unclosed\n", FILE)).toThrow(
      /^config\/test\.yaml:\d+:\d+: YAML syntax error/,
    );
  });

  test("fails when a key appears twice", () => {
    expect(() => parseEnvironment("environment: production\nenvironment: test\n", FILE)).toThrow(
      /YAML syntax error: Map keys must be unique/,
    );
  });

  test("fails when the file is not a mapping", () => {
    expect(() => parseEnvironment("- a\n- b\n", FILE)).toThrow('config/test.yaml:1:1: ["a","b"] is not a mapping of environment fields');
  });

  test("fails when a required field is missing", () => {
    const doc = smallDocument();
    delete doc.tenants[0].sites[1].vlan;
    expect(problemsOf(doc)).toEqual(["config/test.yaml:49:9: tenants[0].sites[1].vlan: is missing (required number)"]);
  });

  test("fails when a field is unknown", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].vlanId = 7;
    expect(problemsOf(doc)).toEqual(["config/test.yaml:49:9: tenants[0].sites[0].vlanId: is not a known field"]);
  });

  test("fails when a field has the wrong type", () => {
    const doc = smallDocument();
    doc.clusters[0].hosts[0].cpuCores = "sixteen";
    expect(problemsOf(doc)).toEqual(['config/test.yaml:10:9: clusters[0].hosts[0].cpuCores: "sixteen" is a string, expected number']);
  });

  test.each([
    [0, "0 is outside 2..4094"],
    [1, "1 is outside 2..4094"],
    [4095, "4095 is outside 2..4094"],
    [5000, "5000 is outside 2..4094"],
    [11.5, "11.5 is not a whole number"],
  ])("fails when a site VLAN is %p", (vlan, message) => {
    const doc = smallDocument();
    doc.tenants[0].sites[1].vlan = vlan;
    expect(problemsOf(doc)).toContain(`config/test.yaml:51:9: tenants[0].sites[1].vlan: ${message}`);
  });

  test("fails when a site is on the native VLAN 1, with the one line compliance rule RZ-02 would otherwise fail the synth on", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].vlan = 1;
    expect(problemsOf(doc)).toEqual(["config/test.yaml:43:9: tenants[0].sites[0].vlan: 1 is outside 2..4094"]);
  });

  test("fails when an infrastructure VLAN is out of range", () => {
    const doc = smallDocument();
    doc.network.infrastructure[0].vlan = -3;
    expect(problemsOf(doc)).toContain("config/test.yaml:23:7: network.infrastructure[0].vlan: -3 is outside 2..4094");
  });

  test("fails when a desktop count is negative", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].workstations.count = -1;
    expect(problemsOf(doc)).toContain("config/test.yaml:47:11: tenants[0].sites[0].workstations.count: -1 is outside 0..999");
  });

  test.each([
    ["10.1.0.0", "is not an IPv4 CIDR (a.b.c.d/nn)"],
    ["10.1.300.0/24", "is not an IPv4 CIDR (octets 0..255, prefix 0..32)"],
    ["10.1.0.1/24", "has host bits set (network address is 10.1.0.0/24)"],
    ["10.1.0.0/31", "has a prefix outside /8../30"],
  ])("fails when a site CIDR is %p", (cidr, rule) => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].cidr = cidr;
    expect(problemsOf(doc)).toContain(`config/test.yaml:44:9: tenants[0].sites[0].cidr: "${cidr}" ${rule}`);
  });

  test("fails when a tenant code is not 2-4 capitals", () => {
    const doc = smallDocument();
    doc.tenants[0].code = "Gem";
    expect(problemsOf(doc)).toEqual(['config/test.yaml:39:5: tenants[0].code: "Gem" is not a tenant code (2-4 capital letters)']);
  });

  test("fails when an id is not a lower-case id", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].id = "Rathaus Mitte";
    expect(problemsOf(doc)).toContain(
      'config/test.yaml:41:9: tenants[0].sites[0].id: "Rathaus Mitte" is not an id: use lower-case letters, digits and single hyphens, starting with a letter',
    );
  });

  test("fails when an enum value is unknown", () => {
    const doc = smallDocument();
    doc.clusters[0].drs = { automationLevel: "automatic" };
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:16:7: clusters[0].drs.automationLevel: "automatic" is not one of "manual", "partiallyAutomated", "fullyAutomated"',
    ]);
  });

  test("fails when a cluster has no hosts", () => {
    const doc = smallDocument();
    doc.clusters[0].hosts = [];
    expect(problemsOf(doc)).toContain("config/test.yaml:8:5: clusters[0].hosts: has 0 item(s); at least 1 required");
  });

  test("fails when the MTU is out of range", () => {
    const doc = smallDocument();
    doc.network.switch.mtu = 9216;
    expect(problemsOf(doc)).toEqual(["config/test.yaml:21:5: network.switch.mtu: 9216 is outside 1280..9000"]);
  });

  test("reports every problem of a file at once, one line each", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].vlan = 5000;
    doc.tenants[0].code = "x";
    doc.extra = true;
    const lines = problemsOf(doc);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => /^config\/test\.yaml:\d+:\d+: \S/.test(l))).toBe(true);
  });

  test("fails when the file cannot be read", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadEnvironment } = require("../../config/load");
    expect(() => loadEnvironment("config/does-not-exist.yaml")).toThrow(ConfigError);
    expect(() => loadEnvironment("config/does-not-exist.yaml")).toThrow("config/does-not-exist.yaml: cannot be read (ENOENT)");
  });
});
