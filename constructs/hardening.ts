/**
 * VM advanced settings from VMware's security configuration guide that every
 * desktop and server of the platform carries (console copy/paste off, no
 * host information leaked to the guest, bounded VM logs).
 */
export const VM_HARDENING_EXTRA_CONFIG: Readonly<Record<string, string>> = {
  "isolation.tools.copy.disable": "TRUE",
  "isolation.tools.paste.disable": "TRUE",
  "isolation.tools.diskShrink.disable": "TRUE",
  "isolation.tools.diskWiper.disable": "TRUE",
  "tools.guestlib.enableHostInfo": "FALSE",
  "tools.setInfo.sizeLimit": "1048576",
  "log.keepOld": "10",
  "log.rotateSize": "2048000",
};
