#!/usr/bin/env bash
# `npm run lock`: record the Terraform and OpenTofu registries' official checksums of vmware/vsphere 2.15.0
# for linux_amd64, darwin_amd64, darwin_arm64 and windows_amd64 in .terraform.lock.hcl, as
# `terraform providers lock -platform=...` records them (zh: per published package, h1: per platform).
# Run it on a machine that reaches the registry, review the diff, commit it. The lock is left as it
# was when the registry cannot be reached. Never record a local build's hash here (tests record
# their own lock in their work directory).
#   bash scripts/lock.sh [--help]         needs terraform and tofu (Terraform's and OpenTofu's registry)
# Exit status: 0 recorded, 1 the registry could not be asked, 2 usage.
set -euo pipefail
case "${1:-}" in
  "") ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "usage: bash scripts/lock.sh [--help]" >&2
    exit 2
    ;;
esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CHECKPOINT_DISABLE=1
TERRAFORM="$(command -v terraform || true)"
TOFU="$(command -v tofu || true)"
[[ -z "$TOFU" && -x "$ROOT/.tools/bin/tofu" ]] && TOFU="$ROOT/.tools/bin/tofu"
[[ -n "$TERRAFORM" && -n "$TOFU" ]] || {
  echo "[lock] needs both terraform (registry.terraform.io entry) and tofu (registry.opentofu.org entry; npm run tools builds it)" >&2
  exit 1
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
blocks=""
for engine in "$TERRAFORM" "$TOFU"; do
  dir="$work/$(basename "$engine")"
  mkdir -p "$dir"
  printf 'terraform {\n  required_providers {\n    vsphere = {\n      source  = "vmware/vsphere"\n      version = "2.15.0"\n    }\n  }\n}\n' >"$dir/main.tf"
  if ! (cd "$dir" && TF_CLI_CONFIG_FILE=/dev/null timeout "${RZ_REGISTRY_TIMEOUT:-60}" "$engine" providers lock -no-color \
    -platform=linux_amd64 -platform=darwin_amd64 -platform=darwin_arm64 -platform=windows_amd64) >"$dir/log" 2>&1; then
    echo "[lock] $(basename "$engine")'s registry could not be asked ($(grep -m1 -o -E 'no such host|connection refused|i/o timeout|[0-9]{3} [A-Z][a-z]+' "$dir/log" || echo "no answer")); .terraform.lock.hcl is unchanged" >&2
    exit 1
  fi
  blocks+="$(sed -n '/^provider /,$p' "$dir/.terraform.lock.hcl")"$'\n\n'
done
{
  echo "# Provider lock for every synthesised stack (copied into each stack by synth; RZ_PROVIDER_LOCK names another file),"
  echo "# one entry for Terraform (registry.terraform.io) and one for OpenTofu (registry.opentofu.org): the registries' checksums"
  echo "# of vmware/vsphere 2.15.0, recorded by \`npm run lock\` (providers lock) on $(date -u +%F)."
  echo
  printf '%s' "${blocks%$'\n'}"
} >"$ROOT/.terraform.lock.hcl"
echo "[lock] recorded the registries' checksums in .terraform.lock.hcl: review the diff and commit it" >&2
