import packageJson from "@/package.json";

export interface LivenessReport {
  status: "ok";
  uptimeSeconds: number;
  version: string;
}

/** That this process answers: it reads nothing it could wait on (database, queues), so it answers at once. */
export function liveness(): LivenessReport {
  return { status: "ok", uptimeSeconds: Math.round(process.uptime()), version: packageJson.version };
}
