package client

// inspect prints the simulator inventory, read through the vSphere API, as
// one JSON document:
//
//	{
//	  "datacenters": ["RZ-Nord"],
//	  "folders":   [{"path": "/RZ-Nord/vm/kreis-dithmarschen", "type": "vm"}],
//	  "clusters":  [{"name", "path", "haEnabled", "admissionControlEnabled",
//	                 "admissionControlPolicy", "failoverLevel", "hostMonitoring",
//	                 "restartPriority", "drsEnabled", "drsBehavior",
//	                 "hosts": [names], "rules": [{"name", "type", "enabled", "vms": [names]}],
//	                 "haVmOverrides": [{"vm", "restartPriority"}]}],
//	  "hosts":     [{"name", "cluster", "lockdownMode", "connectionState",
//	                 "maintenance", "ntpServers", "ntpdRunning", "ntpdPolicy", "datastores": [names]}],
//	  "datastores":[{"name", "type", "remoteHosts", "remotePath", "hosts": [names]}],
//	  "dvSwitches":[{"name", "uuid", "maxMtu", "uplinks", "activeUplinks", "standbyUplinks",
//	                 "allowPromiscuous", "macChanges", "forgedTransmits",
//	                 "hosts": [{"name", "nics"}],
//	                 "portgroups": [{"name", "key", "vlanId", "numPorts", "type",
//	                   "allowPromiscuous", "macChanges", "forgedTransmits",
//	                   "shapingEnabled", "shapingAverage", "shapingPeak", "shapingBurst"}]}],
//	  "resourcePools": [{"path", "cpuReservation", "cpuLimit", "cpuExpandable",
//	                     "memReservation", "memLimit", "memExpandable"}],
//	  "vms":       [{"id", "name", "path", "folder", "resourcePool", "cluster", "host",
//	                 "networks": [names], "numCpu", "memoryMB", "powerState", "guestId", "guest" (customised host name, address, DNS per NIC),
//	                 "tags": [names]}],
//	  "tagCategories": [{"name", "cardinality", "types"}],
//	  "tags":      [{"name", "category", "attached": [{"type", "id", "name"}]}],
//	  "contentLibraries": [{"name", "items": [names]}],
//	  "customizationSpecs": [names],
//	  "roles":     [{"id", "name", "privileges"}],
//	  "permissions": [{"entity", "entityType", "principal", "group", "propagate", "role"}]
//	}
//
// "id" of a VM is its managed object id: a VM that is destroyed and created
// again under the same name gets a new one. "roles" are the roles defined
// besides vCenter's built-in (system) ones, privileges sorted; "permissions"
// are all permissions, the entity by its inventory path ("/" for the root
// folder) and the role by its name.
//
// Booleans/pointers that vSphere leaves unset are reported as null.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vapi/library"
	"github.com/vmware/govmomi/vapi/rest"
	"github.com/vmware/govmomi/vapi/tags"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

type obj = map[string]any

