package ext

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"

	"rz-dithmarschen/e2e/vcsim/internal/simutil"
)

// customizationSpecManager replaces vcsim's CustomizationSpecManager: it
// starts empty (no vcsim default specs) and supports delete/rename/duplicate.
type customizationSpecManager struct {
	mo.CustomizationSpecManager
	items []types.CustomizationSpecItem
}

// installCustomizationSpecManager replaces vcsim's CustomizationSpecManager.
func installCustomizationSpecManager(model *simulator.Model) {
	r := model.Map()
	if ref := model.ServiceContent.CustomizationSpecManager; ref != nil {
		m := &customizationSpecManager{}
		if old, ok := r.Get(*ref).(*simulator.CustomizationSpecManager); ok {
			m.CustomizationSpecManager = old.CustomizationSpecManager
		}
		m.Self = *ref
		m.Info = nil
		r.Put(m)
	}
}

func (m *customizationSpecManager) find(name string) int {
	for i := range m.items {
		if m.items[i].Info.Name == name {
			return i
		}
	}
	return -1
}

// sync refreshes the "info" property from the stored items.
func (m *customizationSpecManager) sync() {
	m.Info = nil
	for _, item := range m.items {
		m.Info = append(m.Info, item.Info)
	}
}

func (m *customizationSpecManager) DoesCustomizationSpecExist(req *types.DoesCustomizationSpecExist) soap.HasFault {
	return &methods.DoesCustomizationSpecExistBody{Res: &types.DoesCustomizationSpecExistResponse{Returnval: m.find(req.Name) >= 0}}
}

func (m *customizationSpecManager) GetCustomizationSpec(req *types.GetCustomizationSpec) soap.HasFault {
	body := new(methods.GetCustomizationSpecBody)
	if i := m.find(req.Name); i >= 0 {
		body.Res = &types.GetCustomizationSpecResponse{Returnval: m.items[i]}
	} else {
		body.Fault_ = simulator.Fault("", &types.NotFound{})
	}
	return body
}

func (m *customizationSpecManager) CreateCustomizationSpec(req *types.CreateCustomizationSpec) soap.HasFault {
	body := new(methods.CreateCustomizationSpecBody)
	if m.find(req.Item.Info.Name) >= 0 {
		body.Fault_ = simulator.Fault("", &types.AlreadyExists{Name: req.Item.Info.Name})
		return body
	}
	item := req.Item
	item.Info.ChangeVersion = "1"
	item.Info.LastUpdateTime = simutil.Now()
	m.items = append(m.items, item)
	m.sync()
	body.Res = new(types.CreateCustomizationSpecResponse)
	return body
}

func (m *customizationSpecManager) OverwriteCustomizationSpec(req *types.OverwriteCustomizationSpec) soap.HasFault {
	body := new(methods.OverwriteCustomizationSpecBody)
	i := m.find(req.Item.Info.Name)
	if i < 0 {
		body.Fault_ = simulator.Fault("", &types.NotFound{})
		return body
	}
	cur := m.items[i].Info.ChangeVersion
	if v := req.Item.Info.ChangeVersion; v != "" && v != cur {
		body.Fault_ = simulator.Fault("", &types.ConcurrentAccess{})
		return body
	}
	item := req.Item
	item.Info.ChangeVersion = simutil.NextVersion(cur)
	item.Info.LastUpdateTime = simutil.Now()
	m.items[i] = item
	m.sync()
	body.Res = new(types.OverwriteCustomizationSpecResponse)
	return body
}

func (m *customizationSpecManager) DeleteCustomizationSpec(req *types.DeleteCustomizationSpec) soap.HasFault {
	body := new(methods.DeleteCustomizationSpecBody)
	i := m.find(req.Name)
	if i < 0 {
		body.Fault_ = simulator.Fault("", &types.NotFound{})
		return body
	}
	m.items = append(m.items[:i], m.items[i+1:]...)
	m.sync()
	body.Res = new(types.DeleteCustomizationSpecResponse)
	return body
}

func (m *customizationSpecManager) RenameCustomizationSpec(req *types.RenameCustomizationSpec) soap.HasFault {
	body := new(methods.RenameCustomizationSpecBody)
	i := m.find(req.Name)
	switch {
	case i < 0:
		body.Fault_ = simulator.Fault("", &types.NotFound{})
	case m.find(req.NewName) >= 0:
		body.Fault_ = simulator.Fault("", &types.AlreadyExists{Name: req.NewName})
	default:
		m.items[i].Info.Name = req.NewName
		m.sync()
		body.Res = new(types.RenameCustomizationSpecResponse)
	}
	return body
}
