"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef, useState, type ComponentProps, type ReactNode } from "react";
import type { SimpleBarChart } from "./bar-chart";
import type { TimeLineChart } from "./line-chart";

/**
 * Renders `children` once its box scrolls into view, and from then on. Charts below the fold cost a
 * phone nothing until they are scrolled to (drawing one took Lighthouse's phone 350 ms of main
 * thread, and loading Recharts 600 ms more); the box keeps its size meanwhile (the card sizes it),
 * so nothing shifts when the chart arrives. No margin ahead of the viewport: on a phone the first
 * chart starts just below the fold, and drawing it early would block the page's first seconds.
 */
export function WhenVisible({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setSeen(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [seen]);
  return (
    <div ref={box} className="h-full min-w-0">
      {seen ? children : null}
    </div>
  );
}

// Recharts is fetched with the first chart that is scrolled to, not with the page.
const DynamicBarChart = dynamic(() => import("./bar-chart").then((m) => m.SimpleBarChart), { ssr: false });
const DynamicLineChart = dynamic(() => import("./line-chart").then((m) => m.TimeLineChart), { ssr: false });

/** SimpleBarChart, loaded and drawn when it comes into view. */
export function LazyBarChart(props: ComponentProps<typeof SimpleBarChart>) {
  return (
    <WhenVisible>
      <DynamicBarChart {...props} />
    </WhenVisible>
  );
}

/** TimeLineChart, loaded and drawn when it comes into view. */
export function LazyLineChart(props: ComponentProps<typeof TimeLineChart>) {
  return (
    <WhenVisible>
      <DynamicLineChart {...props} />
    </WhenVisible>
  );
}
