import { Testing } from "cdktf";
import { ContentLibraryItem } from "@cdktf/provider-vsphere/lib/content-library-item";
import { GuestOs } from "../../domain/vsphere";
import { WorkstationImage, WorkstationImageProps } from "../../constructs/workstation-image";
import { WorkstationPool, WorkstationPoolProps } from "../../constructs/workstation-pool";
import { onlyResource } from "../helpers";

const image = {
  libraryItemId: "item",
  guestId: "windows11_64Guest",
  isWindows: true,
  hardware: { cpus: 2, memoryGiB: 8, diskGiB: 100 },
  versionTagId: "v",
};
const pool = (extra: Partial<WorkstationPoolProps> = {}) =>
  onlyResource(
    Testing.synthScope(
      (scope) =>
        new WorkstationPool(scope, "pool", {
          count: 3,
          namePrefix: "di-heide-1",
          computerNamePrefix: "DI-HEIDE1",
          image,
          imagePin: "verwaltung-standard@2026.11",
          resourcePoolId: "rp",
          datastoreId: "ds",
          folderPath: "t/desktops",
          portGroupId: "pg",
          tagIds: ["tenant", "site"],
          adminPassword: "${var.windows_admin_password}",
          ...extra,
        }),
    ),
    "vsphere_virtual_machine",
  );

describe("WorkstationImage", () => {
  const image = (extra: Partial<WorkstationImageProps> = {}) =>
    Testing.synthScope(
      (scope) =>
        new WorkstationImage(scope, "img", {
          libraryId: "lib",
          imageId: "verwaltung-standard",
          displayName: "Standard",
          os: GuestOs.WINDOWS_11,
          version: "2026.11",
          hardware: { cpus: 2, memoryGiB: 8, diskGiB: 100 },
          ovfUrl: "https://images.example/v/2026.11/v.ovf",
          versionTagCategoryId: "cat",
          ...extra,
        }),
    );

  test("imports one library item per image version from the published OVF", () => {
    const synth = image();
    expect(synth).toHaveResourceWithProperties(ContentLibraryItem, {
      name: "verwaltung-standard-2026.11",
      type: "ovf",
      file_url: "https://images.example/v/2026.11/v.ovf",
    });
    // A new ovfUrl rebuilds the item (file_url forces a new one): nothing ignores it.
    expect(onlyResource(synth, "vsphere_content_library_item").lifecycle).toBeUndefined();
    expect(onlyResource(synth, "vsphere_tag").name).toBe("verwaltung-standard@2026.11");
  });

  test("an adopted item ignores its OVF URL, which vCenter does not report (taking it over replaces nothing)", () => {
    expect(onlyResource(image({ adopted: true }), "vsphere_content_library_item").lifecycle).toEqual({ ignore_changes: ["file_url"] });
  });
});

describe("WorkstationPool", () => {
  test("clones `count` desktops with the image's hardware profile onto the site's port group", () => {
    const vm = pool();
    expect(vm).toMatchObject({
      count: 3,
      num_cpus: 2,
      memory: 8192,
      disk: [{ label: "disk0", size: 100, thin_provisioned: true }],
      network_interface: [{ network_id: "pg", adapter_type: "vmxnet3" }],
      folder: "t/desktops",
      tags: ["v", "tenant", "site"],
      firmware: "efi",
      efi_secure_boot_enabled: true,
    });
    expect(vm.clone.template_uuid).toBe("item");
  });

  test("customises Windows with W. Europe time, a per-desktop computer name and the workgroup", () => {
    expect(pool({ windowsIdentity: { workgroup: "KREIS" } }).clone.customize.windows_options).toEqual({
      computer_name: 'DI-HEIDE1-${format("%03d", sum([count.index, 1]))}',
      admin_password: "${var.windows_admin_password}",
      time_zone: 110,
      workgroup: "KREIS",
    });
  });

  test("joins a domain instead of a workgroup when one is given", () => {
    const options = pool({
      windowsIdentity: { joinDomain: "kreis.example", domainAdminUser: "join", domainAdminPassword: "${var.domain_join_password}" },
    }).clone.customize.windows_options;
    expect(options).toMatchObject({
      join_domain: "kreis.example",
      domain_admin_user: "join",
      domain_admin_password: "${var.domain_join_password}",
    });
    expect(options.workgroup).toBeUndefined();
  });

  test("customises Linux images with host name and Berlin time", () => {
    expect(pool({ image: { ...image, isWindows: false } }).clone.customize.linux_options).toMatchObject({
      time_zone: "Europe/Berlin",
      domain: "local",
    });
  });

  test("waits for the guest by default, and not at all with guestWaitMinutes 0", () => {
    expect(pool()).toMatchObject({ wait_for_guest_net_timeout: 10, wait_for_guest_net_routable: true });
    expect(pool({ guestWaitMinutes: 0 })).toMatchObject({
      wait_for_guest_net_timeout: 0,
      wait_for_guest_ip_timeout: 0,
      wait_for_guest_net_routable: false,
    });
  });

  test("fails when the count is outside 0..999", () => {
    expect(() => pool({ count: 1000 })).toThrow("WorkstationPool di-heide-1: count 1000 is outside 0..999");
  });

  test("re-clones when its image pin changes, but not when the library item of the same version is rebuilt", () => {
    const vm = pool();
    expect(vm.lifecycle.ignore_changes).toContain("clone[0].template_uuid");
    expect(vm.lifecycle.replace_triggered_by).toHaveLength(1);
    expect(vm.lifecycle.replace_triggered_by[0]).toMatch(/^terraform_data\.pool_image-pin/);
  });

  test("rotating the local administrator or domain-join password re-clones nobody (they only matter while customising)", () => {
    expect(pool().lifecycle.ignore_changes).toEqual([
      "clone[0].template_uuid",
      "clone[0].customize[0].windows_options[0].admin_password",
      "clone[0].customize[0].windows_options[0].domain_admin_password",
    ]);
  });

  test("is one resource with count, so resizing changes nothing but the count (desktops are added or removed at the end)", () => {
    const { count: seven, ...rest7 } = pool({ count: 7 });
    const { count: nine, ...rest9 } = pool({ count: 9 });
    expect([seven, nine]).toEqual([7, 9]);
    expect(rest9).toEqual(rest7);
  });
});
