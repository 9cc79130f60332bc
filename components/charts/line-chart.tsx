"use client";

import { CartesianGrid, Legend, Line, LineChart as RechartsLineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBucket } from "./chart-theme";
import { isolatedIndices } from "./sparse";

export interface LineSeries {
  key: string;
  label: string;
  color: string;
}

/** Values over time buckets, with titled axes, a tooltip and a legend; a value with no neighbour shows as a dot. */
export function TimeLineChart({ data, series, bucket, yLabel, unit = "" }: { data: Record<string, unknown>[]; series: LineSeries[]; bucket: "hour" | "day"; yLabel: string; unit?: string }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <RechartsLineChart data={data} margin={{ top: 4, right: 12, bottom: 18, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={(v: string) => formatBucket(v, bucket)} tick={{ fontSize: 11 }} minTickGap={24} label={{ value: bucket === "hour" ? "Hour (UTC)" : "Day (UTC)", position: "insideBottom", offset: -10, fontSize: 11 }} />
        <YAxis tick={{ fontSize: 11 }} width={52} label={{ value: yLabel, angle: -90, position: "insideLeft", fontSize: 11, style: { textAnchor: "middle" } }} />
        <Tooltip labelFormatter={(v) => formatBucket(String(v), bucket)} formatter={(value) => (typeof value === "number" ? `${Math.round(value * 10) / 10}${unit}` : "—")} />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => {
          // A value without a neighbour draws no line segment: mark it with a dot so it shows. Later
          // series draw smaller dots, so equal values (p50 = p95 = p99 of one query) stay concentric rings.
          const lone = isolatedIndices(data, s.key);
          const radius = 3 + 1.5 * (series.length - 1 - i);
          return (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              dot={({ index, cx, cy }) => (lone.has(index) && cx !== undefined && cy !== undefined ? <circle key={`${s.key}-${index}`} className="lone-point" cx={cx} cy={cy} r={radius} fill={s.color} stroke="#fff" strokeWidth={1} /> : null)}
              connectNulls={false}
              isAnimationActive={false}
            />
          );
        })}
      </RechartsLineChart>
    </ResponsiveContainer>
  );
}
