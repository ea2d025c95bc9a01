package ext

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// setupHost adds the configuration managers vcsim does not provide
// (HostAccessManager, HostDateTimeSystem, HostServiceSystem) to a new host
// and the config.dateTimeInfo / config.lockdownMode properties the provider reads.
func setupHost(ctx *simulator.Context, obj mo.Reference) {
	h, ok := obj.(*simulator.HostSystem)
	if !ok || h.Config == nil {
		return
	}
	r := ctx.Map
	if ref := h.ConfigManager.HostAccessManager; ref != nil {
		if _, done := r.Get(*ref).(*hostAccessManager); done {
			return // already set up
		}
	}
	ref := func(o mo.Reference) *types.ManagedObjectReference {
		x := r.Put(o).Reference()
		return &x
	}
	h.ConfigManager.HostAccessManager = ref(&hostAccessManager{
		HostAccessManager: mo.HostAccessManager{Self: types.ManagedObjectReference{Type: "HostAccessManager"}}, host: h})
	h.ConfigManager.DateTimeSystem = ref(&hostDateTimeSystem{
		HostDateTimeSystem: mo.HostDateTimeSystem{Self: types.ManagedObjectReference{Type: "HostDateTimeSystem"}}, host: h})
	vs := &mo.HostVsanSystem{Self: types.ManagedObjectReference{Type: "HostVsanSystem"}}
	vs.Config.Enabled = types.NewBool(false)
	h.ConfigManager.VsanSystem = ref(vs)
	h.ConfigManager.ServiceSystem = ref(&hostServiceSystem{
		HostServiceSystem: mo.HostServiceSystem{ExtensibleManagedObject: mo.ExtensibleManagedObject{Self: types.ManagedObjectReference{Type: "HostServiceSystem"}}}, host: h})

	h.Config.LockdownMode = types.HostLockdownModeLockdownDisabled
	h.Config.AdminDisabled = types.NewBool(false)
	h.Config.DateTimeInfo = &types.HostDateTimeInfo{
		TimeZone:            types.HostDateTimeSystemTimeZone{Key: "UTC", Name: "UTC", Description: "UTC", GmtOffset: 0},
		SystemClockProtocol: string(types.HostDateTimeInfoProtocolNtp),
		NtpConfig:           &types.HostNtpConfig{Server: []string{}},
	}
}

// hostAccessManager implements HostAccessManager.ChangeLockdownMode.
type hostAccessManager struct {
	// The embedded mo type is required: vcsim digs it out of every registry
	// object in e.g. SearchIndex.FindByUuid and panics without it.
	mo.HostAccessManager
	host *simulator.HostSystem
}

func (m *hostAccessManager) Reference() types.ManagedObjectReference { return m.Self }

func (m *hostAccessManager) ChangeLockdownMode(ctx *simulator.Context, req *types.ChangeLockdownMode) soap.HasFault {
	body := new(methods.ChangeLockdownModeBody)
	switch req.Mode {
	case types.HostLockdownModeLockdownDisabled, types.HostLockdownModeLockdownNormal, types.HostLockdownModeLockdownStrict:
	default:
		body.Fault_ = simulator.Fault("", &types.InvalidArgument{InvalidProperty: "mode"})
		return body
	}
	ctx.WithLock(m.host, func() {
		m.host.Config.LockdownMode = req.Mode
		m.host.Config.AdminDisabled = types.NewBool(req.Mode != types.HostLockdownModeLockdownDisabled)
	})
	body.Res = new(types.ChangeLockdownModeResponse)
	return body
}

// hostDateTimeSystem implements HostDateTimeSystem.UpdateDateTimeConfig.
type hostDateTimeSystem struct {
	mo.HostDateTimeSystem
	host *simulator.HostSystem
}

func (m *hostDateTimeSystem) Reference() types.ManagedObjectReference { return m.Self }

func (s *hostDateTimeSystem) UpdateDateTimeConfig(ctx *simulator.Context, req *types.UpdateDateTimeConfig) soap.HasFault {
	ctx.WithLock(s.host, func() {
		info := s.host.Config.DateTimeInfo
		if req.Config.NtpConfig != nil {
			servers := append([]string{}, req.Config.NtpConfig.Server...)
			info.NtpConfig = &types.HostNtpConfig{Server: servers, ConfigFile: req.Config.NtpConfig.ConfigFile}
		}
		if req.Config.TimeZone != "" {
			info.TimeZone = types.HostDateTimeSystemTimeZone{Key: req.Config.TimeZone, Name: req.Config.TimeZone}
		}
		if req.Config.Protocol != "" {
			info.SystemClockProtocol = req.Config.Protocol
		}
	})
	return &methods.UpdateDateTimeConfigBody{Res: new(types.UpdateDateTimeConfigResponse)}
}

// hostServiceSystem implements start/stop/policy of the host services listed
// in config.service.
type hostServiceSystem struct {
	mo.HostServiceSystem
	host *simulator.HostSystem
}

func (m *hostServiceSystem) Reference() types.ManagedObjectReference { return m.Self }

func (s *hostServiceSystem) update(ctx *simulator.Context, id string, f func(*types.HostService)) types.BaseMethodFault {
	var fault types.BaseMethodFault = &types.NotFound{}
	ctx.WithLock(s.host, func() {
		if s.host.Config.Service == nil {
			return
		}
		for i := range s.host.Config.Service.Service {
			if svc := &s.host.Config.Service.Service[i]; svc.Key == id {
				f(svc)
				fault = nil
			}
		}
	})
	return fault
}

