import "@tanstack/react-query";

/** Query or mutation meta for a component that renders the error itself: the global toast stays quiet then. */
export const ERROR_SHOWN_IN_PLACE = { errorShownInPlace: true } as const;

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: { errorShownInPlace?: boolean };
    mutationMeta: { errorShownInPlace?: boolean };
  }
}
