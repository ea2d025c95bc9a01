/** Application servers are cloned with their static network identity, and never replaced for it later. */
import { VirtualMachine } from "@cdktf/provider-vsphere/lib/virtual-machine";
import { SERVER_CLONE_IGNORED } from "../../constructs/application-server";
import { buildApp, defaultDocument, envFrom, smallDocument, synthStack } from "../helpers";

const tenantStack = (doc: unknown) => {
  const { stacks } = buildApp(envFrom(doc));
  const [stack] = [...stacks.tenants.values()];
  return synthStack(stack);
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const vm = (synth: string, workload: string): any => JSON.parse(synth).resource.vsphere_virtual_machine[`workloads_${workload}_vm`];

describe("application server network identity", () => {
  const synth = tenantStack(defaultDocument());

  test("a Windows server is cloned with its static address, prefix length, gateway, DNS servers and suffix", () => {
    expect(synth).toHaveResourceWithProperties(VirtualMachine, {
      name: "di-app-finanzwesen",
      clone: {
        template_uuid: expect.stringContaining("server-windows2022"),
        customize: {
          network_interface: [
            {
              ipv4_address: "10.60.20.21",
              ipv4_netmask: 24,
              dns_server_list: ["10.60.0.53", "10.60.0.54"],
              dns_domain: "srv.dithmarschen.example",
            },
          ],
          ipv4_gateway: "10.60.20.1",
          dns_server_list: ["10.60.0.53", "10.60.0.54"],
          dns_suffix_list: ["srv.dithmarschen.example"],
          timeout: 10,
          windows_options: expect.objectContaining({
            computer_name: "DI-FINANZWESEN",
            workgroup: "DITHMARSCHEN",
            admin_password: "${var.windows_admin_password}",
          }),
        },
      },
    });
    expect(vm(synth, "finanzwesen").clone.customize.linux_options).toBeUndefined();
  });

  test("a Linux server gets its host name and the DNS suffix as its domain", () => {
    const bauamt = vm(synth, "bauamt");
    expect(bauamt.clone.template_uuid).toContain("server-ubuntu2404");
    expect(bauamt.clone.customize).toMatchObject({
      network_interface: [
        {
          ipv4_address: "10.60.20.42",
          ipv4_netmask: 24,
          dns_server_list: ["10.60.0.53", "10.60.0.54"],
          dns_domain: "srv.dithmarschen.example",
        },
      ],
      ipv4_gateway: "10.60.20.1",
      dns_server_list: ["10.60.0.53", "10.60.0.54"],
      dns_suffix_list: ["srv.dithmarschen.example"],
      linux_options: { host_name: "di-app-bauamt", domain: "srv.dithmarschen.example", time_zone: "Europe/Berlin" },
    });
    expect(bauamt.clone.customize.windows_options).toBeUndefined();
  });

  test("every cloned server ignores later changes of clone: provider 2.15.0 would replace it for a new address", () => {
    expect(SERVER_CLONE_IGNORED).toBe("clone");
    for (const id of ["finanzwesen", "sozialwesen", "kfz-zulassung", "dms-1", "dms-2", "gis", "bauamt"]) {
      expect(vm(synth, id).lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["clone"] });
    }
  });

  test("desktops stay on DHCP: their customisation has an interface without address", () => {
    const { stacks } = buildApp(envFrom(defaultDocument()));
    const site = synthStack([...stacks.sites.values()][0]);
    const pool = Object.values(JSON.parse(site).resource.vsphere_virtual_machine)[0] as { clone: { customize: object } };
    expect(pool.clone.customize).toMatchObject({ network_interface: [{}] });
    expect(pool.clone.customize).not.toHaveProperty("ipv4_gateway");
  });

  test("a server without an image of its os stays an empty VM without customisation, as before", () => {
    const kasse = vm(tenantStack(smallDocument()), "kasse");
    expect(kasse.clone).toBeUndefined();
    expect(kasse.lifecycle).toEqual({ prevent_destroy: true });
  });
});
