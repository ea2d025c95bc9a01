package ext

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/simulator"
)

// startSim starts govmomi's default vCenter model (datacenter DC0, cluster
// DC0_C0, hosts, VMs) with the extensions installed, on 127.0.0.1 only, and
// returns a logged-in client. Everything is torn down with the test.
func startSim(t *testing.T) (context.Context, *govmomi.Client) {
	t.Helper()
	model := simulator.VPX()
	if err := model.Create(); err != nil {
		t.Fatal(err)
	}
	e, err := Install(model)
	if err != nil {
		model.Remove()
		t.Fatal(err)
	}
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0"}
	s := model.Service.NewServer()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(func() {
		cancel()
		s.Close()
		e.Close()
		model.Remove()
	})
	c, err := govmomi.NewClient(ctx, s.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	return ctx, c
}

// finder returns a finder on DC0.
func finder(ctx context.Context, t *testing.T, c *govmomi.Client) *find.Finder {
	t.Helper()
	f := find.NewFinder(c.Client)
	dc, err := f.Datacenter(ctx, "DC0")
	if err != nil {
		t.Fatal(err)
	}
	f.SetDatacenter(dc)
	return f
}
