import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; isSuperuser: boolean };
  }
  interface User {
    isSuperuser: boolean;
    sessionVersion: number;
    /** How this sign-in happened: the credentials form, or single sign-on (lib/sso). */
    signedInWith?: "password" | "sso";
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    su?: boolean;
    /** The user's session version at sign-in; a different one in the database means signed out. */
    sv?: number;
    /** Sign-in time, epoch seconds: the start of the absolute lifetime. */
    auth?: number;
    /** Last activity, epoch seconds: the start of the idle timeout. */
    seen?: number;
    /** How the session signed in: "sso" through the identity provider; absent or "password" otherwise. */
    via?: "password" | "sso";
  }
}
