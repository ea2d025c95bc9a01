/**
 * The floor: the same stacks and resources as the product synthesises, written
 * as bare provider classes straight from the plain document, with no
 * constructs, config validation, compliance pack or derived defaults.
 */
import { App, TerraformStack, TerraformVariable, TerraformCount, Fn } from "cdktf";
import { imageKey } from "../domain/names";
import { VsphereProvider } from "@cdktf/provider-vsphere/lib/provider";
import { Datacenter } from "@cdktf/provider-vsphere/lib/datacenter";
import { ComputeCluster } from "@cdktf/provider-vsphere/lib/compute-cluster";
import { Host } from "@cdktf/provider-vsphere/lib/host";
import { NasDatastore } from "@cdktf/provider-vsphere/lib/nas-datastore";
import { TagCategory } from "@cdktf/provider-vsphere/lib/tag-category";
import { Tag } from "@cdktf/provider-vsphere/lib/tag";
import { DistributedVirtualSwitch } from "@cdktf/provider-vsphere/lib/distributed-virtual-switch";
import { DistributedPortGroup } from "@cdktf/provider-vsphere/lib/distributed-port-group";
import { ContentLibrary } from "@cdktf/provider-vsphere/lib/content-library";
import { ContentLibraryItem } from "@cdktf/provider-vsphere/lib/content-library-item";
import { Folder } from "@cdktf/provider-vsphere/lib/folder";
import { ResourcePool } from "@cdktf/provider-vsphere/lib/resource-pool";
import { VirtualMachine } from "@cdktf/provider-vsphere/lib/virtual-machine";
import { HaVmOverride } from "@cdktf/provider-vsphere/lib/ha-vm-override";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

function stack(app: App, name: string, doc: Doc): TerraformStack {
  const s = new TerraformStack(app, name);
  const user = new TerraformVariable(s, "vsphere_user", { type: "string", sensitive: true });
  const password = new TerraformVariable(s, "vsphere_password", { type: "string", sensitive: true });
  new VsphereProvider(s, "vsphere", { vsphereServer: doc.vcenter.server, user: user.stringValue, password: password.stringValue });
  return s;
}

