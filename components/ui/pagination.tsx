import { Button } from "./button";

export function Pagination({ page, pageCount, total, onPage, noun }: { page: number; pageCount: number; total: number; onPage: (page: number) => void; noun: string }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={`${noun} pages`} className="flex items-center justify-between gap-4 pt-3 text-sm text-slate-600">
      <span>
        Page {page} of {pageCount} · {total} {noun}
      </span>
      <span className="flex gap-2">
        <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Button variant="secondary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </span>
    </nav>
  );
}
