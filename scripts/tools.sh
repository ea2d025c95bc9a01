#!/usr/bin/env bash
# Bootstrap the real tools the validate and end-to-end tests need, cached in
# .tools/ (ignored by git). Idempotent: a second run only checks.
#
#   .tools/mirror/   filesystem mirror with vmware/vsphere 2.15.0
#   .tools/terraformrc   CLI config that installs providers from the mirror only
#   .tools/bin/vcsim-rz  govmomi vCenter simulator with our extensions (e2e/vcsim)
#   .tools/bin/tofu      OpenTofu, only when no terraform >= 1.6 is on PATH
#   .tools/env.sh        exports for tests and scripts (source it)
#
# Exit status is non-zero with a message naming what to install when anything
# is missing; nothing is skipped silently.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
PROVIDER_VERSION="2.15.0"
PROVIDER_COMMIT="0aab07b95f220f447e994d028a52ed50d4264166" # tag v2.15.0
PROVIDER_MODULE="github.com/vmware/terraform-provider-vsphere"
OPENTOFU_VERSION="v1.10.6"
OPENTOFU_HCL_REPLACE="github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20250121132637-504036cd70e7"
PROVIDER_FILE="terraform-provider-vsphere_v${PROVIDER_VERSION}"
PLATFORM="linux_amd64"

export CHECKPOINT_DISABLE=1 GOFLAGS="${GOFLAGS:--buildvcs=false}"

say() { printf '[tools] %s\n' "$*" >&2; }
die() {
  printf '[tools] ERROR: %s\n' "$*" >&2
  exit 1
}

mkdir -p "$TOOLS/bin" "$TOOLS/mirror"

need_go() {
  command -v go >/dev/null 2>&1 ||
    die "Go is not installed. Install Go >= 1.23 (https://go.dev/doc/install or 'apt-get install golang') and run again."
}

# --- engine -----------------------------------------------------------------
engine=""
if command -v terraform >/dev/null 2>&1; then
  version="$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null terraform version -json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).terraform_version)}catch{console.log("")}})')"
  major="${version%%.*}"
  rest="${version#*.}"
  minor="${rest%%.*}"
  if [[ -n "$version" && ("$major" -gt 1 || ("$major" -eq 1 && "$minor" -ge 6)) ]]; then
    engine="$(command -v terraform)"
    say "engine: terraform $version ($engine)"
  else
    say "terraform ${version:-?} on PATH is older than 1.6; using OpenTofu instead"
  fi
fi
if [[ -z "$engine" ]]; then
  if [[ ! -x "$TOOLS/bin/tofu" ]]; then
    need_go
    say "building OpenTofu $OPENTOFU_VERSION from the Go module proxy (several minutes, ~350 modules)..."
    src="$TOOLS/src/tofu"
    mkdir -p "$src"
    cat >"$src/go.mod" <<EOF
module rz-dithmarschen/tools/tofu

go 1.24.6

require github.com/opentofu/opentofu $OPENTOFU_VERSION

replace $OPENTOFU_HCL_REPLACE
EOF
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/opentofu/opentofu/cmd/tofu"\n' >"$src/tools.go"
    (cd "$src" && GOFLAGS=-mod=mod go mod tidy && go build -trimpath -o "$TOOLS/bin/tofu" github.com/opentofu/opentofu/cmd/tofu) ||
      die "building OpenTofu failed (see above). Install terraform >= 1.6 on PATH or make the Go module proxy reachable."
  fi
  engine="$TOOLS/bin/tofu"
  say "engine: $("$engine" version | head -1) ($engine)"
fi

