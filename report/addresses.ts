/**
 * The address plan (`npm run addresses`): every network with its CIDR,
 * gateway and DNS, every address the platform uses with its owner (server,
 * gateway, a site's DHCP range), free counts; as text, JSON, CSV for NetBox
 * (and phpIPAM) and a DNS zone fragment of the servers. Reads the validated
 * environment only; every address comes from config/derive.ts.
 */
import { networkDnsSuffix, networkGateway, siteDhcpRange, workloadAddress, workloadHostName, workloadVmName } from "../config/derive";
import { parseCidr, parseIpv4, usableHosts } from "../config/net";
import { Environment } from "../config/schema";

export enum AddressOwnerKind {
  GATEWAY = "gateway",
  SERVER = "server",
  DHCP_RANGE = "dhcp-range",
}

export interface AddressUse {
  /** The address, or `first-last` for a range. */
  readonly address: string;
  readonly kind: AddressOwnerKind;
  /** Who holds it: a VM name, `gateway`, `DHCP for desktops of <site>`. */
  readonly owner: string;
  /** Number of addresses (1, or the size of a range). */
  readonly count: number;
  /** Tenant id of a server or site. */
  readonly tenant?: string;
  /** Fully qualified name of a server. */
  readonly dnsName?: string;
  /** True when a server's address is the stable allocation, not set in the file. */
  readonly allocated?: boolean;
}

export interface NetworkAddresses {
  /** `<network id>` for infrastructure networks, `<tenant>/<site>` for sites. */
  readonly id: string;
  readonly kind: "infrastructure" | "site";
  readonly tenant?: string;
  readonly vlan: number;
  readonly cidr: string;
  readonly gateway: string;
  readonly dnsServers: readonly string[];
  readonly dnsSuffix: string;
  /** Usable host addresses (network and broadcast excluded). */
  readonly size: number;
  readonly used: number;
  readonly free: number;
  /** Sorted by address. */
  readonly uses: readonly AddressUse[];
}

export interface AddressPlan {
  readonly networks: readonly NetworkAddresses[];
}

const numeric = (address: string) => parseIpv4(address.split("-")[0]) ?? 0;

function network(base: Omit<NetworkAddresses, "size" | "used" | "free" | "uses">, uses: AddressUse[]): NetworkAddresses {
  const range = parseCidr(base.cidr).range;
  const size = range ? usableHosts(range) : 0;
  const used = uses.reduce((n, u) => n + u.count, 0);
  return { ...base, size, used, free: Math.max(0, size - used), uses: [...uses].sort((a, b) => numeric(a.address) - numeric(b.address)) };
}

/** The address plan of an environment: infrastructure networks first, then each tenant's sites, in file order. */
export function addressPlan(env: Environment): AddressPlan {
  const networks: NetworkAddresses[] = [];
  for (const n of env.network.infrastructure) {
    const gateway = networkGateway(n) ?? "";
    const uses: AddressUse[] = [{ address: gateway, kind: AddressOwnerKind.GATEWAY, owner: "gateway", count: 1 }];
    for (const tenant of env.tenants) {
      for (const workload of tenant.workloads.filter((w) => w.network === n.id)) {
        const address = workloadAddress(env, tenant, workload);
        if (!address) continue;
        uses.push({
          address: address.ip,
          kind: AddressOwnerKind.SERVER,
          owner: workloadVmName(tenant, workload.id),
          count: 1,
          tenant: tenant.id,
          dnsName: `${workloadHostName(tenant, workload)}.${address.dnsSuffix}`,
          allocated: address.allocated,
        });
      }
    }
    networks.push(
      network(
        {
          id: n.id,
          kind: "infrastructure",
          vlan: n.vlan,
          cidr: n.cidr,
          gateway,
          dnsServers: n.dnsServers,
          dnsSuffix: networkDnsSuffix(env, n),
        },
        uses,
      ),
    );
  }
  for (const tenant of env.tenants) {
    for (const site of tenant.sites) {
      const gateway = networkGateway(site) ?? "";
      const uses: AddressUse[] = [{ address: gateway, kind: AddressOwnerKind.GATEWAY, owner: "gateway", count: 1, tenant: tenant.id }];
      const dhcp = siteDhcpRange(site);
      if (dhcp) {
        uses.push({
          address: `${dhcp.first}-${dhcp.last}`,
          kind: AddressOwnerKind.DHCP_RANGE,
          owner: `DHCP for the ${site.workstations.count} desktops of ${site.id}`,
          count: dhcp.size,
          tenant: tenant.id,
        });
      }
      networks.push(
        network(
          {
            id: `${tenant.id}/${site.id}`,
            kind: "site",
            tenant: tenant.id,
            vlan: site.vlan,
            cidr: site.cidr,
            gateway,
            dnsServers: site.dnsServers,
            dnsSuffix: networkDnsSuffix(env, site),
          },
          uses,
        ),
      );
    }
  }
  return { networks };
}