// Inspect runs "vcsim-rz inspect": it prints the inventory as one JSON document.
func Inspect(args []string) error {
	ctx := context.Background()
	c, u, _, err := connect(ctx, "inspect", args)
	if err != nil {
		return err
	}
	defer func() { _ = c.Logout(ctx) }()

	in := &inventory{ctx: ctx, c: c.Client, names: map[types.ManagedObjectReference]string{}, paths: map[types.ManagedObjectReference]string{}}
	out, err := in.collect()
	if err != nil {
		return err
	}
	rc := rest.NewClient(c.Client)
	if err := rc.Login(ctx, u.User); err == nil {
		in.collectREST(rc, out)
	} else {
		out["restError"] = err.Error()
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

type inventory struct {
	ctx   context.Context
	c     *vim25.Client
	names map[types.ManagedObjectReference]string
	// pgNames maps port group keys to their configured names.
	pgNames map[string]string
	paths   map[types.ManagedObjectReference]string
	ents    map[types.ManagedObjectReference]mo.ManagedEntity
}

func (in *inventory) retrieve(kind string, props []string, dst any) error {
	m := view.NewManager(in.c)
	v, err := m.CreateContainerView(in.ctx, in.c.ServiceContent.RootFolder, []string{kind}, true)
	if err != nil {
		return err
	}
	defer func() { _ = v.Destroy(in.ctx) }()
	return v.Retrieve(in.ctx, []string{kind}, props, dst)
}

// path returns the inventory path of ref, e.g. /RZ-Nord/vm/kreis-dithmarschen.
func (in *inventory) path(ref types.ManagedObjectReference) string {
	if p, ok := in.paths[ref]; ok {
		return p
	}
	e, ok := in.ents[ref]
	if !ok {
		return ""
	}
	p := "/" + e.Name
	if e.Parent != nil && *e.Parent != in.c.ServiceContent.RootFolder {
		p = in.path(*e.Parent) + p
	}
	in.paths[ref] = p
	return p
}

func (in *inventory) nameList(refs []types.ManagedObjectReference) []string {
	out := []string{}
	for _, r := range refs {
		name := in.names[r]
		if name == "" {
			// A VM's network list may name a port group by a more general type
			// (Network vs. DistributedVirtualPortgroup); ids are unique, so match on the id.
			for ref, n := range in.names {
				if ref.Value == r.Value && n != "" {
					name = n
					break
				}
			}
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func (in *inventory) collect() (obj, error) {
	var ents []mo.ManagedEntity
	if err := in.retrieve("ManagedEntity", []string{"name", "parent"}, &ents); err != nil {
		return nil, err
	}
	in.ents = map[types.ManagedObjectReference]mo.ManagedEntity{}
	for _, e := range ents {
		in.ents[e.Self] = e
		in.names[e.Self] = e.Name
	}
	// Networks are not always returned as ManagedEntity by the simulator's
	// container view; fetch their names explicitly for the VMs' network lists.
	for _, kind := range []string{"DistributedVirtualPortgroup", "Network"} {
		var nets []mo.ManagedEntity
		if err := in.retrieve(kind, []string{"name"}, &nets); err == nil {
			for _, n := range nets {
				if in.names[n.Self] == "" {
					in.names[n.Self] = n.Name
				}
			}
		}
	}
	out := obj{}

	var dcs []mo.Datacenter
	_ = in.retrieve("Datacenter", []string{"name"}, &dcs)
	dcNames := []string{}
	for _, d := range dcs {
		dcNames = append(dcNames, d.Name)
	}
	out["datacenters"] = dcNames

	var folders []mo.Folder
	_ = in.retrieve("Folder", []string{"name", "childType"}, &folders)
	fl := []obj{}
	for _, f := range folders {
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
			case "Datacenter":
				t = "datacenter"
			}
		}
		fl = append(fl, obj{"path": in.path(f.Self), "type": t})
	}
	out["folders"] = fl

	var clusters []mo.ClusterComputeResource
	_ = in.retrieve("ClusterComputeResource", []string{"name", "host", "configurationEx"}, &clusters)
	cl := []obj{}
	for _, c := range clusters {
		cfg := c.ConfigurationEx.(*types.ClusterConfigInfoEx)
		o := obj{"name": c.Name, "path": in.path(c.Self), "hosts": in.nameList(c.Host),
			"haEnabled": cfg.DasConfig.Enabled, "admissionControlEnabled": cfg.DasConfig.AdmissionControlEnabled,
			"hostMonitoring": cfg.DasConfig.HostMonitoring,
			"drsEnabled":     cfg.DrsConfig.Enabled, "drsBehavior": cfg.DrsConfig.DefaultVmBehavior}
		if s := cfg.DasConfig.DefaultVmSettings; s != nil {
			o["restartPriority"] = s.RestartPriority
		}
		switch p := cfg.DasConfig.AdmissionControlPolicy.(type) {
		case *types.ClusterFailoverResourcesAdmissionControlPolicy:
			o["admissionControlPolicy"] = "resourcePercentage"
			o["failoverLevel"] = p.FailoverLevel
			o["autoComputePercentages"] = p.AutoComputePercentages
		case *types.ClusterFailoverLevelAdmissionControlPolicy:
			o["admissionControlPolicy"] = "slotPolicy"
			o["failoverLevel"] = p.FailoverLevel
		case *types.ClusterFailoverHostAdmissionControlPolicy:
			o["admissionControlPolicy"] = "failoverHosts"
			o["failoverLevel"] = p.FailoverLevel
		}
		rules := []obj{}
		for _, r := range cfg.Rule {
			ri := r.GetClusterRuleInfo()
			ro := obj{"name": ri.Name, "enabled": ri.Enabled}
			switch rr := r.(type) {
			case *types.ClusterAntiAffinityRuleSpec:
				ro["type"], ro["vms"] = "antiAffinity", in.nameList(rr.Vm)
			case *types.ClusterAffinityRuleSpec:
				ro["type"], ro["vms"] = "affinity", in.nameList(rr.Vm)
			default:
				ro["type"] = fmt.Sprintf("%T", r)
			}
			rules = append(rules, ro)
		}
		o["rules"] = rules
		ov := []obj{}
		for _, v := range cfg.DasVmConfig {
			e := obj{"vm": in.names[v.Key]}
			if v.DasSettings != nil {
				e["restartPriority"] = v.DasSettings.RestartPriority
			}
			ov = append(ov, e)
		}
		o["haVmOverrides"] = ov
		cl = append(cl, o)
	}
	out["clusters"] = cl

	var hosts []mo.HostSystem
	_ = in.retrieve("HostSystem", []string{"name", "parent", "datastore", "runtime", "config.lockdownMode", "config.dateTimeInfo", "config.service"}, &hosts)
	hl := []obj{}
	for _, h := range hosts {
		o := obj{"name": h.Name, "datastores": in.nameList(h.Datastore),
			"connectionState": h.Runtime.ConnectionState, "maintenance": h.Runtime.InMaintenanceMode}
		if h.Parent != nil && h.Parent.Type == "ClusterComputeResource" {
			o["cluster"] = in.names[*h.Parent]
		}
		if h.Config != nil {
			o["lockdownMode"] = h.Config.LockdownMode
			if d := h.Config.DateTimeInfo; d != nil && d.NtpConfig != nil {
				o["ntpServers"] = d.NtpConfig.Server
			}
			if h.Config.Service != nil {
				for _, s := range h.Config.Service.Service {
					if s.Key == "ntpd" {
						o["ntpdRunning"], o["ntpdPolicy"] = s.Running, s.Policy
					}
				}
			}
		}
		hl = append(hl, o)
	}
	out["hosts"] = hl

	var dss []mo.Datastore
	_ = in.retrieve("Datastore", []string{"name", "summary", "info", "host"}, &dss)
	dl := []obj{}
	for _, d := range dss {
		o := obj{"name": d.Name, "type": d.Summary.Type}
		if nas, ok := d.Info.(*types.NasDatastoreInfo); ok && nas.Nas != nil {
			o["remoteHosts"], o["remotePath"] = nas.Nas.RemoteHostNames, nas.Nas.RemotePath
		}
		var hs []types.ManagedObjectReference
		for _, m := range d.Host {
			hs = append(hs, m.Key)
		}
		o["hosts"] = in.nameList(hs)
		dl = append(dl, o)
	}
	out["datastores"] = dl

	out["dvSwitches"] = in.switches()
	out["resourcePools"] = in.pools()
	out["vms"] = in.vms()

	var csm mo.CustomizationSpecManager
	specs := []string{}
	if ref := in.c.ServiceContent.CustomizationSpecManager; ref != nil {
		if err := property.DefaultCollector(in.c).RetrieveOne(in.ctx, *ref, []string{"info"}, &csm); err == nil {
			for _, i := range csm.Info {
				specs = append(specs, i.Name)
			}
		}
	}
	out["customizationSpecs"] = specs
	out["roles"], out["permissions"] = in.authorization()
	return out, nil
}

func (in *inventory) authorization() ([]obj, []obj) {
	roles, permissions := []obj{}, []obj{}
	ref := in.c.ServiceContent.AuthorizationManager
	if ref == nil {
		return roles, permissions
	}
	var am mo.AuthorizationManager
	if err := property.DefaultCollector(in.c).RetrieveOne(in.ctx, *ref, []string{"roleList"}, &am); err != nil {
		return roles, permissions
	}
	roleNames := map[int32]string{}
	for _, r := range am.RoleList {
		roleNames[r.RoleId] = r.Name
		if r.System {
			continue
		}
		privileges := append([]string{}, r.Privilege...)
		sort.Strings(privileges)
		roles = append(roles, obj{"id": r.RoleId, "name": r.Name, "privileges": privileges})
	}
	res, err := methods.RetrieveAllPermissions(in.ctx, in.c, &types.RetrieveAllPermissions{This: *ref})
	if err != nil {
		return roles, permissions
	}
	for _, p := range res.Returnval {
		o := obj{"principal": p.Principal, "group": p.Group, "propagate": p.Propagate, "role": roleNames[p.RoleId]}
		if p.Entity != nil {
			o["entityType"] = p.Entity.Type
			o["entity"] = in.path(*p.Entity)
			if *p.Entity == in.c.ServiceContent.RootFolder {
				o["entity"] = "/"
			}
		}
		permissions = append(permissions, o)
	}
	sort.Slice(permissions, func(i, j int) bool {
		a, b := permissions[i], permissions[j]
		return fmt.Sprint(a["entity"], "\x00", a["principal"], "\x00", a["group"]) < fmt.Sprint(b["entity"], "\x00", b["principal"], "\x00", b["group"])
	})
	return roles, permissions
}

func (in *inventory) switches() []obj {
	var sws []mo.DistributedVirtualSwitch
	_ = in.retrieve("DistributedVirtualSwitch", []string{"name", "uuid", "config", "portgroup"}, &sws)
	var pgs []mo.DistributedVirtualPortgroup
	_ = in.retrieve("DistributedVirtualPortgroup", []string{"name", "key", "config"}, &pgs)
	out := []obj{}
	for _, s := range sws {
		o := obj{"name": s.Name, "uuid": s.Uuid}
		if cfg, ok := s.Config.(*types.VMwareDVSConfigInfo); ok {
			o["maxMtu"] = cfg.MaxMtu
			if p, ok := cfg.UplinkPortPolicy.(*types.DVSNameArrayUplinkPortPolicy); ok {
				o["uplinks"] = p.UplinkPortName
			}
			if ps, ok := cfg.DefaultPortConfig.(*types.VMwareDVSPortSetting); ok && ps.UplinkTeamingPolicy != nil && ps.UplinkTeamingPolicy.UplinkPortOrder != nil {
				o["activeUplinks"] = ps.UplinkTeamingPolicy.UplinkPortOrder.ActiveUplinkPort
				o["standbyUplinks"] = ps.UplinkTeamingPolicy.UplinkPortOrder.StandbyUplinkPort
			}
			if ps, ok := cfg.DefaultPortConfig.(*types.VMwareDVSPortSetting); ok && ps.SecurityPolicy != nil {
				sp := ps.SecurityPolicy
				o["allowPromiscuous"], o["macChanges"], o["forgedTransmits"] = boolPolicy(sp.AllowPromiscuous), boolPolicy(sp.MacChanges), boolPolicy(sp.ForgedTransmits)
			}
			hs := []obj{}
			for _, m := range cfg.Host {
				h := obj{"name": in.names[*m.Config.Host]}
				nics := []string{}
				if b, ok := m.Config.Backing.(*types.DistributedVirtualSwitchHostMemberPnicBacking); ok {
					for _, p := range b.PnicSpec {
						nics = append(nics, p.PnicDevice)
					}
				}
				h["nics"] = nics
				hs = append(hs, h)
			}
			o["hosts"] = hs
		}
		pl := []obj{}
		for _, pg := range pgs {
			if pg.Config.DistributedVirtualSwitch == nil || pg.Config.DistributedVirtualSwitch.Value != s.Self.Value {
				continue
			}
			p := obj{"name": pg.Name, "key": pg.Key, "numPorts": pg.Config.NumPorts, "type": pg.Config.Type}
			if ps, ok := pg.Config.DefaultPortConfig.(*types.VMwareDVSPortSetting); ok {
				if v, ok := ps.Vlan.(*types.VmwareDistributedVirtualSwitchVlanIdSpec); ok {
					p["vlanId"] = v.VlanId
				}
				if sp := ps.SecurityPolicy; sp != nil {
					p["allowPromiscuous"], p["macChanges"], p["forgedTransmits"] = boolPolicy(sp.AllowPromiscuous), boolPolicy(sp.MacChanges), boolPolicy(sp.ForgedTransmits)
				}
				if sh := ps.OutShapingPolicy; sh != nil {
					p["shapingEnabled"] = boolPolicy(sh.Enabled)
					if sh.AverageBandwidth != nil {
						p["shapingAverage"] = sh.AverageBandwidth.Value
					}
					if sh.PeakBandwidth != nil {
						p["shapingPeak"] = sh.PeakBandwidth.Value
					}
					if sh.BurstSize != nil {
						p["shapingBurst"] = sh.BurstSize.Value
					}
				}
			}
			pl = append(pl, p)
		}
		o["portgroups"] = pl
		out = append(out, o)
	}
	return out
}

func boolPolicy(p *types.BoolPolicy) any {
	if p == nil || p.Value == nil {
		return nil
	}
	return *p.Value
}

func (in *inventory) pools() []obj {
	var rps []mo.ResourcePool
	_ = in.retrieve("ResourcePool", []string{"name", "config"}, &rps)
	out := []obj{}
	for _, p := range rps {
		if _, ok := in.ents[p.Self]; !ok || p.Self.Type != "ResourcePool" {
			continue
		}
		c, m := p.Config.CpuAllocation, p.Config.MemoryAllocation
		out = append(out, obj{"path": in.path(p.Self),
			"cpuReservation": c.Reservation, "cpuLimit": c.Limit, "cpuExpandable": c.ExpandableReservation,
			"memReservation": m.Reservation, "memLimit": m.Limit, "memExpandable": m.ExpandableReservation})
	}
	return out
}

// portgroupNames names port groups by their configured name (config.name),
// which is what vCenter shows; the simulator's entity name can lag behind it.
func (in *inventory) portgroupNames(refs []types.ManagedObjectReference) []string {
	if in.pgNames == nil {
		in.pgNames = map[string]string{}
		var pgs []mo.DistributedVirtualPortgroup
		_ = in.retrieve("DistributedVirtualPortgroup", []string{"config.name"}, &pgs)
		for _, pg := range pgs {
			in.pgNames[pg.Self.Value] = pg.Config.Name
		}
	}
	out := []string{}
	for _, r := range refs {
		out = append(out, in.pgNames[r.Value])
	}
	sort.Strings(out)
	return out
}

func (in *inventory) vms() []obj {
	var vms []mo.VirtualMachine
	_ = in.retrieve("VirtualMachine", []string{"name", "parent", "resourcePool", "runtime", "network", "config.hardware", "config.guestId", "guest"}, &vms)
	out := []obj{}
	for _, v := range vms {
		o := obj{"id": v.Self.Value, "name": v.Name, "path": in.path(v.Self), "networks": in.nameList(v.Network),
			"powerState": v.Runtime.PowerState}
		if v.Parent != nil {
			o["folder"] = in.path(*v.Parent)
		}
		if v.ResourcePool != nil {
			o["resourcePool"] = in.path(*v.ResourcePool)
		}
		if h := v.Runtime.Host; h != nil {
			o["host"] = in.names[*h]
			if e, ok := in.ents[*h]; ok && e.Parent != nil && e.Parent.Type == "ClusterComputeResource" {
				o["cluster"] = in.names[*e.Parent]
			}
		}
		if g := v.Guest; g != nil && (g.HostName != "" || g.IpAddress != "") {
			o["guest"] = guestInfo(g)
		}
		if v.Config != nil {
			o["numCpu"], o["memoryMB"], o["guestId"] = v.Config.Hardware.NumCPU, v.Config.Hardware.MemoryMB, v.Config.GuestId
			// The NICs' backings say which port group each is connected to, as vCenter shows it.
			var nets []types.ManagedObjectReference
			for _, d := range v.Config.Hardware.Device {
				if nic, ok := d.(types.BaseVirtualEthernetCard); ok {
					if b, ok := nic.GetVirtualEthernetCard().Backing.(*types.VirtualEthernetCardDistributedVirtualPortBackingInfo); ok {
						nets = append(nets, types.ManagedObjectReference{Type: "DistributedVirtualPortgroup", Value: b.Port.PortgroupKey})
					}
				}
			}
			if len(nets) > 0 {
				o["networks"] = in.portgroupNames(nets)
			}
		}
		out = append(out, o)
	}
	return out
}

func (in *inventory) collectREST(rc *rest.Client, out obj) {
	tm := tags.NewManager(rc)
	cats, _ := tm.GetCategories(in.ctx)
	catNames := map[string]string{}
	cl := []obj{}
	for _, c := range cats {
		catNames[c.ID] = c.Name
		cl = append(cl, obj{"name": c.Name, "cardinality": c.Cardinality, "types": c.AssociableTypes})
	}
	out["tagCategories"] = cl
	ts, _ := tm.GetTags(in.ctx)
	tl := []obj{}
	for _, t := range ts {
		att := []obj{}
		refs, _ := tm.ListAttachedObjects(in.ctx, t.ID)
		for _, r := range refs {
			ref := r.Reference()
			att = append(att, obj{"type": ref.Type, "id": ref.Value, "name": in.names[ref]})
		}
		tl = append(tl, obj{"name": t.Name, "category": catNames[t.CategoryID], "attached": att})
	}
	out["tags"] = tl
	// VM section: the names of the tags attached to each VM.
	if vms, ok := out["vms"].([]obj); ok {
		for _, v := range vms {
			names := []string{}
			for _, t := range tl {
				for _, a := range t["attached"].([]obj) {
					if a["type"] == "VirtualMachine" && a["name"] == v["name"] {
						names = append(names, t["name"].(string))
					}
				}
			}
			sort.Strings(names)
			v["tags"] = names
		}
	}
	lm := library.NewManager(rc)
	libs, _ := lm.GetLibraries(in.ctx)
	ll := []obj{}
	for _, l := range libs {
		items, _ := lm.GetLibraryItems(in.ctx, l.ID)
		names := []string{}
		for _, i := range items {
			names = append(names, i.Name)
		}
		ll = append(ll, obj{"name": l.Name, "items": names})
	}
	out["contentLibraries"] = ll
}

// guestInfo is what the guest customisation left: host name, address, and per NIC its addresses and DNS settings.
func guestInfo(g *types.GuestInfo) obj {
	nics := []obj{}
	for _, n := range g.Net {
		nic := obj{"ipAddresses": n.IpAddress}
		if d := n.DnsConfig; d != nil {
			nic["dnsServers"], nic["domainName"], nic["searchDomains"] = d.IpAddress, d.DomainName, d.SearchDomain
		}
		nics = append(nics, nic)
	}
	return obj{"hostName": g.HostName, "ipAddress": g.IpAddress, "nics": nics}
}
