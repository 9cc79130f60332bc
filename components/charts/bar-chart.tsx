"use client";

import { Bar, BarChart as RechartsBarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBucket } from "./chart-theme";

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

/**
 * Bars per category or time bucket; `stacked` stacks the series. `colors` gives one colour per
 * category (for a single series such as queries by mode).
 */
export function SimpleBarChart({
  data,
  xKey,
  series,
  xLabel,
  yLabel,
  bucket,
  stacked = false,
  colors,
}: {
  data: Record<string, unknown>[];
  xKey: string;
  series: BarSeries[];
  xLabel: string;
  yLabel: string;
  bucket?: "hour" | "day";
  stacked?: boolean;
  colors?: string[];
}) {
  const format = bucket ? (v: unknown) => formatBucket(String(v), bucket) : (v: unknown) => String(v);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <RechartsBarChart data={data} margin={{ top: 4, right: 12, bottom: 18, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={xKey} tickFormatter={format} tick={{ fontSize: 11 }} minTickGap={16} label={{ value: xLabel, position: "insideBottom", offset: -10, fontSize: 11 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={52} label={{ value: yLabel, angle: -90, position: "insideLeft", fontSize: 11, style: { textAnchor: "middle" } }} />
        <Tooltip labelFormatter={format} />
        {series.length > 1 && <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={stacked ? "stack" : undefined} isAnimationActive={false}>
            {colors && data.map((_, i) => <Cell key={i} fill={colors[i % colors.length]} />)}
          </Bar>
        ))}
      </RechartsBarChart>
    </ResponsiveContainer>
  );
}
