/** The RZ pack: every rule, in id order. */
import { ComplianceRule } from "../rule";
import { portSecurityRule } from "./rz-01-port-security";
import { noGuestTaggingRule } from "./rz-02-no-guest-tagging";
import { separateNetworksRule } from "./rz-03-separate-networks";
import { desktopsApartFromServersRule } from "./rz-04-desktops-apart-from-servers";
import { clusterHaRule } from "./rz-05-cluster-ha";
import { clusterDrsRule } from "./rz-06-cluster-drs";
import { secureBootRule } from "./rz-07-secure-boot";
import { hardwareVersionRule } from "./rz-08-hardware-version";
import { consoleIsolationRule } from "./rz-09-console-isolation";
import { vmLoggingRule } from "./rz-10-vm-logging";
import { noSnapshotsRule } from "./rz-11-no-snapshots";
import { tlsVerifiedRule } from "./rz-12-tls-verified";
import { noCredentialLiteralsRule } from "./rz-13-no-credential-literals";
import { vmTagsRule } from "./rz-14-vm-tags";
import { imagePatchAgeRule } from "./rz-15-image-patch-age";
import { hostLockdownRule } from "./rz-16-host-lockdown";
import { hostNtpRule } from "./rz-17-host-ntp";
import { stateEncryptionRule } from "./rz-18-state-encryption";

export const RZ_RULES: readonly ComplianceRule[] = [
  portSecurityRule,
  noGuestTaggingRule,
  separateNetworksRule,
  desktopsApartFromServersRule,
  clusterHaRule,
  clusterDrsRule,
  secureBootRule,
  hardwareVersionRule,
  consoleIsolationRule,
  vmLoggingRule,
  noSnapshotsRule,
  tlsVerifiedRule,
  noCredentialLiteralsRule,
  vmTagsRule,
  imagePatchAgeRule,
  hostLockdownRule,
  hostNtpRule,
  stateEncryptionRule,
];
