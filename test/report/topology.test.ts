/** The topology diagram: what the README and docs show, and the versions the desktops really run. */
import * as fs from "node:fs";
import * as path from "node:path";
import { topologyMermaid } from "../../report/topology";
import { defaultDocument, envFrom, ROOT } from "../helpers";

describe("topology", () => {
  test("the README and docs/topology.md show the default environment's current topology", () => {
    const mermaid = topologyMermaid(envFrom(defaultDocument())).trimEnd();
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(`<!-- topology:start -->\n\`\`\`mermaid\n${mermaid}\n\`\`\`\n<!-- topology:end -->`);
    expect(fs.readFileSync(path.join(ROOT, "docs", "topology.md"), "utf8")).toContain(mermaid);
    expect(mermaid).toContain("VLAN 121, 10.61.21.0/24<br/>300 Mbit/s link<br/>50 desktops, verwaltung-standard 2026.11<br/>wave 3");
  });

  test("a site under a rollout pin shows the rolled-out version its desktops get, other waves the image's own", () => {
    const doc = defaultDocument();
    doc.rollout = [{ wave: 2, image: "verwaltung-standard", version: "2026.12" }];
    const mermaid = topologyMermaid(envFrom(doc));
    expect(mermaid).toContain("VLAN 120, 10.61.20.0/24<br/>500 Mbit/s link<br/>90 desktops, verwaltung-standard 2026.12<br/>wave 2");
    expect(mermaid).toContain("VLAN 121, 10.61.21.0/24<br/>300 Mbit/s link<br/>50 desktops, verwaltung-standard 2026.11<br/>wave 3");
  });
});
