import { HIGHLIGHT_END, HIGHLIGHT_START } from "@/lib/search/highlight";

/** Renders a snippet whose matches sit between marker characters; everything else stays plain text. */
export function Highlighted({ text }: { text: string }) {
  const parts = text.split(HIGHLIGHT_START);
  return (
    <>
      {parts.map((part, i) => {
        if (i === 0) return <span key={i}>{part}</span>;
        const [hit = "", rest = ""] = part.split(HIGHLIGHT_END);
        return (
          <span key={i}>
            <mark className="rounded bg-amber-100 px-0.5 text-slate-900">{hit}</mark>
            {rest}
          </span>
        );
      })}
    </>
  );
}