# --- provider -----------------------------------------------------------------
mirror_path() { echo "$TOOLS/mirror/$1/vmware/vsphere/$PROVIDER_VERSION/$PLATFORM/$PROVIDER_FILE"; }
target="$(mirror_path registry.terraform.io)"
if [[ ! -x "$target" ]]; then
  found=""
  for candidate in \
    "${RZ_VSPHERE_PROVIDER:-}" \
    "$HOME/.terraform.d/plugins/registry.terraform.io/vmware/vsphere/$PROVIDER_VERSION/$PLATFORM/$PROVIDER_FILE" \
    "$HOME/.local/share/terraform/plugins/registry.terraform.io/vmware/vsphere/$PROVIDER_VERSION/$PLATFORM/$PROVIDER_FILE" \
    "/usr/local/share/terraform/plugins/registry.terraform.io/vmware/vsphere/$PROVIDER_VERSION/$PLATFORM/$PROVIDER_FILE" \
    "/usr/share/terraform/plugins/registry.terraform.io/vmware/vsphere/$PROVIDER_VERSION/$PLATFORM/$PROVIDER_FILE"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
      found="$candidate"
      break
    fi
  done
  if [[ -n "$found" ]]; then
    say "provider: using prebuilt $found"
  else
    need_go
    say "provider: building $PROVIDER_MODULE@$PROVIDER_COMMIT (v$PROVIDER_VERSION) with Go (a few minutes)..."
    if GOBIN="$TOOLS/build" go install -trimpath -ldflags="-s -w" "$PROVIDER_MODULE@$PROVIDER_COMMIT"; then
      found="$TOOLS/build/terraform-provider-vsphere"
    else
      die "could not build the vsphere provider: the Go module proxy did not serve $PROVIDER_MODULE@$PROVIDER_COMMIT.
  Provide a build of the v$PROVIDER_VERSION tag: set RZ_VSPHERE_PROVIDER=/path/to/terraform-provider-vsphere or copy it to
  ~/.terraform.d/plugins/registry.terraform.io/vmware/vsphere/$PROVIDER_VERSION/$PLATFORM/$PROVIDER_FILE"
    fi
  fi
  for registry in registry.terraform.io registry.opentofu.org; do
    mkdir -p "$(dirname "$(mirror_path "$registry")")"
    cp "$found" "$(mirror_path "$registry")"
    chmod +x "$(mirror_path "$registry")"
  done
fi
say "provider: vmware/vsphere $PROVIDER_VERSION in $TOOLS/mirror"

cat >"$TOOLS/terraformrc" <<EOF
# Generated by scripts/tools.sh: providers come from the local mirror only.
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

# --- simulator ----------------------------------------------------------------
sim_src="$ROOT/e2e/vcsim"
if [[ -f "$sim_src/go.mod" ]]; then
  stamp="$(cd "$sim_src" && { cat go.mod go.sum; find . -name '*.go' | LC_ALL=C sort | xargs cat; } 2>/dev/null | sha256sum | cut -c1-16)"
  if [[ ! -x "$TOOLS/bin/vcsim-rz" || "$(cat "$TOOLS/bin/vcsim-rz.stamp" 2>/dev/null)" != "$stamp" ]]; then
    need_go
    say "simulator: building e2e/vcsim (govmomi simulator + extensions)..."
    (cd "$sim_src" && go build -trimpath -o "$TOOLS/bin/vcsim-rz" .) || die "building the simulator in e2e/vcsim failed (see above)"
    echo "$stamp" >"$TOOLS/bin/vcsim-rz.stamp"
  fi
  say "simulator: $TOOLS/bin/vcsim-rz"
else
  die "e2e/vcsim is missing: the simulator source is part of this repository"
fi

cat >"$TOOLS/env.sh" <<EOF
# Generated by scripts/tools.sh; source it before running terraform or cdktf.
export CHECKPOINT_DISABLE=1
export TERRAFORM_BINARY_NAME="$engine"
export TF_CLI_CONFIG_FILE="$TOOLS/terraformrc"
export RZ_VCSIM="$TOOLS/bin/vcsim-rz"
export RZ_PROVIDER_MIRROR="$TOOLS/mirror"
EOF
say "ready: source .tools/env.sh"
