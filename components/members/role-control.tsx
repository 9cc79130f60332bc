"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/select";
import type { Role } from "@/db/schema";
import { ROLE_OPTIONS } from "./api";

const label = (role: Role) => ROLE_OPTIONS.find((o) => o.value === role)?.label ?? role;

/**
 * A member's role: choosing one only stages it (arrow keys on a focused select change its value,
 * and a role change must never happen by accident); Apply asks before it takes effect.
 */
export function RoleControl({
  email,
  name,
  role,
  options,
  onChange,
}: {
  email: string;
  name: string;
  role: Role;
  options: { value: Role; label: string }[];
  onChange: (role: Role) => Promise<boolean>;
}) {
  const [staged, setStaged] = useState<Role>(role);
  // A refetch that brings another role (changed elsewhere) replaces an untouched choice.
  const [shown, setShown] = useState<Role>(role);
  if (shown !== role) {
    setShown(role);
    setStaged(role);
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select aria-label={`Role of ${email}`} value={staged} onChange={(e) => setStaged(e.target.value as Role)} className="w-auto">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      {staged !== role && (
        <>
          <ConfirmDialog
            trigger={<Button>Apply</Button>}
            title={`Change ${name}’s role to ${label(staged)}?`}
            description={`${email} changes from ${label(role)} to ${label(staged)} at once; what they can see and do in this workspace changes with it.`}
            confirmLabel="Change role"
            onConfirm={async () => {
              const done = await onChange(staged);
              if (done) toast.success(`${email} is now ${label(staged)}.`);
              return done;
            }}
          />
          <Button variant="ghost" onClick={() => setStaged(role)}>
            Cancel
          </Button>
        </>
      )}
    </div>
  );
}
