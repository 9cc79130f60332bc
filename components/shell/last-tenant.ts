export const LAST_TENANT_COOKIE = "tkc_last_tenant";
