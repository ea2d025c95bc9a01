// Package web holds the HTTP side of the simulator: filters in front of its
// REST (vAPI) endpoints and the loopback image server that content library
// items are pulled from.
package web

import (
	"fmt"
	"net"
	"net/http"
	"path"
	"strings"
)

// ImageServer serves a synthetic OVF descriptor for any /images/<x>.ovf and a
// tiny placeholder disk for /images/<x>-disk1.vmdk, so content library items
// can be created from a file_url without any real image.
type ImageServer struct {
	*http.Server
	Addr string
}

// Any /images/.../<x>.ovf is served (see the handler).
//
// ovfTemplate is a minimal single-VM OVF (EFI, SCSI disk 40 GiB, vmxnet3 NIC).
// The guest type follows the image name (see osTypeOf; Windows 11, like the
// project's desktop images, by default): the provider does not apply guest_id
// when cloning from a library item, so the descriptor's osType is what
// vCenter reports, and a server image must report its server OS.
// %[1]s is the image name, %[3]s its osType.
const ovfTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf" xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData">
  <References>
    <File ovf:href="%[1]s-disk1.vmdk" ovf:id="file1" ovf:size="%[2]d"/>
  </References>
  <DiskSection>
    <Info>Virtual disk information</Info>
    <Disk ovf:capacity="40" ovf:capacityAllocationUnits="byte * 2^30" ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <NetworkSection>
    <Info>Logical networks</Info>
    <Network ovf:name="VM Network"><Description>VM Network</Description></Network>
  </NetworkSection>
  <VirtualSystem ovf:id="%[1]s">
    <Info>A virtual machine</Info>
    <Name>%[1]s</Name>
    <OperatingSystemSection ovf:id="1" vmw:osType="%[3]s">
      <Info>Guest operating system</Info>
    </OperatingSystemSection>
    <VirtualHardwareSection>
      <Info>Virtual hardware requirements</Info>
      <System>
        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
        <vssd:InstanceID>0</vssd:InstanceID>
        <vssd:VirtualSystemIdentifier>%[1]s</vssd:VirtualSystemIdentifier>
        <vssd:VirtualSystemType>vmx-19</vssd:VirtualSystemType>
      </System>
      <Item>
        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
        <rasd:ElementName>2 virtual CPU(s)</rasd:ElementName>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>3</rasd:ResourceType>
        <rasd:VirtualQuantity>2</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
        <rasd:ElementName>4096MB of memory</rasd:ElementName>
        <rasd:InstanceID>2</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>4096</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:Address>0</rasd:Address>
        <rasd:ElementName>SCSI Controller 0</rasd:ElementName>
        <rasd:InstanceID>3</rasd:InstanceID>
        <rasd:ResourceSubType>lsilogicsas</rasd:ResourceSubType>
        <rasd:ResourceType>6</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:ElementName>disk0</rasd:ElementName>
        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
        <rasd:InstanceID>4</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>7</rasd:AddressOnParent>
        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>
        <rasd:Connection>VM Network</rasd:Connection>
        <rasd:ElementName>ethernet0</rasd:ElementName>
        <rasd:InstanceID>5</rasd:InstanceID>
        <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>
        <rasd:ResourceType>10</rasd:ResourceType>
      </Item>
      <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="efi"/>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
`

// placeholderDisk is the content served for referenced disk files. Nothing
// parses it: the simulator never uploads disk contents on deploy.
var placeholderDisk = []byte("# Disk DescriptorFile\nversion=1\ncreateType=\"streamOptimized\"\n")

// osTypes maps a word in an image name to the guest id its OVF declares, as
// the project's guest ids (domain/vsphere.ts) name them; first match wins.
var osTypes = []struct{ word, guestID string }{
	{"windows2022", "windows2019srvNext_64Guest"},
	{"windows2019", "windows2019srv_64Guest"},
	{"ubuntu", "ubuntu64Guest"},
	{"debian", "debian12_64Guest"},
	{"rhel", "rhel9_64Guest"},
}

func osTypeOf(name string) string {
	for _, t := range osTypes {
		if strings.Contains(name, t.word) {
			return t.guestID
		}
	}
	return "windows11_64Guest"
}

func StartImageServer(addr string) (*ImageServer, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/images/", func(w http.ResponseWriter, r *http.Request) {
		// Images may live in sub-directories (the project uses
		// /images/<id>/<version>/<id>.ovf); disks are referenced relative to
		// the descriptor, so only the base name matters.
		name := path.Base(strings.TrimPrefix(r.URL.Path, "/images/"))
		switch {
		case name == "" || name == "." || name == "/" || strings.Contains(r.URL.Path, ".."):
			http.NotFound(w, r)
		case strings.HasSuffix(name, "-disk1.vmdk"):
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write(placeholderDisk)
		case strings.HasSuffix(name, ".ovf"):
			base := strings.TrimSuffix(name, ".ovf")
			w.Header().Set("Content-Type", "text/xml")
			_, _ = fmt.Fprintf(w, ovfTemplate, xmlEscape(base), len(placeholderDisk), osTypeOf(base))
		default:
			http.NotFound(w, r)
		}
	})
	s := &ImageServer{Server: &http.Server{Handler: mux}, Addr: l.Addr().String()}
	go func() { _ = s.Serve(l) }()
	return s, nil
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
