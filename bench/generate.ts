/**
 * Environments of N tenants of the default county's shape: each tenant a copy
 * of Kreis Dithmarschen (5 sites, 430 desktops, 7 workloads) with its own
 * data-centre cluster, VLANs, subnets and code. Plain objects, as a YAML file
 * would hold them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

const ROOT = path.resolve(__dirname, "..", "..").endsWith("dist")
  ? path.resolve(__dirname, "..", "..", "..")
  : path.resolve(__dirname, "..");

export function defaultDoc(): Doc {
  const file = [path.join(ROOT, "config", "dithmarschen.yaml"), path.join(ROOT, "..", "config", "dithmarschen.yaml")].find((f) =>
    fs.existsSync(f),
  );
  return parse(fs.readFileSync(file as string, "utf8"));
}

const code = (i: number) => `${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}X`;

export function environmentOf(tenants: number): Doc {
  const base = defaultDoc();
  const template = base.tenants[0];
  const doc: Doc = { ...base, clusters: [...base.clusters], tenants: [] };
  for (let t = 0; t < tenants; t++) {
    const id = t === 0 ? template.id : `gemeinde-${String(t).padStart(3, "0")}`;
    const clusterId = t === 0 ? "rz-cluster-1" : `rz-cluster-t${t}`;
    if (t > 0) {
      doc.clusters.push({
        ...base.clusters[0],
        id: clusterId,
        hosts: base.clusters[0].hosts.map((h: Doc, i: number) => ({ ...h, name: `esx-t${t}-${i + 1}.rz-nord.dataport.example` })),
        datastore: { name: `ds-${clusterId}` },
      });
    }
    doc.tenants.push({
      ...template,
      id,
      name: t === 0 ? template.name : `Gemeinde ${t}`,
      code: t === 0 ? template.code : code(t),
      sites: template.sites.map((s: Doc, i: number) => ({
        ...s,
        vlan: t === 0 ? s.vlan : 200 + t * 8 + i,
        cidr: t === 0 ? s.cidr : `10.${100 + Math.floor(t / 2)}.${(t % 2) * 64 + i}.0/24`,
        gateway: t === 0 ? s.gateway : undefined, // the first host of the tenant's own subnet
        cluster: clusterId,
      })),
      workloads: template.workloads.map((w: Doc, i: number) => ({
        ...w,
        cluster: w.cluster === "kreishaus-cluster" ? "kreishaus-cluster" : clusterId,
        network: t === 0 ? w.network : "servers-shared",
        // Every tenant's servers share the servers network: tenant t > 0 gets 10.64.<t>.<21 + i>.
        ip: t === 0 ? w.ip : `10.64.${t}.${21 + i}`,
      })),
    });
  }
  // The other tenants' servers are on a second servers network that reaches every cluster (their own data-centre clusters).
  if (tenants > 1) {
    doc.network = {
      ...base.network,
      infrastructure: [
        ...base.network.infrastructure,
        { id: "servers-shared", vlan: 21, cidr: "10.64.0.0/16", gateway: "10.64.0.1", dnsServers: ["10.60.0.53"] },
      ],
    };
  }
  // The shared Kreishaus cluster grows with the workloads placed there.
  doc.clusters[1] = {
    ...doc.clusters[1],
    hosts: Array.from({ length: Math.max(2, Math.ceil(tenants / 4) + 1) }, (_, i) => ({
      name: `esx-kh-${i + 1}.kreishaus.dithmarschen.example`,
      cpuCores: 32,
      memoryGiB: 512,
    })),
  };
  return doc;
}
