import { signOut } from "next-auth/react";

/**
 * Signs out, then opens `path` on the host this browser is on. next-auth's own redirect is built on
 * NEXTAUTH_URL, which `npm start` sets to localhost: a browser on another host was sent there.
 */
export async function signOutTo(path: string): Promise<void> {
  await signOut({ redirect: false });
  window.location.assign(path);
}
