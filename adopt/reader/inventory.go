package main

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/vapi/library"
	"github.com/vmware/govmomi/vapi/rest"
	"github.com/vmware/govmomi/vapi/tags"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// Inventory is what the reader found: facts only, no mapping. Every list is
// sorted (by path or name), so the same vCenter gives the same document.
type Inventory struct {
	Server        string        `json:"server"`
	Datacenters   []Datacenter  `json:"datacenters"`
	TagCategories []TagCategory `json:"tagCategories"`
	Tags          []Tag         `json:"tags"`
	Libraries     []Library     `json:"libraries"`
	// Warnings name what could not be read (e.g. the REST endpoint for tags and libraries).
	Warnings []string `json:"warnings"`
}

type Datacenter struct {
	Name            string         `json:"name"`
	Path            string         `json:"path"`
	Clusters        []Cluster      `json:"clusters"`
	StandaloneHosts []string       `json:"standaloneHosts"`
	Datastores      []Datastore    `json:"datastores"`
	Switches        []Switch       `json:"switches"`
	Networks        []string       `json:"standardNetworks"`
	Folders         []Folder       `json:"folders"`
	ResourcePools   []ResourcePool `json:"resourcePools"`
	VMs             []VM           `json:"vms"`
}

type Cluster struct {
	Name                  string `json:"name"`
	Path                  string `json:"path"`
	MOID                  string `json:"moid"`
	HAEnabled             bool   `json:"haEnabled"`
	AdmissionControl      string `json:"admissionControl"`
	HostFailuresTolerated int32  `json:"hostFailuresTolerated"`
	DRSEnabled            bool   `json:"drsEnabled"`
	DRSBehavior           string `json:"drsBehavior"`
	Hosts                 []Host `json:"hosts"`
	// RestartPriorities are the VMs' HA overrides: VM name to restart priority.
	RestartPriorities map[string]string `json:"restartPriorities"`
	Rules             []Rule            `json:"rules"`
}

type Rule struct {
	Name string   `json:"name"`
	Type string   `json:"type"`
	VMs  []string `json:"vms"`
}

type Host struct {
	Name        string `json:"name"`
	MOID        string `json:"moid"`
	CPUCores    int16  `json:"cpuCores"`
	MemoryBytes int64  `json:"memoryBytes"`
	Thumbprint  string `json:"thumbprint,omitempty"`
}

type Datastore struct {
	Name        string   `json:"name"`
	MOID        string   `json:"moid"`
	Type        string   `json:"type"`
	RemoteHosts []string `json:"remoteHosts"`
	RemotePath  string   `json:"remotePath,omitempty"`
	Hosts       []string `json:"hosts"`
}

type Switch struct {
	Name       string              `json:"name"`
	Path       string              `json:"path"`
	MOID       string              `json:"moid"`
	UUID       string              `json:"uuid"`
	MTU        int32               `json:"mtu"`
	Uplinks    []string            `json:"uplinks"`
	HostNics   map[string][]string `json:"hostNics"`
	PortGroups []PortGroup         `json:"portGroups"`
}

type PortGroup struct {
	Name        string `json:"name"`
	Path        string `json:"path"`
	MOID        string `json:"moid"`
	Key         string `json:"key"`
	Description string `json:"description,omitempty"`
	// VLAN is the access VLAN; VLANKind is "id", "none" (VLAN 0), "trunk" or "pvlan".
	VLAN     int32  `json:"vlan"`
	VLANKind string `json:"vlanKind"`
	Uplink   bool   `json:"uplink"`
}

type Folder struct {
	Path string `json:"path"`
	Type string `json:"type"`
	MOID string `json:"moid"`
}

type ResourcePool struct {
	Name                string `json:"name"`
	Path                string `json:"path"`
	MOID                string `json:"moid"`
	Cluster             string `json:"cluster"`
	CPUReservationMhz   int64  `json:"cpuReservationMhz"`
	CPULimitMhz         int64  `json:"cpuLimitMhz"`
	MemoryReservationMB int64  `json:"memoryReservationMB"`
	MemoryLimitMB       int64  `json:"memoryLimitMB"`
}

