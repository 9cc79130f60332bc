"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { SSO_PROVIDER_ID } from "@/lib/sso/claims";

/** Starts single sign-on: the browser goes to the identity provider and comes back signed in. */
export function SsoButton({ name, callbackUrl, variant = "secondary" }: { name: string; callbackUrl: string; variant?: "primary" | "secondary" }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant={variant}
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(SSO_PROVIDER_ID, { callbackUrl }).catch(() => setPending(false));
      }}
    >
      {pending && <Spinner label="Redirecting to sign in" />}
      Sign in with {name}
    </Button>
  );
}
