export const LAST_TENANT_COOKIE = "tkc_last_tenant";

/** In the browser: forget the remembered workspace, after leaving or deleting it. */
export function forgetLastTenant(): void {
  document.cookie = `${LAST_TENANT_COOKIE}=; path=/; max-age=0`;
}
