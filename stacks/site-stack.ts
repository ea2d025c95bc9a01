import { Construct } from "constructs";
import { WorkstationPool } from "../constructs/workstation-pool";
import { computerNamePrefix, desktopClusterId, desktopNamePrefix, imageKey, siteImageVersion } from "../config/derive";
import { Environment, SiteConfig, TenantConfig } from "../config/schema";
import { desktopImportIds } from "../config/adoption";
import { ImagesStack } from "./images-stack";
import { PlatformStack, VmRole } from "./platform-stack";
import { TenantStack } from "./tenant-stack";
import { VsphereStack, VsphereStackProps } from "./vsphere-stack";

export interface SiteStackProps extends VsphereStackProps {
  readonly platform: PlatformStack;
  readonly images: ImagesStack;
  readonly tenant: TenantStack;
}

/** The desktops of one site (Standort): the smallest blast radius, one stack per site. */
export class SiteStack extends VsphereStack {
  public readonly pool: WorkstationPool;

  constructor(scope: Construct, name: string, env: Environment, tenant: TenantConfig, site: SiteConfig, props: SiteStackProps) {
    super(scope, name, props);
    const clusterId = desktopClusterId(env, site) as string;
    const image = props.images.image(site.workstations.image, siteImageVersion(env, site));
    const adminPassword = this.secret("windows_admin_password", "local administrator password of the desktops");
    const domainPassword = tenant.windows.joinDomain ? this.secret("domain_join_password", "password of the domain join user") : undefined;
    this.pool = new WorkstationPool(this, "desktops", {
      count: site.workstations.count,
      namePrefix: desktopNamePrefix(tenant, site),
      computerNamePrefix: computerNamePrefix(tenant, site),
      image,
      imagePin: imageKey(image.imageId, image.version),
      resourcePoolId: props.tenant.tenant.resourcePoolId(clusterId),
      datastoreId: props.platform.datastoreId(clusterId),
      folderPath: props.tenant.tenant.desktopFolderPath,
      portGroupId: props.tenant.siteLink(site.id).portGroupId,
      tagIds: [
        props.tenant.tenant.tenantTagId,
        props.tenant.siteTagId(site.id),
        props.platform.waveTagId(site.workstations.wave),
        props.platform.roleTagId(VmRole.DESKTOP),
      ],
      adminPassword,
      windowsIdentity: {
        workgroup: tenant.windows.workgroup ?? tenant.code,
        joinDomain: tenant.windows.joinDomain,
        domainAdminUser: tenant.windows.domainAdminUser,
        domainAdminPassword: domainPassword,
      },
      guestWaitMinutes: env.vcenter.guestWaitMinutes,
    });
    // Adopted desktops: one import block per count index (the image pin is state only and created).
    this.importExisting(["desktops", "default"], desktopImportIds(env, tenant.id, site.id));
  }
}
