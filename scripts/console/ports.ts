/**
 * Ports for `npm start`. A port the person chose (an environment variable) is used or the
 * start fails saying who holds it and what to do; a default that is busy (a second console
 * on this machine, a test run) moves to the next free one and says so.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import net from "node:net";

export class PortBusyError extends Error {}

export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Inodes of sockets listening on `port` (IPv4 and IPv6), from /proc/net. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, inode is the tenth field.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** "pid 1234: node …/next start" for the process listening on `port`, when this user may see it. */
export function describeListener(port: number): string | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = "";
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
        return `pid ${entry}: ${command.length > 120 ? `${command.slice(0, 117)}…` : command}`;
      }
    }
  }
  return null;
}

export interface PortChoice {
  port: number;
  /** Set when a default had to move. */
  notice?: string;
}

/**
 * `preferred` if free; else, when the person chose it (`explicit`), a PortBusyError naming
 * the holder and the variable to set; else the next free port after it.
 */
export async function choosePort(options: { what: string; variable: string; preferred: number; explicit: boolean; host?: string }): Promise<PortChoice> {
  const { what, variable, preferred, explicit, host } = options;
  if (await isPortFree(preferred, host)) return { port: preferred };
  let next = preferred + 1;
  while (next < preferred + 100 && !(await isPortFree(next, host))) next += 1;
  const holder = describeListener(preferred);
  if (explicit) {
    throw new PortBusyError(
      `Port ${preferred} (${variable}, ${what}) is busy${holder ? `: ${holder}` : ""}. Stop that program, or choose another port, e.g. ${variable}=${next} npm start`,
    );
  }
  return { port: next, notice: `Port ${preferred} (${what}) is busy${holder ? ` (${holder})` : ""}; using ${next}. Set ${variable} to choose.` };
}
