import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; isSuperuser: boolean };
  }
  interface User {
    isSuperuser: boolean;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    su?: boolean;
  }
}
