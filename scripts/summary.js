/** Resource counts per stack of a synthesised cdktf.out/, as a short table. */
const fs = require("node:fs");
const path = require("node:path");

/** @returns {{stack: string, resources: Record<string, number>, instances: number, desktops: number}[]} */
function countResources(outdir) {
  const stacksDir = path.join(outdir, "stacks");
  return fs
    .readdirSync(stacksDir)
    .sort()
    .map((stack) => {
      const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8"));
      const resources = {};
      let instances = 0;
      let desktops = 0;
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const body of Object.values(byName)) {
          const n = typeof body.count === "number" ? body.count : 1;
          resources[type] = (resources[type] ?? 0) + n;
          instances += n;
          if (type === "vsphere_virtual_machine" && body.count !== undefined) desktops += n; // desktops are pools with count; servers are single VMs
        }
      }
      return { stack, resources, instances, desktops };
    });
}

function summarise(outdir) {
  const rows = countResources(outdir);
  const lines = rows.map(
    (r) =>
      `  ${r.stack.padEnd(40)} ${String(r.instances).padStart(4)}  ` +
      Object.entries(r.resources)
        .map(([t, n]) => `${t.replace(/^vsphere_/, "")}×${n}`)
        .join(", "),
  );
  const total = rows.reduce((s, r) => s + r.instances, 0);
  const desktops = rows.reduce((s, r) => s + r.desktops, 0);
  return [`[synth] ${rows.length} stacks, ${total} resources (${desktops} desktops):`, ...lines].join("\n");
}

module.exports = { countResources, summarise };
