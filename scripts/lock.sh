#!/usr/bin/env bash
# `npm run lock`: record the Terraform registry's official checksums of vmware/vsphere 2.15.0
# for linux_amd64, darwin_amd64, darwin_arm64 and windows_amd64 in .terraform.lock.hcl, as
# `terraform providers lock -platform=...` records them (zh: per published package, h1: per platform).
# Run it on a machine that reaches the registry, review the diff, commit it. The lock is left as it
# was when the registry cannot be reached. Never record a local build's hash here (tests record
# their own lock in their work directory).
#   bash scripts/lock.sh [--help]         engine: $TERRAFORM_BINARY_NAME or terraform
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
ENGINE="${TERRAFORM_BINARY_NAME:-terraform}"
export CHECKPOINT_DISABLE=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'terraform {\n  required_providers {\n    vsphere = {\n      source  = "vmware/vsphere"\n      version = "2.15.0"\n    }\n  }\n}\n' >"$work/main.tf"
if ! (cd "$work" && timeout "${RZ_REGISTRY_TIMEOUT:-60}" "$ENGINE" providers lock -no-color \
  -platform=linux_amd64 -platform=darwin_amd64 -platform=darwin_arm64 -platform=windows_amd64) >"$work/log" 2>&1; then
  echo "[lock] the registry could not be asked ($(grep -m1 -o -E 'no such host|connection refused|i/o timeout|[0-9]{3} [A-Z][a-z]+' "$work/log" || echo "no answer")); .terraform.lock.hcl is unchanged" >&2
  exit 1
fi
{
  echo "# Provider lock for every synthesised stack (copied into each stack by synth; RZ_PROVIDER_LOCK names another file)."
  echo "# The registry's checksums of vmware/vsphere 2.15.0, recorded by \`npm run lock\` ($(basename "$ENGINE") providers lock) on $(date -u +%F)."
  echo
  sed -n '/^provider /,$p' "$work/.terraform.lock.hcl"
} >"$ROOT/.terraform.lock.hcl"
echo "[lock] recorded the registry's checksums in .terraform.lock.hcl: review the diff and commit it" >&2
