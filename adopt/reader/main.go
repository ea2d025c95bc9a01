// Command rz-adopt-reader reads a vCenter's inventory, read-only, through
// govmomi and prints it as one JSON document (see Inventory in inventory.go)
// for `npm run adopt`, which maps it onto an environment file.
//
//	rz-adopt-reader -server HOST[:PORT] [-insecure] [-datacenter NAME]
//
// The user and password come from TF_VAR_vsphere_user and
// TF_VAR_vsphere_password, the variables the stacks read: they never appear on
// the command line (where `ps` shows them) nor in the output. The reader only
// retrieves properties and lists tags and library items; it calls no method
// that changes anything.
//
// Exit codes: 0 read, 1 failed (connection, login, read), 2 usage error.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"
)

func main() {
	fs := flag.NewFlagSet("rz-adopt-reader", flag.ContinueOnError)
	server := fs.String("server", "", "vCenter address, host or host:port")
	insecure := fs.Bool("insecure", false, "skip TLS verification (simulator and lab only)")
	datacenter := fs.String("datacenter", "", "read only this datacenter (default: every one)")
	if err := fs.Parse(os.Args[1:]); err != nil || *server == "" || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: rz-adopt-reader -server HOST[:PORT] [-insecure] [-datacenter NAME]  (credentials from TF_VAR_vsphere_user, TF_VAR_vsphere_password)")
		os.Exit(2)
	}
	user, password := os.Getenv("TF_VAR_vsphere_user"), os.Getenv("TF_VAR_vsphere_password")
	if user == "" || password == "" {
		fmt.Fprintln(os.Stderr, "rz-adopt-reader: TF_VAR_vsphere_user and TF_VAR_vsphere_password must be set")
		os.Exit(1)
	}
	u := &url.URL{Scheme: "https", Host: *server, Path: "/sdk", User: url.UserPassword(user, password)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	inv, err := Read(ctx, u, *insecure, *datacenter)
	if err != nil {
		// Errors from the client library can quote the URL: never print the password.
		fmt.Fprintln(os.Stderr, "rz-adopt-reader:", redact(err.Error(), password))
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(inv); err != nil {
		fmt.Fprintln(os.Stderr, "rz-adopt-reader:", err)
		os.Exit(1)
	}
}