export function buildFloor(app: App, doc: Doc): void {
  const platform = stack(app, "platform", doc);
  const esxi = new TerraformVariable(platform, "esxi_password", { type: "string", sensitive: true });
  const dc = new Datacenter(platform, "datacenter", { name: doc.datacenter });
  const categories = Object.fromEntries(
    ["tenant", "site", "role", "image-version", "wave"].map((k) => [
      k,
      new TagCategory(platform, `cat-${k}`, { name: `rz-${k}`, cardinality: "SINGLE", associableTypes: ["VirtualMachine"] }),
    ]),
  );
  const clusters: Record<string, { cluster: ComputeCluster; hosts: Host[]; ds: NasDatastore }> = {};
  for (const c of doc.clusters) {
    const cluster = new ComputeCluster(platform, `cluster-${c.id}`, {
      name: c.id,
      datacenterId: dc.moid,
      haEnabled: true,
      drsEnabled: true,
    });
    const hosts = c.hosts.map(
      (h: Doc) =>
        new Host(platform, `host-${h.name}`, { hostname: h.name, username: "root", password: esxi.stringValue, cluster: cluster.id }),
    );
    const ds = new NasDatastore(platform, `ds-${c.id}`, {
      name: `ds-${c.id}`,
      hostSystemIds: hosts.map((h: Host) => h.id),
      remoteHosts: ["nas"],
      remotePath: `/${c.id}`,
    });
    clusters[c.id] = { cluster, hosts, ds };
  }
  const waves = Object.fromEntries(
    [1, 2, 3].map((w) => [w, new Tag(platform, `wave-${w}`, { name: `wave-${w}`, categoryId: categories.wave.id })]),
  );
  const desktopRole = new Tag(platform, "role-desktop", { name: "desktop", categoryId: categories.role.id });

  const network = stack(app, "network", doc);
  const dvs = new DistributedVirtualSwitch(network, "switch", {
    datacenterId: dc.moid,
    name: doc.network.switch.name,
    host: Object.values(clusters).flatMap((c) => c.hosts.map((h) => ({ hostSystemId: h.id, devices: ["vmnic0", "vmnic1"] }))),
  });
  const infra = Object.fromEntries(
    doc.network.infrastructure.map((n: Doc) => [
      n.id,
      new DistributedPortGroup(network, `pg-${n.id}`, { name: `pg-${n.id}`, distributedVirtualSwitchUuid: dvs.id, vlanId: n.vlan }),
    ]),
  );

  const images = stack(app, "images", doc);
  const library = new ContentLibrary(images, "library", { name: "golden", storageBacking: [clusters["rz-cluster-1"].ds.id] });
  const items = Object.fromEntries(
    doc.images.map((i: Doc) => [
      i.id,
      {
        item: new ContentLibraryItem(images, `item-${i.id}`, {
          libraryId: library.id,
          name: `${i.id}-${i.version}`,
          fileUrl: `https://images/${i.id}.ovf`,
        }),
        tag: new Tag(images, `tag-${i.id}`, { name: imageKey(i.id, i.version), categoryId: categories["image-version"].id }),
        image: i,
      },
    ]),
  );

  for (const t of doc.tenants) {
    const ts = stack(app, `tenant-${t.id}`, doc);
    const folder = new Folder(ts, "folder", { datacenterId: dc.moid, path: t.id, type: "vm" });
    const tenantTag = new Tag(ts, "tag", { name: t.id, categoryId: categories.tenant.id });
    const pools: Record<string, ResourcePool> = {};
    const poolFor = (clusterId: string) =>
      (pools[clusterId] ??= new ResourcePool(ts, `rp-${clusterId}`, {
        name: `rp-${t.id}`,
        parentResourcePoolId: clusters[clusterId].cluster.resourcePoolId,
      }));
    for (const w of t.workloads) {
      const vm = new VirtualMachine(ts, `vm-${w.id}`, {
        name: `${t.code}-app-${w.id}`,
        resourcePoolId: poolFor(w.cluster).id,
        datastoreId: clusters[w.cluster].ds.id,
        folder: folder.path,
        numCpus: w.cpus,
        memory: w.memoryGiB * 1024,
        networkInterface: [{ networkId: infra[w.network].id }],
        disk: [{ label: "disk0", size: w.diskGiB }],
        tags: [tenantTag.id],
      });
      new HaVmOverride(ts, `ha-${w.id}`, {
        computeClusterId: clusters[w.cluster].cluster.id,
        virtualMachineId: vm.id,
        haVmRestartPriority: "high",
      });
    }
    const admin = new TerraformVariable(ts, "windows_admin_password", { type: "string", sensitive: true });
    for (const s of t.sites) {
      const pg = new DistributedPortGroup(ts, `pg-${s.id}`, {
        name: `pg-${t.code}-${s.id}`,
        distributedVirtualSwitchUuid: dvs.id,
        vlanId: s.vlan,
      });
      const siteTag = new Tag(ts, `tag-${s.id}`, { name: `${t.id}/${s.id}`, categoryId: categories.site.id });
      const ss = stack(app, `site-${t.id}-${s.id}`, doc);
      const img = items[s.workstations.image];
      const count = TerraformCount.of(s.workstations.count);
      const n = Fn.format("%03d", [Fn.sum([count.index, 1])]);
      new VirtualMachine(ss, "desktops", {
        count,
        name: `${t.code}-${s.id}-${n}`,
        resourcePoolId: poolFor(s.cluster ?? "rz-cluster-1").id,
        datastoreId: clusters[s.cluster ?? "rz-cluster-1"].ds.id,
        numCpus: img.image.cpus,
        memory: img.image.memoryGiB * 1024,
        networkInterface: [{ networkId: pg.id }],
        disk: [{ label: "disk0", size: img.image.diskGiB }],
        clone: {
          templateUuid: img.item.id,
          customize: { windowsOptions: { computerName: n, adminPassword: admin.stringValue }, networkInterface: [{}] },
        },
        tags: [img.tag.id, tenantTag.id, siteTag.id, waves[s.workstations.wave].id, desktopRole.id],
      });
    }
  }
}
