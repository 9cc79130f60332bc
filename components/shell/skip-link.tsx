/** The id of each console layout's `<main>`, the skip link's target. */
export const MAIN_ID = "main";

/** Above the viewport until focused: lets keyboard users jump past the header and the navigation. */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      className="fixed top-2 left-2 z-50 -translate-y-[200%] rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow-lg focus:translate-y-0 focus:outline-2 focus:outline-indigo-600"
    >
      Skip to content
    </a>
  );
}
