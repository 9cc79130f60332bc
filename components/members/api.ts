import type { Role } from "@/db/schema";

export interface MemberJson {
  userId: string;
  email: string;
  fullName: string;
  role: Role;
  joinedAt: string;
}

export interface InvitationJson {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  createdAt: string;
  expired: boolean;
}

export const membersKey = (slug: string) => ["tenants", slug, "members"] as const;
export const invitationsKey = (slug: string) => ["tenants", slug, "invitations"] as const;

export const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: "owner", label: "Owner" },
  { value: "admin", label: "Admin" },
  { value: "member", label: "Member" },
  { value: "viewer", label: "Viewer" },
];
