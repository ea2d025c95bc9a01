/**
 * Which CDK library the app runs on, chosen by RZ_CDK before anything loads it:
 *
 *   RZ_CDK unset or "cdktf"  CDK for Terraform (cdktf 0.21.0, the default)
 *   RZ_CDK=cdktn             CDK Terrain (cdktn 0.24.0, the community continuation, same API)
 *
 * Preloaded by the app command (`node --require ./scripts/cdk-library.js ...`
 * in cdktf.json and scripts/synth.js). For cdktn it redirects every
 * `require("cdktf")` and `require("cdktf/...")` in the process to the same path
 * in cdktn: the project's own imports, and @cdktf/provider-vsphere's, whose
 * resource classes extend cdktf's and must extend the same library as the stack
 * they are added to (two copies keep two token registries: a reference made by
 * one is not resolved by the other, and the synth fails). Both libraries are
 * installed side by side (cdktn as a devDependency), so CI compares them in one
 * `npm ci`; see the README's "Dependencies".
 */
const Module = require("node:module");

const LIBRARIES = ["cdktf", "cdktn"];
const selected = process.env.RZ_CDK || "cdktf";
if (!LIBRARIES.includes(selected)) {
  throw new Error(`RZ_CDK=${selected} is not a CDK library this project runs on: use one of ${LIBRARIES.join(", ")}`);
}

if (selected === "cdktn" && !Module._resolveFilename.rzCdktn) {
  const resolve = Module._resolveFilename;
  const redirected = function (request, ...rest) {
    if (request === "cdktf" || request.startsWith("cdktf/")) request = `cdktn${request.slice("cdktf".length)}`;
    return resolve.call(this, request, ...rest);
  };
  redirected.rzCdktn = true;
  Module._resolveFilename = redirected;
}

module.exports = { library: selected };
