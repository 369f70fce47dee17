import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // after "pid (comm) ": state is field 0; utime is 11, stime is 12
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size now, in MB. */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : 0;
}

/** Samples RSS every `everyMs` until stopped; returns the peak seen. */
export function sampleRss(pid: number, everyMs = 100): () => number {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* the process ended */
    }
  }, everyMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

export interface HeapPeak {
  /** Peak `heapUsed` (live objects and garbage not yet collected), MB. */
  heapUsedMb: number;
  /** Peak `heapTotal` (what V8 has reserved for the heap), MB. */
  heapTotalMb: number;
}

/**
 * Asks a child preloaded with `memory-probe` for `process.memoryUsage()` every `everyMs` until
 * stopped; returns the peaks seen (zeros when the child does not answer).
 */
export function sampleHeap(child: ChildProcess, everyMs = 100): () => HeapPeak {
  const peak: HeapPeak = { heapUsedMb: 0, heapTotalMb: 0 };
  const onMessage = (m: unknown) => {
    const message = m as { kind?: string; usage?: NodeJS.MemoryUsage };
    if (message?.kind !== 'bench:memory' || !message.usage) return;
    peak.heapUsedMb = Math.max(peak.heapUsedMb, message.usage.heapUsed / 2 ** 20);
    peak.heapTotalMb = Math.max(peak.heapTotalMb, message.usage.heapTotal / 2 ** 20);
  };
  child.on('message', onMessage);
  const ask = () => {
    if (child.connected) child.send('bench:memory');
  };
  ask();
  const timer = setInterval(ask, everyMs);
  return () => {
    clearInterval(timer);
    child.off('message', onMessage);
    return peak;
  };
}
