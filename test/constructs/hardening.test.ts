import { Testing } from "cdktf";
import { VM_HARDENING_EXTRA_CONFIG } from "../../constructs/hardening";
import { ApplicationServer } from "../../constructs/application-server";
import { WorkstationPool } from "../../constructs/workstation-pool";
import { onlyResource } from "../helpers";

describe("VM_HARDENING_EXTRA_CONFIG", () => {
  test("turns off console copy and paste between the operator's desktop and the VM", () => {
    expect(VM_HARDENING_EXTRA_CONFIG["isolation.tools.copy.disable"]).toBe("TRUE");
    expect(VM_HARDENING_EXTRA_CONFIG["isolation.tools.paste.disable"]).toBe("TRUE");
  });

  test("stops the guest from shrinking or wiping its virtual disks", () => {
    expect(VM_HARDENING_EXTRA_CONFIG["isolation.tools.diskShrink.disable"]).toBe("TRUE");
    expect(VM_HARDENING_EXTRA_CONFIG["isolation.tools.diskWiper.disable"]).toBe("TRUE");
  });

  test("leaks no host information to the guest and bounds what the guest may write to the host", () => {
    expect(VM_HARDENING_EXTRA_CONFIG["tools.guestlib.enableHostInfo"]).toBe("FALSE");
    expect(VM_HARDENING_EXTRA_CONFIG["tools.setInfo.sizeLimit"]).toBe("1048576");
  });

  test("keeps ten VM logs of at most about 2 MB each", () => {
    expect(VM_HARDENING_EXTRA_CONFIG["log.keepOld"]).toBe("10");
    expect(VM_HARDENING_EXTRA_CONFIG["log.rotateSize"]).toBe("2048000");
  });

  test("is exactly these eight settings, every value a string as vSphere's extra_config map wants", () => {
    expect(Object.keys(VM_HARDENING_EXTRA_CONFIG).sort()).toEqual([
      "isolation.tools.copy.disable",
      "isolation.tools.diskShrink.disable",
      "isolation.tools.diskWiper.disable",
      "isolation.tools.paste.disable",
      "log.keepOld",
      "log.rotateSize",
      "tools.guestlib.enableHostInfo",
      "tools.setInfo.sizeLimit",
    ]);
    expect(Object.values(VM_HARDENING_EXTRA_CONFIG).every((value) => typeof value === "string")).toBe(true);
  });

  test("is carried in full by every application server", () => {
    const vm = onlyResource(
      Testing.synthScope(
        (scope) =>
          new ApplicationServer(scope, "server", {
            name: "di-app-test",
            guestId: "windows2019srvNext_64Guest",
            cpus: 2,
            memoryGiB: 4,
            diskGiB: 60,
            clusterId: "c1",
            resourcePoolId: "rp",
            datastoreId: "ds",
            folderPath: "t/servers",
            portGroupId: "pg",
            tagIds: [],
          }),
      ),
      "vsphere_virtual_machine",
    );
    expect(vm.extra_config).toEqual(VM_HARDENING_EXTRA_CONFIG);
  });

  test("is carried in full by every desktop of a workstation pool", () => {
    const desktops = onlyResource(
      Testing.synthScope(
        (scope) =>
          new WorkstationPool(scope, "pool", {
            count: 2,
            namePrefix: "di-test",
            computerNamePrefix: "DI-TEST",
            image: {
              libraryItemId: "item",
              guestId: "windows11_64Guest",
              isWindows: true,
              hardware: { cpus: 2, memoryGiB: 8, diskGiB: 100 },
              versionTagId: "v",
            },
            imagePin: "standard@1.0",
            resourcePoolId: "rp",
            datastoreId: "ds",
            folderPath: "t/desktops",
            portGroupId: "pg",
            tagIds: [],
            adminPassword: "${var.windows_admin_password}",
          }),
      ),
      "vsphere_virtual_machine",
    );
    expect(desktops.extra_config).toEqual(VM_HARDENING_EXTRA_CONFIG);
  });
});