func (s *hostServiceSystem) StartService(ctx *simulator.Context, req *types.StartService) soap.HasFault {
	body := new(methods.StartServiceBody)
	if f := s.update(ctx, req.Id, func(svc *types.HostService) { svc.Running = true }); f != nil {
		body.Fault_ = simulator.Fault("", f)
	} else {
		body.Res = new(types.StartServiceResponse)
	}
	return body
}

func (s *hostServiceSystem) StopService(ctx *simulator.Context, req *types.StopService) soap.HasFault {
	body := new(methods.StopServiceBody)
	if f := s.update(ctx, req.Id, func(svc *types.HostService) { svc.Running = false }); f != nil {
		body.Fault_ = simulator.Fault("", f)
	} else {
		body.Res = new(types.StopServiceResponse)
	}
	return body
}

func (s *hostServiceSystem) RestartService(ctx *simulator.Context, req *types.RestartService) soap.HasFault {
	body := new(methods.RestartServiceBody)
	if f := s.update(ctx, req.Id, func(svc *types.HostService) { svc.Running = true }); f != nil {
		body.Fault_ = simulator.Fault("", f)
	} else {
		body.Res = new(types.RestartServiceResponse)
	}
	return body
}

func (s *hostServiceSystem) UpdateServicePolicy(ctx *simulator.Context, req *types.UpdateServicePolicy) soap.HasFault {
	body := new(methods.UpdateServicePolicyBody)
	switch req.Policy {
	case "on", "off", "automatic":
	default:
		body.Fault_ = simulator.Fault("", &types.InvalidArgument{InvalidProperty: "policy"})
		return body
	}
	if f := s.update(ctx, req.Id, func(svc *types.HostService) { svc.Policy = req.Policy }); f != nil {
		body.Fault_ = simulator.Fault("", f)
	} else {
		body.Res = new(types.UpdateServicePolicyResponse)
	}
	return body
}

// hostExt extends simulator.HostSystem.
type hostExt struct {
	*simulator.HostSystem
	ext *Extensions
}

// DestroyTask removes the host and also detaches it from its cluster,
// datastores and distributed switches (vcsim leaves dangling references).
func (h *hostExt) DestroyTask(ctx *simulator.Context, req *types.Destroy_Task) soap.HasFault {
	if len(h.Vm) > 0 {
		return h.HostSystem.DestroyTask(ctx, req) // fails with ResourceInUse
	}
	detachHost(ctx, h.HostSystem)
	res := h.HostSystem.DestroyTask(ctx, req)
	// Remove our config managers together with the host.
	for _, r := range []*types.ManagedObjectReference{h.ConfigManager.HostAccessManager, h.ConfigManager.DateTimeSystem, h.ConfigManager.ServiceSystem, h.ConfigManager.VsanSystem} {
		if r != nil {
			ctx.Map.Remove(ctx, *r)
		}
	}
	return res
}

// detachHost removes references to host h from its cluster, datastores and
// distributed switches.
func detachHost(ctx *simulator.Context, h *simulator.HostSystem) {
	self := h.Self
	if h.Parent != nil && h.Parent.Type == "ClusterComputeResource" {
		if c, ok := ctx.Map.Get(*h.Parent).(*simulator.ClusterComputeResource); ok {
			ctx.WithLock(c, func() {
				ctx.Map.RemoveReference(ctx, c, &c.Host, self)
				// Keep the summary consistent (the provider checks numHosts before destroy).
				if sum := c.Summary.GetComputeResourceSummary(); sum != nil && sum.NumHosts > 0 {
					n := int64(sum.NumHosts)
					sum.TotalCpu -= int32(int64(sum.TotalCpu) / n)
					sum.TotalMemory -= sum.TotalMemory / n
					sum.EffectiveCpu -= int32(int64(sum.EffectiveCpu) / n)
					sum.EffectiveMemory -= sum.EffectiveMemory / n
					sum.NumCpuCores -= int16(int64(sum.NumCpuCores) / n)
					sum.NumCpuThreads -= int16(int64(sum.NumCpuThreads) / n)
					sum.NumHosts--
					if sum.NumEffectiveHosts > 0 {
						sum.NumEffectiveHosts--
					}
				}
				cfg := c.ConfigurationEx.(*types.ClusterConfigInfoEx)
				for i := 0; i < len(cfg.VsanHostConfig); i++ {
					if cfg.VsanHostConfig[i].HostSystem != nil && *cfg.VsanHostConfig[i].HostSystem == self {
						cfg.VsanHostConfig = append(cfg.VsanHostConfig[:i], cfg.VsanHostConfig[i+1:]...)
						i--
					}
				}
				// Datastores and networks of a cluster are the union over its hosts.
				var ds []types.ManagedObjectReference
				for _, ref := range c.Datastore {
					if d, ok := ctx.Map.Get(ref).(*simulator.Datastore); ok && datastoreMountedElsewhere(d, self, c.Host) {
						ds = append(ds, ref)
					}
				}
				c.Datastore = ds
			})
		}
	}
	for _, ref := range h.Datastore {
		if d, ok := ctx.Map.Get(ref).(*simulator.Datastore); ok {
			ctx.WithLock(d, func() {
				for i := 0; i < len(d.Host); i++ {
					if d.Host[i].Key == self {
						d.Host = append(d.Host[:i], d.Host[i+1:]...)
						i--
					}
				}
			})
		}
	}
	for _, obj := range ctx.Map.All("DistributedVirtualSwitch") {
		if s, ok := obj.(*simulator.DistributedVirtualSwitch); ok {
			ctx.WithLock(s, func() { dvsRemoveHost(ctx, s, self) })
		}
	}
}