type VM struct {
	Name         string   `json:"name"`
	Path         string   `json:"path"`
	MOID         string   `json:"moid"`
	UUID         string   `json:"uuid,omitempty"`
	Folder       string   `json:"folder"`
	ResourcePool string   `json:"resourcePool,omitempty"`
	Cluster      string   `json:"cluster,omitempty"`
	Template     bool     `json:"template"`
	GuestID      string   `json:"guestId,omitempty"`
	Annotation   string   `json:"annotation,omitempty"`
	CPUs         int32    `json:"cpus"`
	MemoryMB     int32    `json:"memoryMB"`
	DisksGiB     []int64  `json:"disksGiB"`
	Networks     []string `json:"networks"`
	Snapshots    bool     `json:"snapshots"`
	PowerState   string   `json:"powerState"`
	// Tags are "<category>/<tag>".
	Tags []string `json:"tags"`
}

type TagCategory struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Cardinality string   `json:"cardinality"`
	Types       []string `json:"types"`
}

type Tag struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Category    string `json:"category"`
	Description string `json:"description,omitempty"`
}

type Library struct {
	ID    string        `json:"id"`
	Name  string        `json:"name"`
	Items []LibraryItem `json:"items"`
}

type LibraryItem struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	Version     string `json:"version,omitempty"`
}

func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	s = strings.ReplaceAll(s, url.QueryEscape(secret), "***")
	s = strings.ReplaceAll(s, url.PathEscape(secret), "***")
	return strings.ReplaceAll(s, secret, "***")
}

// Read logs in, reads the inventory and logs out.
func Read(ctx context.Context, u *url.URL, insecure bool, datacenter string) (*Inventory, error) {
	c, err := govmomi.NewClient(ctx, u, insecure)
	if err != nil {
		return nil, err
	}
	defer func() { _ = c.Logout(ctx) }()
	r := &reader{ctx: ctx, c: c.Client, ents: map[types.ManagedObjectReference]mo.ManagedEntity{}, paths: map[types.ManagedObjectReference]string{}}
	inv, err := r.soap(datacenter)
	if err != nil {
		return nil, err
	}
	inv.Server = u.Host
	rc := rest.NewClient(c.Client)
	if err := rc.Login(ctx, u.User); err != nil {
		inv.Warnings = append(inv.Warnings, "tags and content libraries not read (REST login failed): "+err.Error())
		return inv, nil
	}
	defer func() { _ = rc.Logout(ctx) }()
	if err := r.rest(rc, inv); err != nil {
		inv.Warnings = append(inv.Warnings, "tags and content libraries not read completely: "+err.Error())
	}
	return inv, nil
}

type reader struct {
	ctx   context.Context
	c     *vim25.Client
	ents  map[types.ManagedObjectReference]mo.ManagedEntity
	paths map[types.ManagedObjectReference]string
	// vmRefs by moid, for attaching tags.
	vms map[string]*VM
}

func (r *reader) retrieve(kind string, props []string, dst any) error {
	v, err := view.NewManager(r.c).CreateContainerView(r.ctx, r.c.ServiceContent.RootFolder, []string{kind}, true)
	if err != nil {
		return err
	}
	defer func() { _ = v.Destroy(r.ctx) }()
	return v.Retrieve(r.ctx, []string{kind}, props, dst)
}

func (r *reader) path(ref types.ManagedObjectReference) string {
	if p, ok := r.paths[ref]; ok {
		return p
	}
	e, ok := r.ents[ref]
	if !ok {
		return ""
	}
	p := "/" + e.Name
	if e.Parent != nil && *e.Parent != r.c.ServiceContent.RootFolder {
		p = r.path(*e.Parent) + p
	}
	r.paths[ref] = p
	return p
}

func (r *reader) name(ref types.ManagedObjectReference) string { return r.ents[ref].Name }

// datacenterOf is the first path segment: the datacenter's name (datacenters in folders are not supported).
func datacenterOf(path string) string {
	parts := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 2)
	return parts[0]
}

