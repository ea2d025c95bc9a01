package main

import (
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vapi/library"
	"github.com/vmware/govmomi/vapi/rest"
	_ "github.com/vmware/govmomi/vapi/simulator" // the REST endpoints: tags and content libraries
	"github.com/vmware/govmomi/vapi/tags"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// sim is govmomi's stock vCenter model (vcsim's own inventory: DC0, cluster
// DC0_C0 with three hosts, a standalone host, DVS0 with DC0_DVPG0, VMs,
// LocalDS_0) served in-process on 127.0.0.1 only, with every SOAP method name
// the server is asked for recorded.
type sim struct {
	url   *url.URL
	model *simulator.Model

	mu      sync.Mutex
	methods map[string]int
}

func startSim(t *testing.T, datacenters int) *sim {
	t.Helper()
	model := simulator.VPX()
	model.Datacenter = datacenters
	if err := model.Create(); err != nil {
		t.Fatal(err)
	}
	s := &sim{model: model, methods: map[string]int{}}
	model.Map().Handler = func(_ *simulator.Context, m *simulator.Method) (mo.Reference, types.BaseMethodFault) {
		s.mu.Lock()
		s.methods[m.Name]++
		s.mu.Unlock()
		return nil, nil // vcsim's own object answers
	}
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0"}
	model.Service.RegisterEndpoints = true // the REST endpoints: tags, content libraries
	server := model.Service.NewServer()
	t.Cleanup(func() {
		server.Close()
		model.Remove()
	})
	s.url = server.URL
	return s
}

func (s *sim) called() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.methods {
		out[k] = v
	}
	return out
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func read(t *testing.T, s *sim, datacenter string) *Inventory {
	t.Helper()
	inv, err := Read(ctx(t), s.url, true, datacenter)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func TestReadsTheStockInventory(t *testing.T) {
	s := startSim(t, 1)
	inv := read(t, s, "")
	if inv.Server != s.url.Host {
		t.Errorf("server %q, want %q", inv.Server, s.url.Host)
	}
	if len(inv.Datacenters) != 1 || inv.Datacenters[0].Name != "DC0" || inv.Datacenters[0].Path != "/DC0" {
		t.Fatalf("datacenters: %+v, want DC0 at /DC0", inv.Datacenters)
	}
	dc := inv.Datacenters[0]

	if len(dc.Clusters) != 1 {
		t.Fatalf("clusters: %+v, want DC0_C0", dc.Clusters)
	}
	cl := dc.Clusters[0]
	if cl.Name != "DC0_C0" || cl.Path != "/DC0/host/DC0_C0" || !strings.HasPrefix(cl.MOID, "domain-c") {
		t.Errorf("cluster %s at %s (%s), want DC0_C0 at /DC0/host/DC0_C0 with a domain-c moid", cl.Name, cl.Path, cl.MOID)
	}
	var hostNames []string
	for _, h := range cl.Hosts {
		hostNames = append(hostNames, h.Name)
		if h.CPUCores <= 0 || h.MemoryBytes <= 0 || !strings.HasPrefix(h.MOID, "host-") {
			t.Errorf("host %+v: want cores, memory and a host- moid", h)
		}
	}
	if !sort.StringsAreSorted(hostNames) || len(hostNames) != model(s).ClusterHost {
		t.Errorf("cluster hosts %v: want %d, sorted by name", hostNames, model(s).ClusterHost)
	}
	if len(dc.StandaloneHosts) != model(s).Host {
		t.Errorf("standalone hosts %v, want %d", dc.StandaloneHosts, model(s).Host)
	}

	if len(dc.Switches) != 1 || dc.Switches[0].Name != "DVS0" || dc.Switches[0].Path != "/DC0/network/DVS0" || dc.Switches[0].UUID == "" {
		t.Fatalf("switches: %+v, want DVS0 at /DC0/network/DVS0 with its uuid", dc.Switches)
	}
	var pgs []string
	for _, pg := range dc.Switches[0].PortGroups {
		pgs = append(pgs, pg.Name)
		if pg.Path != "/DC0/network/"+pg.Name {
			t.Errorf("port group %s at %q, want /DC0/network/%s (the provider imports it by that path)", pg.Name, pg.Path, pg.Name)
		}
	}
	if !contains(pgs, "DC0_DVPG0") {
		t.Errorf("port groups of DVS0: %v, want DC0_DVPG0 among them", pgs)
	}

	var stores []string
	for _, d := range dc.Datastores {
		stores = append(stores, d.Name)
	}
	if !contains(stores, "LocalDS_0") {
		t.Errorf("datastores %v, want LocalDS_0", stores)
	}

	var vms []string
	for _, vm := range dc.VMs {
		vms = append(vms, vm.Name)
		if vm.Path == "" || !strings.HasPrefix(vm.Path, "/DC0/vm/") || !strings.HasPrefix(vm.MOID, "vm-") {
			t.Errorf("vm %s: path %q moid %q, want a /DC0/vm/ path and a vm- moid", vm.Name, vm.Path, vm.MOID)
		}
	}
	if !contains(vms, "DC0_C0_RP0_VM0") || !sort.StringsAreSorted(vmPaths(dc.VMs)) {
		t.Errorf("vms %v: want DC0_C0_RP0_VM0 among them, sorted by path", vms)
	}
	if len(inv.Warnings) != 0 {
		t.Errorf("warnings %v, want none (the REST endpoint is served)", inv.Warnings)
	}
}

func model(s *sim) *simulator.Model { return s.model }

func vmPaths(vms []VM) []string {
	var out []string
	for _, vm := range vms {
		out = append(out, vm.Path)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestTheSameVCenterGivesTheSameDocument(t *testing.T) {
	s := startSim(t, 1)
	first, _ := json.Marshal(read(t, s, ""))
	second, _ := json.Marshal(read(t, s, ""))
	if string(first) != string(second) {
		t.Fatalf("two reads differ:\n%s\n%s", first, second)
	}
}

func TestReadsOnlyTheNamedDatacenter(t *testing.T) {
	s := startSim(t, 2)
	inv := read(t, s, "DC1")
	if len(inv.Datacenters) != 1 || inv.Datacenters[0].Name != "DC1" {
		t.Fatalf("datacenters %+v, want only DC1", inv.Datacenters)
	}
	for _, vm := range inv.Datacenters[0].VMs {
		if !strings.HasPrefix(vm.Path, "/DC1/") {
			t.Errorf("vm %s of another datacenter read", vm.Path)
		}
	}
	if _, err := Read(ctx(t), s.url, true, "nowhere"); err == nil || !strings.Contains(err.Error(), `no datacenter named "nowhere"`) {
		t.Fatalf("reading an unknown datacenter: %v, want an error naming it", err)
	}
}

// restClient logs in to the simulator's REST endpoint, as a person preparing the vCenter would.
func restClient(t *testing.T, s *sim) *rest.Client {
	t.Helper()
	c, err := govmomi.NewClient(ctx(t), s.url, true)
	if err != nil {
		t.Fatal(err)
	}
	rc := rest.NewClient(c.Client)
	if err := rc.Login(ctx(t), s.url.User); err != nil {
		t.Fatal(err)
	}
	return rc
}

func TestReadsTagsAndLibrariesAndTheVMsTags(t *testing.T) {
	s := startSim(t, 1)
	rc := restClient(t, s)
	tm := tags.NewManager(rc)
	catID, err := tm.CreateCategory(ctx(t), &tags.Category{Name: "rz-tenant", Cardinality: "SINGLE", AssociableTypes: []string{"VirtualMachine", "Folder"}})
	if err != nil {
		t.Fatal(err)
	}
	tagID, err := tm.CreateTag(ctx(t), &tags.Tag{Name: "amt-heide", CategoryID: catID, Description: "Amt Heide-Land"})
	if err != nil {
		t.Fatal(err)
	}
	vm := s.model.Map().Any("VirtualMachine").(*simulator.VirtualMachine)
	if err := tm.AttachTag(ctx(t), tagID, vm.Reference()); err != nil {
		t.Fatal(err)
	}
	lm := library.NewManager(rc)
	libID, err := lm.CreateLibrary(ctx(t), library.Library{Name: "rz-images", Type: "LOCAL",
		Storage: []library.StorageBacking{{DatastoreID: s.model.Map().Any("Datastore").Reference().Value, Type: "DATASTORE"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lm.CreateLibraryItem(ctx(t), library.Item{Name: "win11-2025.1", Type: "ovf", LibraryID: libID}); err != nil {
		t.Fatal(err)
	}

	inv := read(t, s, "")
	if len(inv.Warnings) != 0 {
		t.Fatalf("warnings: %v", inv.Warnings)
	}
	if !reflect.DeepEqual(inv.TagCategories, []TagCategory{{ID: catID, Name: "rz-tenant", Cardinality: "SINGLE", Types: []string{"Folder", "VirtualMachine"}}}) {
		t.Errorf("tag categories %+v", inv.TagCategories)
	}
	if !reflect.DeepEqual(inv.Tags, []Tag{{ID: tagID, Name: "amt-heide", Category: "rz-tenant", Description: "Amt Heide-Land"}}) {
		t.Errorf("tags %+v", inv.Tags)
	}
	for _, v := range inv.Datacenters[0].VMs {
		want := []string(nil)
		if v.MOID == vm.Reference().Value {
			want = []string{"rz-tenant/amt-heide"}
		}
		if len(v.Tags) != len(want) || (len(want) > 0 && v.Tags[0] != want[0]) {
			t.Errorf("vm %s tags %v, want %v", v.Name, v.Tags, want)
		}
	}
	if len(inv.Libraries) != 1 || inv.Libraries[0].Name != "rz-images" || inv.Libraries[0].ID != libID ||
		len(inv.Libraries[0].Items) != 1 || inv.Libraries[0].Items[0].Name != "win11-2025.1" || inv.Libraries[0].Items[0].Type != "ovf" {
		t.Errorf("libraries %+v, want rz-images with the item win11-2025.1 (ovf)", inv.Libraries)
	}
}

// The reader calls nothing that changes vCenter: every SOAP method it asks for is a read, a view of its own
// session, or the login/logout of that session.
func TestCallsOnlyReadMethods(t *testing.T) {
	s := startSim(t, 1)
	read(t, s, "")
	readOnly := map[string]bool{
		"RetrieveServiceContent": true, "Login": true, "Logout": true, "SessionIsActive": true,
		"RetrieveProperties": true, "RetrievePropertiesEx": true, "ContinueRetrievePropertiesEx": true,
		"CreateContainerView": true, "DestroyView": true, "CreateFilter": true, "DestroyPropertyFilter": true,
		"DestroyPropertyCollector": true, "CreatePropertyCollector": true, "AcquireGenericServiceTicket": true,
	}
	called := s.called()
	if len(called) == 0 {
		t.Fatal("no SOAP call recorded: the handler is not in the path")
	}
	for name := range called {
		if !readOnly[name] {
			t.Errorf("the reader called %s (%d times): not a read", name, called[name])
		}
	}
	if called["CreateContainerView"] == 0 || called["CreateContainerView"] != called["DestroyView"] {
		t.Errorf("container views created %d, destroyed %d: each view is destroyed", called["CreateContainerView"], called["DestroyView"])
	}
}

func TestLoginFailureNeverPrintsThePassword(t *testing.T) {
	if got := redact("Post https://admin:s3cr%21t@vc/sdk: s3cr!t", "s3cr!t"); strings.Contains(got, "s3cr") {
		t.Fatalf("redact left the password in %q", got)
	}
}
