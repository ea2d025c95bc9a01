// Command vcsim-rz runs govmomi's vCenter simulator (vcsim) with extensions so
// that the Terraform provider vmware/vsphere 2.15.0 can manage the resource
// types used by rz-dithmarschen, and dumps the simulator inventory as JSON.
//
//	vcsim-rz serve [-listen 127.0.0.1:0]
//	vcsim-rz inspect -url https://user:pass@127.0.0.1:PORT/sdk [-insecure]
//	vcsim-rz change -url URL [-insecure] vm-memory|portgroup-vlan NAME VALUE   (see internal/client/change.go)
//
// "serve" prints one JSON line when ready:
//
//	{"url":"https://user:pass@127.0.0.1:PORT/sdk","server":"127.0.0.1:PORT","imageBaseUrl":"http://127.0.0.1:PORT2/images/"}
//
// and runs until stdin is closed or SIGINT/SIGTERM is received.
//
// This file only dispatches; the code lives in the packages below internal/:
// server (serve), client (inspect, change), ext (the SOAP
// extensions, one file per managed object area), pc (the property
// collector), vsansim (the vSAN endpoint), web (REST filters, image server)
// and simutil (helpers the extensions share).
package main

import (
	"fmt"
	"os"

	"rz-dithmarschen/e2e/vcsim/internal/client"
	"rz-dithmarschen/e2e/vcsim/internal/server"
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
		err = server.Serve(os.Args[2:])
	case "inspect":
		err = client.Inspect(os.Args[2:])
	case "change":
		err = client.Change(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vcsim-rz:", err)
		os.Exit(1)
	}
}
