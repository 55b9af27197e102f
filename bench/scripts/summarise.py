#!/usr/bin/env python3
"""Summarise a run-broker-bench.sh run: medians per scenario and broker, Palisade/Mosquitto ratios.

Usage: summarise.py RESULTS.jsonl MACHINE-FILE > RESULTS.md   (also writes RESULTS.json beside the .jsonl)
"""
import json
import statistics
import sys
from pathlib import Path

# (scenario, label, how to read it from one run, unit, which direction is better)
METRICS = [
    ("a-q0", "delivered msg/s, 1 pub -> 1 sub, QoS 0", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("a-q0", "share of deliveries missing (dropped by the broker, or never read from the publisher)", ("delivery", "loss_ratio"), "ratio", "lower"),
    ("a-q1", "delivered msg/s, 1 pub -> 1 sub, QoS 1, no loss (end-to-end window 1000)", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("a-lat", "end-to-end latency p50, QoS 1 at a fixed rate", ("latency", "p50_us"), "us", "lower"),
    ("a-lat", "end-to-end latency p99, QoS 1 at a fixed rate", ("latency", "p99_us"), "us", "lower"),
    ("a-lat", "end-to-end latency max, QoS 1 at a fixed rate", ("latency", "max_us"), "us", "lower"),
    ("b-fanout", "delivered msg/s (all subscribers), 1 pub -> 100 subs, QoS 0", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("b-fanout", "share of deliveries missing (dropped by the broker, or never read from the publisher)", ("delivery", "loss_ratio"), "ratio", "lower"),
    ("a-q0-idle2k", "delivered msg/s, 1 pub -> 1 sub, QoS 0, 2,000 idle devices", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("a-q0-idle2k", "share of deliveries missing", ("delivery", "loss_ratio"), "ratio", "lower"),
    ("a-q1-idle2k", "delivered msg/s, 1 pub -> 1 sub, QoS 1, 2,000 idle devices", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("a-q0-idle10k", "delivered msg/s, 1 pub -> 1 sub, QoS 0, 10,000 idle devices", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("a-q0-idle10k", "share of deliveries missing", ("delivery", "loss_ratio"), "ratio", "lower"),
    ("c-idle", "broker RSS per idle connection", ("broker_memory", "per_idle_connection_kib"), "KiB", "lower"),
    ("c-idle", "delivered msg/s, QoS 1 as a-q1, with the idle fleet connected", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("c-idle", "idle connections opened per second", ("idle", "connects_per_s"), "conn/s", "higher"),
    # run-mtls-bench.sh (issue 3): every connection over mutual TLS, 2,000 idle devices with their own certificates.
    ("mtls-q0", "delivered msg/s, 1 pub -> 1 sub, QoS 0, 2,000 idle devices, mutual TLS, identity + ACL", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("mtls-q0", "share of deliveries missing", ("delivery", "loss_ratio"), "ratio", "lower"),
    ("mtls-q0", "mutual-TLS handshakes/s (idle fleet: TCP + TLS + CONNACK + SUBACK)", ("idle", "connects_per_s"), "conn/s", "higher"),
    ("mtls-q1", "delivered msg/s, 1 pub -> 1 sub, QoS 1, e2e window 1000, 2,000 idle devices, mutual TLS, identity + ACL", ("throughput", "delivered_per_s"), "msg/s", "higher"),
    ("mtls-q1", "mutual-TLS handshakes/s (idle fleet: TCP + TLS + CONNACK + SUBACK)", ("idle", "connects_per_s"), "conn/s", "higher"),
]
CPU = [("cpu", "broker_percent"), ("cpu", "load_gen_percent")]


def get(run, path):
    value = run
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def fmt(x):
    if x is None:
        return "n/a"
    if abs(x) < 1 and x != 0:
        return f"{x:.4f}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.2f}"


def main():
    results_path = Path(sys.argv[1])
    machine = dict(line.split("=", 1) for line in Path(sys.argv[2]).read_text().splitlines() if "=" in line)
    runs = [json.loads(line) for line in results_path.read_text().splitlines() if line.strip()]
    brokers = sorted({r.get("broker") for r in runs if r.get("broker")}, key=lambda b: (b != "mosquitto", b))

    def values(scenario, broker, path):
        return [v for r in runs if r.get("scenario") == scenario and r.get("broker") == broker
                and not r.get("failed") for v in [get(r, path)] if v is not None]

    rows, summary = [], []
    for scenario, label, path, unit, better in METRICS:
        medians = {}
        cells = []
        for broker in brokers:
            vs = values(scenario, broker, path)
            med = statistics.median(vs) if vs else None
            medians[broker] = med
            spread = f" ({fmt(min(vs))}–{fmt(max(vs))}, n={len(vs)})" if len(vs) > 1 else (f" (n={len(vs)})" if vs else "")
            cells.append(fmt(med) + spread)
        ratio = None
        if medians.get("palisade") is not None and medians.get("mosquitto"):
            ratio = medians["palisade"] / medians["mosquitto"]
        if not any(m is not None for m in medians.values()):
            continue
        rows.append(f"| {scenario} | {label} | {unit} | " + " | ".join(cells)
                    + f" | {('%.2f' % ratio) if ratio is not None else 'n/a'} | {better} |")
        summary.append({"scenario": scenario, "metric": label, "unit": unit, "better": better,
                        "medians": medians, "palisade_over_mosquitto": ratio})

    cpu_rows = []
    for scenario in sorted({r.get("scenario") for r in runs if r.get("scenario")}):
        cells = []
        for broker in brokers:
            b = values(scenario, broker, ("cpu", "broker_percent"))
            g = values(scenario, broker, ("cpu", "load_gen_percent"))
            cells.append(f"{fmt(statistics.median(b)) if b else 'n/a'} / {fmt(statistics.median(g)) if g else 'n/a'}")
        cpu_rows.append(f"| {scenario} | " + " | ".join(cells) + " |")

    problems = []
    for r in runs:
        for p in r.get("problems", []) or []:
            problems.append(f"- {r.get('scenario')} / {r.get('broker')} / rep {r.get('rep')}: {p}")
        if r.get("failed"):
            problems.append(f"- {r.get('scenario')} / {r.get('broker')} / rep {r.get('rep')}: FAILED: {r['failed']}")

    out = []
    out.append(f"# Broker benchmark {machine.get('date_utc', '')}")
    out.append("")
    out.append(f"Machine: {machine.get('nproc')} CPUs ({machine.get('cpu')}), {int(machine.get('mem_kib', '0')) // 1024} MiB RAM, "
               f"kernel {machine.get('kernel')}, .NET SDK {machine.get('dotnet')}, {machine.get('mosquitto')}, commit {machine.get('commit')}.")
    out.append(f"Settings: {machine.get('settings')}; load average before {machine.get('load_before')}, after {machine.get('load_after')}; "
               f"elapsed {machine.get('elapsed_s')} s.")
    out.append("")
    out.append("Medians over the repetitions (min–max, n). Ratio = Palisade / Mosquitto; 'better' says which direction wins.")
    out.append("")
    out.append("| scenario | metric | unit | " + " | ".join(brokers) + " | ratio | better |")
    out.append("|---|---|---|" + "---|" * len(brokers) + "---|---|")
    out.extend(rows)
    out.append("")
    out.append("CPU during the measured window, median, % of one core: broker / load generator.")
    out.append("")
    out.append("| scenario | " + " | ".join(brokers) + " |")
    out.append("|---|" + "---|" * len(brokers))
    out.extend(cpu_rows)
    out.append("")
    out.append("Problems reported by the load generator:" if problems else "No problems reported by the load generator.")
    out.extend(problems)
    print("\n".join(out))

    results_path.with_suffix(".json").write_text(json.dumps(
        {"machine": machine, "summary": summary, "runs": runs}, indent=2) + "\n")


if __name__ == "__main__":
    main()