func (r *reader) soap(only string) (*Inventory, error) {
	var ents []mo.ManagedEntity
	if err := r.retrieve("ManagedEntity", []string{"name", "parent"}, &ents); err != nil {
		return nil, err
	}
	for _, e := range ents {
		r.ents[e.Self] = e
	}
	// Networks (port groups included) carry their own name field, which shadows the entity's when the
	// result is decoded (mo.Network.Name): read them as Networks and take that name.
	var nets0 []mo.Network
	if err := r.retrieve("Network", []string{"name", "parent"}, &nets0); err != nil {
		return nil, err
	}
	for _, n := range nets0 {
		e := n.ManagedEntity
		e.Name = n.Name
		r.ents[n.Self] = e
	}
	inv := &Inventory{Datacenters: []Datacenter{}, TagCategories: []TagCategory{}, Tags: []Tag{}, Libraries: []Library{}, Warnings: []string{}}
	dcs := map[string]*Datacenter{}
	var dcObjs []mo.Datacenter
	if err := r.retrieve("Datacenter", []string{"name"}, &dcObjs); err != nil {
		return nil, err
	}
	for _, d := range dcObjs {
		if only != "" && d.Name != only {
			continue
		}
		dcs[d.Name] = &Datacenter{Name: d.Name, Path: r.path(d.Self), Clusters: []Cluster{}, StandaloneHosts: []string{}, Datastores: []Datastore{},
			Switches: []Switch{}, Networks: []string{}, Folders: []Folder{}, ResourcePools: []ResourcePool{}, VMs: []VM{}}
	}
	if only != "" && len(dcs) == 0 {
		return nil, fmt.Errorf("no datacenter named %q", only)
	}
	in := func(ref types.ManagedObjectReference) *Datacenter { return dcs[datacenterOf(r.path(ref))] }

	var hosts []mo.HostSystem
	if err := r.retrieve("HostSystem", []string{"name", "parent", "summary"}, &hosts); err != nil {
		return nil, err
	}
	hostsOf := map[types.ManagedObjectReference][]Host{}
	for _, h := range hosts {
		host := Host{Name: h.Name, MOID: h.Self.Value}
		if hw := h.Summary.Hardware; hw != nil {
			host.CPUCores, host.MemoryBytes = hw.NumCpuCores, hw.MemorySize
		}
		host.Thumbprint = h.Summary.Config.SslThumbprint
		if h.Parent != nil && h.Parent.Type == "ClusterComputeResource" {
			hostsOf[*h.Parent] = append(hostsOf[*h.Parent], host)
		} else if dc := in(h.Self); dc != nil {
			dc.StandaloneHosts = append(dc.StandaloneHosts, r.path(h.Self))
		}
	}

	var clusters []mo.ClusterComputeResource
	if err := r.retrieve("ClusterComputeResource", []string{"name", "configurationEx"}, &clusters); err != nil {
		return nil, err
	}
	for _, c := range clusters {
		dc := in(c.Self)
		if dc == nil {
			continue
		}
		cl := Cluster{Name: c.Name, Path: r.path(c.Self), MOID: c.Self.Value, Hosts: hostsOf[c.Self], RestartPriorities: map[string]string{}, Rules: []Rule{}}
		if cl.Hosts == nil {
			cl.Hosts = []Host{}
		}
		sort.Slice(cl.Hosts, func(i, j int) bool { return cl.Hosts[i].Name < cl.Hosts[j].Name })
		if cfg, ok := c.ConfigurationEx.(*types.ClusterConfigInfoEx); ok {
			cl.HAEnabled = cfg.DasConfig.Enabled != nil && *cfg.DasConfig.Enabled
			switch p := cfg.DasConfig.AdmissionControlPolicy.(type) {
			case *types.ClusterFailoverResourcesAdmissionControlPolicy:
				cl.AdmissionControl, cl.HostFailuresTolerated = "resourcePercentage", p.FailoverLevel
			case *types.ClusterFailoverLevelAdmissionControlPolicy:
				cl.AdmissionControl, cl.HostFailuresTolerated = "slotPolicy", p.FailoverLevel
			case *types.ClusterFailoverHostAdmissionControlPolicy:
				cl.AdmissionControl, cl.HostFailuresTolerated = "failoverHosts", p.FailoverLevel
			}
			if cfg.DasConfig.AdmissionControlEnabled != nil && !*cfg.DasConfig.AdmissionControlEnabled {
				cl.AdmissionControl = "disabled"
			}
			cl.DRSEnabled = cfg.DrsConfig.Enabled != nil && *cfg.DrsConfig.Enabled
			cl.DRSBehavior = string(cfg.DrsConfig.DefaultVmBehavior)
			for _, v := range cfg.DasVmConfig {
				if v.DasSettings != nil && v.DasSettings.RestartPriority != "" {
					cl.RestartPriorities[r.name(v.Key)] = v.DasSettings.RestartPriority
				}
			}
			for _, rule := range cfg.Rule {
				info := rule.GetClusterRuleInfo()
				ru := Rule{Name: info.Name, Type: fmt.Sprintf("%T", rule), VMs: []string{}}
				switch rr := rule.(type) {
				case *types.ClusterAntiAffinityRuleSpec:
					ru.Type = "antiAffinity"
					for _, v := range rr.Vm {
						ru.VMs = append(ru.VMs, r.name(v))
					}
				case *types.ClusterAffinityRuleSpec:
					ru.Type = "affinity"
					for _, v := range rr.Vm {
						ru.VMs = append(ru.VMs, r.name(v))
					}
				}
				sort.Strings(ru.VMs)
				cl.Rules = append(cl.Rules, ru)
			}
			sort.Slice(cl.Rules, func(i, j int) bool { return cl.Rules[i].Name < cl.Rules[j].Name })
		}
		dc.Clusters = append(dc.Clusters, cl)
	}

	var dss []mo.Datastore
	if err := r.retrieve("Datastore", []string{"name", "summary", "info", "host"}, &dss); err != nil {
		return nil, err
	}
	for _, d := range dss {
		dc := in(d.Self)
		if dc == nil {
			continue
		}
		ds := Datastore{Name: d.Name, MOID: d.Self.Value, Type: d.Summary.Type, RemoteHosts: []string{}, Hosts: []string{}}
		if nas, ok := d.Info.(*types.NasDatastoreInfo); ok && nas.Nas != nil {
			ds.RemoteHosts, ds.RemotePath = append(ds.RemoteHosts, nas.Nas.RemoteHostNames...), nas.Nas.RemotePath
			if len(ds.RemoteHosts) == 0 && nas.Nas.RemoteHost != "" {
				ds.RemoteHosts = []string{nas.Nas.RemoteHost}
			}
		}
		for _, m := range d.Host {
			ds.Hosts = append(ds.Hosts, r.name(m.Key))
		}
		sort.Strings(ds.Hosts)
		dc.Datastores = append(dc.Datastores, ds)
	}

	pgNames := map[string]string{}
	var pgs []mo.DistributedVirtualPortgroup
	if err := r.retrieve("DistributedVirtualPortgroup", []string{"name", "key", "config"}, &pgs); err != nil {
		return nil, err
	}
	pgsOf := map[string][]PortGroup{}
	for _, pg := range pgs {
		name := pg.Config.Name
		if name == "" {
			name = pg.Name
		}
		pgNames[pg.Key] = name
		p := PortGroup{Name: name, Path: r.path(pg.Self), MOID: pg.Self.Value, Key: pg.Key, Description: pg.Config.Description, VLANKind: "none"}
		p.Uplink = pg.Config.Uplink != nil && *pg.Config.Uplink
		if ps, ok := pg.Config.DefaultPortConfig.(*types.VMwareDVSPortSetting); ok {
			switch v := ps.Vlan.(type) {
			case *types.VmwareDistributedVirtualSwitchVlanIdSpec:
				p.VLAN, p.VLANKind = v.VlanId, "id"
				if v.VlanId == 0 {
					p.VLANKind = "none"
				}
			case *types.VmwareDistributedVirtualSwitchTrunkVlanSpec:
				p.VLANKind = "trunk"
			case *types.VmwareDistributedVirtualSwitchPvlanSpec:
				p.VLAN, p.VLANKind = v.PvlanId, "pvlan"
			}
		}
		if pg.Config.DistributedVirtualSwitch != nil {
			sw := pg.Config.DistributedVirtualSwitch.Value
			pgsOf[sw] = append(pgsOf[sw], p)
		}
	}

	var sws []mo.DistributedVirtualSwitch
	if err := r.retrieve("DistributedVirtualSwitch", []string{"name", "uuid", "config"}, &sws); err != nil {
		return nil, err
	}
	for _, s := range sws {
		dc := in(s.Self)
		if dc == nil {
			continue
		}
		sw := Switch{Name: s.Name, Path: r.path(s.Self), MOID: s.Self.Value, UUID: s.Uuid, Uplinks: []string{}, HostNics: map[string][]string{}, PortGroups: pgsOf[s.Self.Value]}
		if cfg, ok := s.Config.(*types.VMwareDVSConfigInfo); ok {
			sw.MTU = cfg.MaxMtu
			if p, ok := cfg.UplinkPortPolicy.(*types.DVSNameArrayUplinkPortPolicy); ok {
				sw.Uplinks = append(sw.Uplinks, p.UplinkPortName...)
			}
			for _, m := range cfg.Host {
				if m.Config.Host == nil {
					continue
				}
				nics := []string{}
				if b, ok := m.Config.Backing.(*types.DistributedVirtualSwitchHostMemberPnicBacking); ok {
					for _, p := range b.PnicSpec {
						nics = append(nics, p.PnicDevice)
					}
				}
				sw.HostNics[r.name(*m.Config.Host)] = nics
			}
		}
		if sw.PortGroups == nil {
			sw.PortGroups = []PortGroup{}
		}
		sort.Slice(sw.PortGroups, func(i, j int) bool { return sw.PortGroups[i].Name < sw.PortGroups[j].Name })
		dc.Switches = append(dc.Switches, sw)
	}

	var nets []mo.Network
	if err := r.retrieve("Network", []string{"name"}, &nets); err != nil {
		return nil, err
	}
	for _, n := range nets {
		if n.Self.Type != "Network" {
			continue // distributed port groups are Networks too
		}
		if dc := in(n.Self); dc != nil {
			dc.Networks = append(dc.Networks, n.Name)
		}
	}

	var folders []mo.Folder
	if err := r.retrieve("Folder", []string{"name", "childType"}, &folders); err != nil {
		return nil, err
	}
	for _, f := range folders {
		dc := in(f.Self)
		if dc == nil {
			continue
		}
		t := "other"
		for _, ct := range f.ChildType {
			switch ct {
			case "VirtualMachine":
				t = "vm"
			case "ComputeResource":
				t = "host"
			case "Datastore":
				t = "datastore"
			case "Network":
				t = "network"
			}
		}
		dc.Folders = append(dc.Folders, Folder{Path: r.path(f.Self), Type: t, MOID: f.Self.Value})
	}

	var rps []mo.ResourcePool
	if err := r.retrieve("ResourcePool", []string{"name", "parent", "owner", "config"}, &rps); err != nil {
		return nil, err
	}
	for _, p := range rps {
		dc := in(p.Self)
		if dc == nil || p.Self.Type != "ResourcePool" || p.Parent == nil || p.Parent.Type != "ResourcePool" {
			continue // the root pool of a cluster ("Resources") and vApps are not tenant pools
		}
		rp := ResourcePool{Name: p.Name, Path: r.path(p.Self), MOID: p.Self.Value, Cluster: r.name(p.Owner)}
		c, m := p.Config.CpuAllocation, p.Config.MemoryAllocation
		rp.CPUReservationMhz, rp.MemoryReservationMB = deref(c.Reservation), deref(m.Reservation)
		rp.CPULimitMhz, rp.MemoryLimitMB = derefOr(c.Limit, -1), derefOr(m.Limit, -1)
		dc.ResourcePools = append(dc.ResourcePools, rp)
	}

	var vms []mo.VirtualMachine
	if err := r.retrieve("VirtualMachine", []string{"name", "parent", "resourcePool", "runtime", "config", "snapshot"}, &vms); err != nil {
		return nil, err
	}
	r.vms = map[string]*VM{}
	for _, v := range vms {
		dc := in(v.Self)
		if dc == nil {
			continue
		}
		vm := VM{Name: v.Name, Path: r.path(v.Self), MOID: v.Self.Value, DisksGiB: []int64{}, Networks: []string{}, Tags: []string{},
			Snapshots: v.Snapshot != nil && len(v.Snapshot.RootSnapshotList) > 0, PowerState: string(v.Runtime.PowerState)}
		if v.Parent != nil {
			vm.Folder = r.path(*v.Parent)
		}
		if v.ResourcePool != nil {
			vm.ResourcePool = r.path(*v.ResourcePool)
		}
		if h := v.Runtime.Host; h != nil {
			if e, ok := r.ents[*h]; ok && e.Parent != nil && e.Parent.Type == "ClusterComputeResource" {
				vm.Cluster = r.name(*e.Parent)
			}
		}
		if cfg := v.Config; cfg != nil {
			vm.UUID, vm.Template, vm.GuestID, vm.Annotation = cfg.Uuid, cfg.Template, cfg.GuestId, cfg.Annotation
			vm.CPUs, vm.MemoryMB = cfg.Hardware.NumCPU, cfg.Hardware.MemoryMB
			for _, d := range cfg.Hardware.Device {
				switch dev := d.(type) {
				case *types.VirtualDisk:
					bytes := dev.CapacityInBytes
					if bytes == 0 {
						bytes = dev.CapacityInKB * 1024
					}
					vm.DisksGiB = append(vm.DisksGiB, (bytes+(1<<30)-1)>>30)
				case types.BaseVirtualEthernetCard:
					switch b := dev.GetVirtualEthernetCard().Backing.(type) {
					case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
						vm.Networks = append(vm.Networks, pgNames[b.Port.PortgroupKey])
					case *types.VirtualEthernetCardNetworkBackingInfo:
						if b.Network != nil {
							vm.Networks = append(vm.Networks, r.name(*b.Network))
						} else {
							vm.Networks = append(vm.Networks, b.DeviceName)
						}
					default:
						vm.Networks = append(vm.Networks, fmt.Sprintf("(%T)", b))
					}
				}
			}
		}
		dc.VMs = append(dc.VMs, vm)
	}

	names := make([]string, 0, len(dcs))
	for n := range dcs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		dc := dcs[n]
		sort.Slice(dc.Clusters, func(i, j int) bool { return dc.Clusters[i].Name < dc.Clusters[j].Name })
		sort.Strings(dc.StandaloneHosts)
		sort.Slice(dc.Datastores, func(i, j int) bool { return dc.Datastores[i].Name < dc.Datastores[j].Name })
		sort.Slice(dc.Switches, func(i, j int) bool { return dc.Switches[i].Name < dc.Switches[j].Name })
		sort.Strings(dc.Networks)
		sort.Slice(dc.Folders, func(i, j int) bool { return dc.Folders[i].Path < dc.Folders[j].Path })
		sort.Slice(dc.ResourcePools, func(i, j int) bool { return dc.ResourcePools[i].Path < dc.ResourcePools[j].Path })
		sort.Slice(dc.VMs, func(i, j int) bool { return dc.VMs[i].Path < dc.VMs[j].Path })
		inv.Datacenters = append(inv.Datacenters, *dc)
	}
	for i := range inv.Datacenters {
		for j := range inv.Datacenters[i].VMs {
			vm := &inv.Datacenters[i].VMs[j]
			r.vms[vm.MOID] = vm
		}
	}
	return inv, nil
}

