"use client";

import { signOutTo } from "@/components/auth/sign-out";
import { Button } from "@/components/ui/button";

export function SignOutButton({ callbackUrl }: { callbackUrl: string }) {
  return (
    <Button variant="secondary" className="mt-4 w-full" onClick={() => void signOutTo(callbackUrl)}>
      Sign out
    </Button>
  );
}
