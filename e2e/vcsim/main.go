// Command vcsim-rz runs govmomi's vCenter simulator (vcsim) with extensions so
// that the Terraform provider vmware/vsphere 2.15.0 can manage the resource
// types used by rz-dithmarschen, and dumps the simulator inventory as JSON.
//
//	vcsim-rz serve [-listen 127.0.0.1:0]
//	vcsim-rz inspect -url https://user:pass@127.0.0.1:PORT/sdk [-insecure]
//	vcsim-rz change -url URL [-insecure] vm-memory|portgroup-vlan NAME VALUE   (see change.go)
//
// "serve" prints one JSON line when ready:
//
//	{"url":"https://user:pass@127.0.0.1:PORT/sdk","server":"127.0.0.1:PORT","imageBaseUrl":"http://127.0.0.1:PORT2/images/"}
//
// and runs until stdin is closed or SIGINT/SIGTERM is received.
package main

import (
	"fmt"
	"os"
)

func usage() {
	fmt.Fprintln(os.Stderr, "usage: vcsim-rz serve [-listen 127.0.0.1:0] | inspect -url URL [-insecure] | change -url URL [-insecure] vm-memory|portgroup-vlan NAME VALUE")
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "inspect":
		err = inspect(os.Args[2:])
	case "change":
		err = change(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vcsim-rz:", err)
		os.Exit(1)
	}
}
