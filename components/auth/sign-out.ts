/**
 * Signs out, then opens `path` on the host this browser is on. next-auth's own redirect is built on
 * NEXTAUTH_URL, which `npm start` sets to localhost: a browser on another host was sent there.
 * next-auth's client loads on the click: the user menu is on every page, signing out is rare.
 */
export async function signOutTo(path: string): Promise<void> {
  const { signOut } = await import("next-auth/react");
  await signOut({ redirect: false });
  window.location.assign(path);
}
