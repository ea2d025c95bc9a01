package main

import (
	"github.com/vmware/govmomi/simulator"
)

// vmExt extends simulator.VirtualMachine. No overrides yet: the VM resource
// types (clone from content library, relocate between clusters) have not
// been verified against the provider.
type vmExt struct {
	*simulator.VirtualMachine
	ext *extensions
}
