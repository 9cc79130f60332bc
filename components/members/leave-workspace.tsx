"use client";

import { forgetLastTenant } from "@/components/shell/last-tenant";
import { useRouter } from "next/navigation";
import { leaveTenant } from "@/app/(console)/t/[slug]/members/actions";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useAction } from "@/components/ui/use-action";

export function LeaveWorkspace() {
  const { slug, name } = useTenant();
  const router = useRouter();
  const leave = useAction(leaveTenant, { toastErrors: true });
  return (
    <ConfirmDialog
      trigger={<Button variant="secondary">Leave workspace</Button>}
      title={`Leave ${name}?`}
      description="You lose access at once. To come back, an admin has to invite you again."
      confirmLabel="Leave workspace"
      onConfirm={async () => {
        const result = await leave.run({ tenant: slug });
        if (result.ok) {
          forgetLastTenant();
          router.push("/");
          router.refresh();
        }
        return result.ok;
      }}
    />
  );
}
