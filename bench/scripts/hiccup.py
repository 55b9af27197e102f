#!/usr/bin/env python3
"""Hiccup meter: how long this machine stops a thread that only wants to run.

Spins on the monotonic clock for DURATION seconds and records every gap between two consecutive readings longer
than 200 us. A gap is time the thread did not run: preemption by other tasks, kernel work, or the hypervisor taking
the vCPU away (steal). Run it pinned and at the highest priority, so that only the last two remain:

    nice -n -20 taskset -c 1 python3 bench/scripts/hiccup.py 8

and again while the cores are busy (e.g. `nice -n 19 yes > /dev/null` per core) to see what load adds. The result is
the floor under any tail latency measured on the machine (docs/benchmarks.md, "Round 5").
"""
import sys
import time

duration = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0
start = time.perf_counter_ns()
end = start + int(duration * 1e9)
last = start
gaps = []
while True:
    now = time.perf_counter_ns()
    if now - last > 200_000:
        gaps.append(now - last)
    last = now
    if now > end:
        break

gaps.sort()
total = sum(gaps)
print(f"gaps>200us: {len(gaps)}, total {total / 1e6:.1f} ms of {duration * 1000:.0f} ms ({100 * total / duration / 1e9:.2f}%), "
      f"max {gaps[-1] / 1e6 if gaps else 0:.2f} ms, >1ms: {sum(1 for g in gaps if g > 1e6)}, >3ms: {sum(1 for g in gaps if g > 3e6)}")