func deref(p *int64) int64 { return derefOr(p, 0) }

func derefOr(p *int64, or int64) int64 {
	if p == nil {
		return or
	}
	return *p
}

func (r *reader) rest(rc *rest.Client, inv *Inventory) error {
	tm := tags.NewManager(rc)
	cats, err := tm.GetCategories(r.ctx)
	if err != nil {
		return err
	}
	catNames := map[string]string{}
	for _, c := range cats {
		catNames[c.ID] = c.Name
		types := append([]string{}, c.AssociableTypes...)
		sort.Strings(types)
		inv.TagCategories = append(inv.TagCategories, TagCategory{ID: c.ID, Name: c.Name, Cardinality: c.Cardinality, Types: types})
	}
	sort.Slice(inv.TagCategories, func(i, j int) bool { return inv.TagCategories[i].Name < inv.TagCategories[j].Name })
	ts, err := tm.GetTags(r.ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		tag := Tag{ID: t.ID, Name: t.Name, Category: catNames[t.CategoryID], Description: t.Description}
		inv.Tags = append(inv.Tags, tag)
		refs, err := tm.ListAttachedObjects(r.ctx, t.ID)
		if err != nil {
			return err
		}
		for _, ref := range refs {
			if vm, ok := r.vms[ref.Reference().Value]; ok && ref.Reference().Type == "VirtualMachine" {
				vm.Tags = append(vm.Tags, tag.Category+"/"+tag.Name)
			}
		}
	}
	sort.Slice(inv.Tags, func(i, j int) bool {
		return inv.Tags[i].Category+"\x00"+inv.Tags[i].Name < inv.Tags[j].Category+"\x00"+inv.Tags[j].Name
	})
	for _, vm := range r.vms {
		sort.Strings(vm.Tags)
	}
	lm := library.NewManager(rc)
	libs, err := lm.GetLibraries(r.ctx)
	if err != nil {
		return err
	}
	for _, l := range libs {
		lib := Library{ID: l.ID, Name: l.Name, Items: []LibraryItem{}}
		items, err := lm.GetLibraryItems(r.ctx, l.ID)
		if err != nil {
			return err
		}
		for _, i := range items {
			item := LibraryItem{ID: i.ID, Name: i.Name, Type: i.Type, Version: i.Version}
			if i.Description != nil {
				item.Description = *i.Description
			}
			lib.Items = append(lib.Items, item)
		}
		sort.Slice(lib.Items, func(a, b int) bool { return lib.Items[a].Name < lib.Items[b].Name })
		inv.Libraries = append(inv.Libraries, lib)
	}
	sort.Slice(inv.Libraries, func(i, j int) bool { return inv.Libraries[i].Name < inv.Libraries[j].Name })
	return nil
}
