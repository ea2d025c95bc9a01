// Package client implements the commands that talk to a running simulator
// through the vSphere API like any client would: inspect (the inventory as
// JSON) and change (a hand edit, to provoke drift).
package client

import (
	"context"
	"flag"
	"fmt"
	"net/url"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

// connect parses the -url/-insecure flags of a client command and logs in;
// the remaining arguments are returned.
func connect(ctx context.Context, name string, args []string) (*govmomi.Client, *url.URL, []string, error) {
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	rawURL := fs.String("url", "", "vSphere SDK URL incl. user:password")
	insecure := fs.Bool("insecure", false, "skip TLS verification")
	_ = fs.Parse(args)
	u, err := url.Parse(*rawURL)
	if err != nil || *rawURL == "" {
		return nil, nil, nil, fmt.Errorf("invalid -url")
	}
	c, err := govmomi.NewClient(ctx, u, *insecure)
	if err != nil {
		return nil, nil, nil, err
	}
	return c, u, fs.Args(), nil
}

// findByName returns the one managed object of a kind with this name.
func findByName(ctx context.Context, c *vim25.Client, kind, name string) (types.ManagedObjectReference, error) {
	v, err := view.NewManager(c).CreateContainerView(ctx, c.ServiceContent.RootFolder, []string{kind}, true)
	if err != nil {
		return types.ManagedObjectReference{}, err
	}
	defer func() { _ = v.Destroy(ctx) }()
	refs, err := v.Find(ctx, []string{kind}, property.Match{"name": name})
	if err != nil {
		return types.ManagedObjectReference{}, err
	}
	if len(refs) != 1 {
		return types.ManagedObjectReference{}, fmt.Errorf("%d objects of kind %s are named %q, expected 1", len(refs), kind, name)
	}
	return refs[0], nil
}
