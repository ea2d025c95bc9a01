# Provider lock for every synthesised stack: vmware/vsphere 2.15.0 as built from tag v2.15.0
# (commit 0aab07b95f220f447e994d028a52ed50d4264166) by scripts/tools.sh. Copied into each stack before init.

provider "registry.terraform.io/vmware/vsphere" {
  version     = "2.15.0"
  constraints = "2.15.0"
  hashes = [
    "h1:kW3wT0kuY02Jd8DLejmRUwscl5dkHRli4869vgzJ+yA=",
  ]
}
