import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; isSuperuser: boolean };
  }
  interface User {
    isSuperuser: boolean;
    sessionVersion: number;
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
  }
}
