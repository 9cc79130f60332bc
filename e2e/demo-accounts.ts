// Mirrors db/seed.ts: the demo accounts every fresh data directory starts with.
export const DEMO_PASSWORD = "demo-password-1";

export const DEMO_USERS = {
  owner: { email: "owner@demo.test", name: "Olivia Owner", tenant: "Demo Workspace", role: "owner" },
  admin: { email: "admin@demo.test", name: "Adam Admin", tenant: "Demo Workspace", role: "admin" },
  member: { email: "member@demo.test", name: "Mia Member", tenant: "Demo Workspace", role: "member" },
  viewer: { email: "viewer@demo.test", name: "Victor Viewer", tenant: "Demo Workspace", role: "viewer" },
  acmeOwner: { email: "owner@acme.test", name: "Alice Acme", tenant: "Acme Research", role: "owner" },
} as const;

export type DemoUserKey = keyof typeof DEMO_USERS;
