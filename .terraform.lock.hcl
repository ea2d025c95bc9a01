# Provider lock for every synthesised stack (copied into each stack by synth; RZ_PROVIDER_LOCK names another file),
# one entry for Terraform (registry.terraform.io) and one for OpenTofu (registry.opentofu.org).
# It pins vmware/vsphere 2.15.0 and holds no checksums yet: the registry that publishes them cannot be reached from the
# machines this project is built on. `init` then accepts the registry's (or an operator mirror's) 2.15.0 package and
# records its checksum in the stack's copy. Record the registry's official checksums for every platform with
# `npm run lock` on a machine that reaches the registry, review the diff and commit it. Never commit a local build's hash.

provider "registry.terraform.io/vmware/vsphere" {
  version     = "2.15.0"
  constraints = "2.15.0"
}

provider "registry.opentofu.org/vmware/vsphere" {
  version     = "2.15.0"
  constraints = "2.15.0"
}
