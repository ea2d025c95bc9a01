import { TerraformOutput, Testing } from "cdktf";
import { Folder } from "@cdktf/provider-vsphere/lib/folder";
import { ResourcePool } from "@cdktf/provider-vsphere/lib/resource-pool";
import { Tag } from "@cdktf/provider-vsphere/lib/tag";
import { Tenant, TenantProps } from "../../constructs/tenant";
import { VsphereStack } from "../../stacks/vsphere-stack";
import { ROOT } from "../helpers";

/** A stack as the environment builds them: its logical ids are the construct path, the addresses in the deployed state. */
const vsphereStack = (name: string) =>
  new VsphereStack(Testing.stubVersion(Testing.app()), name, {
    vcenterServer: "vcenter.lab.example",
    state: { type: "local", directory: "terraform-state" },
    projectRoot: ROOT,
  });

const props: TenantProps = {
  datacenterId: "datacenter-1",
  tenantId: "amt-marne",
  displayName: "Amt Marne-Nordsee",
  clusters: [
    { clusterKey: "rz-cluster-1", clusterResourcePoolId: "resgroup-rz" },
    { clusterKey: "kreishaus-cluster", clusterResourcePoolId: "resgroup-kh" },
  ],
  tenantTagCategoryId: "urn:category-tenant",
};

