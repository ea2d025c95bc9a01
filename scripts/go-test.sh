#!/usr/bin/env bash
# Runs the Go tests: `go test ./...` in e2e/vcsim, then in adopt/reader, with go's own
# output (one "ok"/"FAIL"/"no test files" line per package, failures in
# full) and go's exit status. Extra arguments go to `go test` first, e.g.
#
#   bash scripts/go-test.sh              # all packages
#   bash scripts/go-test.sh -v -run Authz -count=1
#
# The tests start govmomi's simulator in-process on 127.0.0.1 only; the first
# run compiles govmomi (about a minute), later runs use Go's caches.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v go >/dev/null 2>&1 || {
  echo "go-test: Go is not installed. Install the Go version e2e/vcsim/go.mod names (or newer) and run again." >&2
  exit 1
}
(cd "$ROOT/e2e/vcsim" && go test "$@" ./...)
cd "$ROOT/adopt/reader"
exec go test "$@" ./...
