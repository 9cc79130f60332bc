import type { Role } from "@/db/schema";

export interface RoleChange {
  actorRole: Role;
  currentRole: Role;
  /** null: the member is being removed or is leaving. */
  newRole: Role | null;
  /** Owners of the workspace right now, the member in question included. */
  ownerCount: number;
}

/**
 * The rules above the permission table, as the reason a change is refused (or null when allowed):
 * only owners touch the owner role, and a workspace never loses its last owner.
 */
export function roleChangeRefusal({ actorRole, currentRole, newRole, ownerCount }: RoleChange): string | null {
  const touchesOwner = currentRole === "owner" || newRole === "owner";
  if (touchesOwner && actorRole !== "owner") {
    return currentRole === "owner"
      ? "Only an owner can change or remove another owner."
      : "Only an owner can make someone an owner.";
  }
  if (currentRole === "owner" && newRole !== "owner" && ownerCount <= 1) {
    return newRole === null
      ? "This is the workspace's last owner. Make another member an owner first, then try again."
      : "This is the workspace's last owner and cannot be demoted. Make another member an owner first.";
  }
  return null;
}