/** The tenant in a stack of the environment, parsed, with outputs for the ids it hands out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const tenantStack = (extra: Partial<TenantProps> = {}): any => {
  const stack = vsphereStack("tenant-amt-marne");
  const tenant = new Tenant(stack, "tenant", { ...props, ...extra });
  new TerraformOutput(stack, "root-folder-id", { value: tenant.rootFolderId });
  new TerraformOutput(stack, "desktop-folder-id", { value: tenant.desktopFolderId });
  new TerraformOutput(stack, "desktop-folder-path", { value: tenant.desktopFolderPath });
  new TerraformOutput(stack, "server-folder-id", { value: tenant.serverFolderId });
  new TerraformOutput(stack, "server-folder-path", { value: tenant.serverFolderPath });
  new TerraformOutput(stack, "tenant-tag-id", { value: tenant.tenantTagId });
  new TerraformOutput(stack, "pool-ids", { value: tenant.resourcePoolIds });
  new TerraformOutput(stack, "kreishaus-pool-id", { value: tenant.resourcePoolId("kreishaus-cluster") });
  return JSON.parse(Testing.synth(stack));
};

const pools = (extra: Partial<TenantProps> = {}) => tenantStack(extra).resource.vsphere_resource_pool;

describe("Tenant", () => {
  test("has a VM folder named by its id with desktops and servers below it, in the given datacenter", () => {
    const synth = Testing.synthScope((scope) => new Tenant(scope, "tenant", props));
    expect(synth).toHaveResourceWithProperties(Folder, { datacenter_id: "datacenter-1", path: "amt-marne", type: "vm" });
    const folders = tenantStack().resource.vsphere_folder;
    expect(folders).toEqual({
      tenant_folder: { datacenter_id: "datacenter-1", path: "amt-marne", type: "vm" },
      "tenant_desktop-folder": { datacenter_id: "datacenter-1", path: "${vsphere_folder.tenant_folder.path}/desktops", type: "vm" },
      "tenant_server-folder": { datacenter_id: "datacenter-1", path: "${vsphere_folder.tenant_folder.path}/servers", type: "vm" },
    });
  });

  test("has a resource pool rp-<tenant id> in the root pool of every cluster it uses, addressed by the cluster's key", () => {
    const synth = Testing.synthScope((scope) => new Tenant(scope, "tenant", props));
    expect(synth).toHaveResourceWithProperties(ResourcePool, { name: "rp-amt-marne", parent_resource_pool_id: "resgroup-rz" });
    expect(synth).toHaveResourceWithProperties(ResourcePool, { name: "rp-amt-marne", parent_resource_pool_id: "resgroup-kh" });
    expect(Object.keys(pools()).sort()).toEqual(["tenant_resource-pools_kreishaus-cluster", "tenant_resource-pools_rz-cluster-1"]);
  });

  test("has no resource pool when it uses no cluster", () => {
    const synth = Testing.synthScope((scope) => new Tenant(scope, "tenant", { ...props, clusters: [] }));
    expect(JSON.parse(synth).resource).not.toHaveProperty("vsphere_resource_pool");
    expect(synth).toHaveResource(Folder);
  });

  test("by default reserves nothing and limits nothing, and its pools may borrow from their parent", () => {
    for (const pool of Object.values(pools())) {
      expect(pool).toEqual({
        name: "rp-amt-marne",
        parent_resource_pool_id: expect.any(String),
        cpu_expandable: true,
        memory_expandable: true,
      });
    }
  });

  test("reserves and limits CPU in MHz and memory given in GiB as MiB, in every pool", () => {
    const limited = pools({ cpuReservationMhz: 20000, cpuLimitMhz: 40000, memoryReservationGiB: 256, memoryLimitGiB: 1024 });
    for (const pool of Object.values(limited)) {
      expect(pool).toMatchObject({ cpu_reservation: 20000, cpu_limit: 40000, memory_reservation: 262144, memory_limit: 1048576 });
      expect(pool).toMatchObject({ cpu_expandable: true, memory_expandable: true });
    }
  });

  test("writes no limit for -1 (unlimited) and no reservation for 0, leaving vSphere's defaults", () => {
    for (const pool of Object.values(pools({ cpuReservationMhz: 0, cpuLimitMhz: -1, memoryReservationGiB: 0, memoryLimitGiB: -1 }))) {
      expect(pool).not.toHaveProperty("cpu_reservation");
      expect(pool).not.toHaveProperty("cpu_limit");
      expect(pool).not.toHaveProperty("memory_reservation");
      expect(pool).not.toHaveProperty("memory_limit");
    }
  });

  test("writes a limit of 0 as given: a pool that may use nothing", () => {
    for (const pool of Object.values(pools({ cpuLimitMhz: 0, memoryLimitGiB: 0 }))) {
      expect(pool).toMatchObject({ cpu_limit: 0, memory_limit: 0 });
    }
  });

  test("has the tenant tag: its id as the name, its display name as the description, in the tenant category", () => {
    const synth = Testing.synthScope((scope) => new Tenant(scope, "tenant", props));
    expect(synth).toHaveResourceWithProperties(Tag, {
      category_id: "urn:category-tenant",
      name: "amt-marne",
      description: "Amt Marne-Nordsee",
    });
    expect(Object.keys(tenantStack().resource.vsphere_tag)).toEqual(["tenant_tag"]);
  });

  test("hands out the ids and paths of its folders, pools and tag", () => {
    const output = tenantStack().output;
    expect(output["root-folder-id"].value).toBe("${vsphere_folder.tenant_folder.id}");
    expect(output["desktop-folder-id"].value).toBe("${vsphere_folder.tenant_desktop-folder.id}");
    expect(output["desktop-folder-path"].value).toBe("${vsphere_folder.tenant_desktop-folder.path}");
    expect(output["server-folder-id"].value).toBe("${vsphere_folder.tenant_server-folder.id}");
    expect(output["server-folder-path"].value).toBe("${vsphere_folder.tenant_server-folder.path}");
    expect(output["tenant-tag-id"].value).toBe("${vsphere_tag.tenant_tag.id}");
    expect(output["kreishaus-pool-id"].value).toBe("${vsphere_resource_pool.tenant_resource-pools_kreishaus-cluster.id}");
    expect(output["pool-ids"].value).toEqual([
      "${vsphere_resource_pool.tenant_resource-pools_rz-cluster-1.id}",
      "${vsphere_resource_pool.tenant_resource-pools_kreishaus-cluster.id}",
    ]);
  });

  test("fails when asked for its pool in a cluster it does not use", () => {
    Testing.synthScope((scope) => {
      const tenant = new Tenant(scope, "tenant", props);
      expect(() => tenant.resourcePoolId("heide-cluster")).toThrow("tenant has no resource pool in cluster heide-cluster");
      return tenant;
    });
  });

  test("fails when two placements name the same cluster", () => {
    const twice = [props.clusters[0], { clusterKey: "rz-cluster-1", clusterResourcePoolId: "resgroup-other" }];
    expect(() => Testing.synthScope((scope) => new Tenant(scope, "tenant", { ...props, clusters: twice }))).toThrow(
      /There is already a Construct with name 'rz-cluster-1'/,
    );
  });
});