/** The plan for a terminal or a review: one block per network, one line per use. */
export function renderAddressPlan(plan: AddressPlan): string {
  const out: string[] = [];
  for (const n of plan.networks) {
    out.push(
      `${n.kind === "site" ? "site" : "network"} ${n.id}  VLAN ${n.vlan}  ${n.cidr}  gateway ${n.gateway}  DNS ${n.dnsServers.join(", ") || "(none)"}  suffix ${n.dnsSuffix}`,
      `  ${n.used} of ${n.size} addresses used, ${n.free} free`,
    );
    for (const u of n.uses) {
      const note = u.allocated ? "  (allocated: no ip in the file)" : "";
      out.push(`  ${u.address.padEnd(27)} ${u.kind.padEnd(10)} ${u.owner}${u.dnsName ? ` ${u.dnsName}` : ""}${note}`);
    }
    out.push("");
  }
  return `${out.join("\n")}`;
}

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csvLine = (fields: readonly string[]) => fields.map(csvField).join(",");

/**
 * NetBox's IP address bulk import (IPAM › IP Addresses › Import, CSV):
 * `address,status,dns_name,description,tenant`, the address with its prefix
 * length. Gateways and servers are `active`; DHCP ranges are IP ranges in
 * NetBox, see {@link renderRangesCsv}. phpIPAM's address import maps the same
 * file column by column (IP address, hostname, description, owner).
 */
export const NETBOX_ADDRESS_COLUMNS = ["address", "status", "dns_name", "description", "tenant"] as const;

export function renderAddressesCsv(plan: AddressPlan): string {
  const rows = [csvLine(NETBOX_ADDRESS_COLUMNS)];
  for (const n of plan.networks) {
    const prefix = n.cidr.split("/")[1];
    for (const u of n.uses.filter((x) => x.kind !== AddressOwnerKind.DHCP_RANGE)) {
      const description = u.kind === AddressOwnerKind.GATEWAY ? `gateway of ${n.id}` : `${u.owner} on ${n.id}`;
      rows.push(csvLine([`${u.address}/${prefix}`, "active", u.dnsName ?? "", description, u.tenant ?? n.tenant ?? ""]));
    }
  }
  return `${rows.join("\n")}\n`;
}

/** NetBox's IP range bulk import (IPAM › IP Ranges › Import): `start_address,end_address,status,description,tenant`. */
export const NETBOX_RANGE_COLUMNS = ["start_address", "end_address", "status", "description", "tenant"] as const;

export function renderRangesCsv(plan: AddressPlan): string {
  const rows = [csvLine(NETBOX_RANGE_COLUMNS)];
  for (const n of plan.networks) {
    const prefix = n.cidr.split("/")[1];
    for (const u of n.uses.filter((x) => x.kind === AddressOwnerKind.DHCP_RANGE)) {
      const [first, last] = u.address.split("-");
      rows.push(csvLine([`${first}/${prefix}`, `${last}/${prefix}`, "reserved", u.owner, u.tenant ?? ""]));
    }
  }
  return `${rows.join("\n")}\n`;
}

/** The reverse (PTR) name of an IPv4 address: `21.20.60.10.in-addr.arpa.`. */
export function reverseName(address: string): string {
  return `${address.split(".").reverse().join(".")}.in-addr.arpa.`;
}

/**
 * A zone file fragment with an A and a PTR record per server, names fully
 * qualified (trailing dot) so it fits into any forward or reverse zone file.
 */
export function renderDnsZone(plan: AddressPlan, ttlSeconds = 3600): string {
  const servers = plan.networks.flatMap((n) => n.uses.filter((u) => u.kind === AddressOwnerKind.SERVER && u.dnsName));
  const lines = ["; servers of the address plan (npm run addresses -- --dns): A and PTR records", "; forward"];
  for (const s of servers) lines.push(`${s.dnsName}. ${ttlSeconds} IN A ${s.address}`);
  lines.push("; reverse");
  for (const s of servers) lines.push(`${reverseName(s.address)} ${ttlSeconds} IN PTR ${s.dnsName}.`);
  return `${lines.join("\n")}\n`;
}
