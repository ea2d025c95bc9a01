// Package server implements "vcsim-rz serve": govmomi's vCenter simulator as
// an empty vCenter 7.0.3 with the project's extensions, by default on 127.0.0.1.
package server

import (
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"

	"rz-dithmarschen/e2e/vcsim/internal/ext"
	"rz-dithmarschen/e2e/vcsim/internal/vsansim"
	"rz-dithmarschen/e2e/vcsim/internal/web"

	// Registers the REST (vAPI) endpoints: tagging, content library, ...
	_ "github.com/vmware/govmomi/vapi/simulator"
	// Storage policy (PBM) endpoint, queried by the provider at login.
	_ "github.com/vmware/govmomi/pbm/simulator"
)

// readyLine is printed (as one JSON line) once the simulator accepts requests.
type readyLine struct {
	URL          string `json:"url"`
	Server       string `json:"server"`
	ImageBaseURL string `json:"imageBaseUrl"`
}

// Serve runs the simulator until stdin is closed or SIGINT/SIGTERM arrives.
func Serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address for the vSphere API (SOAP + REST)")
	imageListen := fs.String("image-listen", "127.0.0.1:0", "address for the OVF image HTTP server")
	verbose := fs.Bool("v", false, "log simulator messages to stderr")
	trace := fs.Bool("trace", false, "dump SOAP requests/responses to stderr")
	stock := fs.Bool("stock", false, "serve vcsim's stock inventory (DC0, cluster DC0_C0, hosts, VMs, DVS0): a vCenter this project did not build")
	_ = fs.Parse(args)

	if *trace {
		simulator.Trace = true
		simulator.TraceFile = os.Stderr
	}

	if !*verbose {
		log.SetOutput(io.Discard)
	}

	// A VPX (vCenter) model with an empty inventory: Terraform creates the
	// datacenter, clusters and hosts itself. The model always contains the
	// root folder and the vCenter managers (no datacenter, host, VM,
	// datastore or network).
	model := simulator.VPX()
	model.Datacenter = 0
	model.Host = 0
	model.Cluster = 0
	model.ClusterHost = 0
	model.Datastore = 0
	model.Machine = 0
	model.Portgroup = 0
	model.Autostart = false
	if *stock {
		stockModel := simulator.VPX()
		model.Datacenter, model.Host, model.Cluster, model.ClusterHost = stockModel.Datacenter, stockModel.Host, stockModel.Cluster, stockModel.ClusterHost
		model.Datastore, model.Machine, model.Portgroup, model.Autostart = stockModel.Datastore, stockModel.Machine, stockModel.Portgroup, stockModel.Autostart
	}
	// Report a vCenter 7.0 U3 instead of vcsim's 6.5: the project targets
	// vSphere >= 7.0 U2 (hardware version 19), and the provider switches
	// behaviour on the version, e.g. below 7.0 it reads every resource pool's
	// scale_descendants_shares as "disabled" regardless of the server (a
	// permanent plan diff for pools that leave it unset).
	model.ServiceContent.About.Version = "7.0.3"
	model.ServiceContent.About.Build = "24322831"
	model.ServiceContent.About.FullName = "VMware vCenter Server 7.0.3 build-24322831"
	model.ServiceContent.About.ApiVersion = "7.0.3.0"

	if err := model.Create(); err != nil {
		return fmt.Errorf("create model: %w", err)
	}
	defer model.Remove()

	model.Service.TLS = new(tls.Config)
	model.Service.RegisterEndpoints = true
	model.Service.Listen = &url.URL{Host: *listen}

	vsansim.Register()
	extensions, err := ext.Install(model)
	if err != nil {
		return err
	}
	defer extensions.Close()

	s := model.Service.NewServer()
	defer s.Close()
	s.Config.Handler = web.LibraryFilter(web.TagCategoryFilter(s.Config.Handler))

	images, err := web.StartImageServer(*imageListen)
	if err != nil {
		return err
	}
	defer images.Close()

	u := *s.URL
	u.User = url.UserPassword("user", "pass")
	line, _ := json.Marshal(readyLine{
		URL:          u.String(),
		Server:       s.URL.Host,
		ImageBaseURL: "http://" + images.Addr + "/images/",
	})
	fmt.Println(string(line))

	// Run until stdin is closed (parent process gone) or a signal arrives.
	done := make(chan struct{}, 2)
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		done <- struct{}{}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-done:
	case <-sig:
	}
	// Closing the HTTP server waits for in-flight requests (e.g. long-polling
	// WaitForUpdatesEx); don't let that block the exit for long.
	go func() {
		time.Sleep(3 * time.Second)
		extensions.Close()
		model.Remove()
		os.Exit(0)
	}()
	return nil
}
