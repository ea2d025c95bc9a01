// Package vsansim serves a minimal vSAN management endpoint (/vsanHealth)
// next to the simulator's SOAP endpoint.
package vsansim

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"sync"

	"github.com/google/uuid"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	vim "github.com/vmware/govmomi/vim25/types"
	"github.com/vmware/govmomi/vsan"
	"github.com/vmware/govmomi/vsan/methods"
	"github.com/vmware/govmomi/vsan/types"
)

// vsanInternalPath is where the vSAN registry is served; /vsanHealth is a
// filter in front of it (see serveVsan).
const vsanInternalPath = "/rz-vsan-internal"

// A minimal vSAN management endpoint (/vsanHealth): the provider reads the
// vSAN configuration and witness hosts of every compute cluster. vSAN stays
// disabled; reconfiguration requests are stored and read back.
//
// Register adds the endpoint to every simulator server started afterwards with
// Service.RegisterEndpoints set; it registers once per process.
func Register() {
	registerOnce.Do(func() { simulator.RegisterEndpoint(register) })
}

var registerOnce sync.Once

func register(s *simulator.Service, _ *simulator.Registry) {
	reg := simulator.NewRegistry()
	reg.Namespace = vsan.Namespace
	reg.Path = vsanInternalPath
	cfg := &vsanClusterConfigSystem{ManagedObjectReference: vsan.VsanVcClusterConfigSystemInstance}
	reg.Put(cfg)
	reg.Put(&vsanStretchedClusterSystem{ManagedObjectReference: vsan.VsanVcStretchedClusterSystem})
	s.RegisterSDK(reg)
	s.ServeMux.HandleFunc(vsan.Path, func(w http.ResponseWriter, r *http.Request) { serveVsan(s, w, r) })
}

// vsanClusterConfigElem matches the vsanClusterConfig element of a
// VsanClusterReconfig request. The provider sends it with
// xsi:type="VsanClusterConfigInfo", which the vcsim decoder resolves to the
// vim25 type of that name and then panics; vSAN stays disabled here anyway,
// so the element is dropped before decoding.
var vsanClusterConfigElem = regexp.MustCompile(`<vsanClusterConfig[ >].*?</vsanClusterConfig>`)

func serveVsan(s *simulator.Service, w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	body = vsanClusterConfigElem.ReplaceAll(body, nil)
	r2 := r.Clone(r.Context())
	r2.URL.Path = vsanInternalPath
	r2.Body = io.NopCloser(bytes.NewReader(body))
	r2.ContentLength = int64(len(body))
	s.ServeSDK(w, r2)
}

type vsanClusterConfigSystem struct {
	vim.ManagedObjectReference
	config map[vim.ManagedObjectReference]*types.VsanConfigInfoEx
}

func (s *vsanClusterConfigSystem) info(ref vim.ManagedObjectReference) *types.VsanConfigInfoEx {
	if s.config == nil {
		s.config = map[vim.ManagedObjectReference]*types.VsanConfigInfoEx{}
	}
	info := s.config[ref]
	if info == nil {
		info = &types.VsanConfigInfoEx{}
		info.Enabled = vim.NewBool(false)
		info.DefaultConfig = &vim.VsanClusterConfigInfoHostDefaultInfo{Uuid: uuid.New().String()}
		s.config[ref] = info
	}
	return info
}

func (s *vsanClusterConfigSystem) VsanClusterGetConfig(ctx *simulator.Context, req *types.VsanClusterGetConfig) soap.HasFault {
	return &methods.VsanClusterGetConfigBody{Res: &types.VsanClusterGetConfigResponse{Returnval: *s.info(req.Cluster)}}
}

func (s *vsanClusterConfigSystem) VsanClusterReconfig(ctx *simulator.Context, req *types.VsanClusterReconfig) soap.HasFault {
	task := simulator.CreateTask(s, "vsanClusterReconfig", func(*simulator.Task) (vim.AnyType, vim.BaseMethodFault) {
		info := s.info(req.Cluster)
		spec := req.VsanReconfigSpec
		if spec.UnmapConfig != nil {
			info.UnmapConfig = spec.UnmapConfig
		}
		if spec.FileServiceConfig != nil {
			info.FileServiceConfig = spec.FileServiceConfig
		}
		if spec.DataEfficiencyConfig != nil {
			info.DataEfficiencyConfig = spec.DataEfficiencyConfig
		}
		if spec.PerfsvcConfig != nil {
			info.PerfsvcConfig = spec.PerfsvcConfig
		}
		if spec.DataInTransitEncryptionConfig != nil {
			info.DataInTransitEncryptionConfig = &types.VsanDataInTransitEncryptionConfig{
				Enabled: spec.DataInTransitEncryptionConfig.Enabled, RekeyInterval: spec.DataInTransitEncryptionConfig.RekeyInterval}
		}
		if spec.DatastoreConfig != nil {
			info.DatastoreConfig = spec.DatastoreConfig
		}
		return nil, nil
	})
	return &methods.VsanClusterReconfigBody{Res: &types.VsanClusterReconfigResponse{Returnval: task.Run(ctx)}}
}

type vsanStretchedClusterSystem struct {
	vim.ManagedObjectReference
}

// VSANVcGetWitnessHosts: no cluster is stretched, so there are no witnesses.
func (s *vsanStretchedClusterSystem) VSANVcGetWitnessHosts(ctx *simulator.Context, req *types.VSANVcGetWitnessHosts) soap.HasFault {
	return &methods.VSANVcGetWitnessHostsBody{Res: &types.VSANVcGetWitnessHostsResponse{}}
}
