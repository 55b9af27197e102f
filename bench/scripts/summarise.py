#!/usr/bin/env python3
"""Summarise a run-broker-bench.sh run: medians per scenario and broker, Palisade/Mosquitto ratios.

Usage: summarise.py RESULTS.jsonl MACHINE-FILE > RESULTS.md   (also writes RESULTS.json beside the .jsonl)
       summarise.py --admission RESULTS.jsonl MACHINE-FILE > summary.md   (run-admission-bench.sh: issue 5 targets)
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


# --- run-admission-bench.sh (issue 5) ---------------------------------------------------------------------------

def admission_main(results_path, machine_path):
    machine = dict(line.split("=", 1) for line in Path(machine_path).read_text().splitlines() if "=" in line)
    runs = [json.loads(line) for line in Path(results_path).read_text().splitlines() if line.strip()]
    for r in runs:  # totals from Palisade's /metrics after the point (run-admission-bench.sh), None for Mosquitto
        metrics = r.get("palisade_metrics")
        if isinstance(metrics, dict) and r.get("broker") != "mosquitto":
            refused = metrics.get("palisade_broker_messages_refused_total")
            if refused is None:
                refused = sum(v for k, v in metrics.items() if k.startswith("palisade_admission_refused"))
            r["derived"] = {
                "refused": refused,
                "shed": sum(v for k, v in metrics.items() if k.startswith("palisade_broker_deliveries_shed")),
            }
    ok = [r for r in runs if not r.get("failed")]

    def vals(scenario, broker, path):
        return [v for r in ok if r.get("scenario") == scenario and r.get("broker") == broker
                for v in [get(r, path)] if v is not None]

    def med(scenario, broker, path):
        vs = vals(scenario, broker, path)
        return statistics.median(vs) if vs else None

    def cell(scenario, broker, path):
        vs = vals(scenario, broker, path)
        if not vs:
            return "n/a"
        spread = f" ({fmt(min(vs))}–{fmt(max(vs))}, n={len(vs)})" if len(vs) > 1 else " (n=1)"
        return fmt(statistics.median(vs)) + spread

    def ratio(a, b):
        return a / b if a is not None and b else None

    def verdict(value, target, higher=True):
        if value is None:
            return "not measured"
        met = value >= target if higher else value <= target
        return "**met**" if met else "**not met**"

    def refusals(*scenarios):
        """A point where Palisade refused publishes of the benchmark's valid load does not measure what it claims."""
        bad = [r for r in ok if r.get("scenario") in scenarios and (get(r, ("derived", "refused")) or 0) > 0]
        if not bad:
            return ""
        return (f" — INVALID: Palisade refused {sum(get(r, ('derived', 'refused')) for r in bad):,} publishes "
                f"in {len(bad)} point(s) (see results.jsonl palisade_metrics)")

    summary = {}
    rows = []
    delivered = ("throughput", "delivered_per_s")
    acked = ("throughput", "acked_per_s")
    p99 = ("control", "latency", "p99_us")

    m, p = med("sec-q0", "mosquitto", delivered), med("sec-q0", "palisade-sec", delivered)
    r = ratio(p, m)
    summary["secured_throughput_ratio"] = r
    rows.append(f"| (1) secured throughput, QoS 0, {machine.get('settings', '').split('idle ')[-1].split(' ')[0]} idle devices: "
                f"Palisade (mTLS + HMAC + anti-replay + schema + authorisation) / Mosquitto (mTLS + ACL) | "
                f"{cell('sec-q0', 'palisade-sec', delivered)} / {cell('sec-q0', 'mosquitto', delivered)} msg/s | "
                f"{fmt(r) if r is not None else 'n/a'} | >= 1.0 | {verdict(r, 1.0)}{refusals('sec-q0')} |")

    off, on = med("hmac-q0", "palisade-plain", delivered), med("hmac-q0", "palisade-hmac", delivered)
    r = ratio(on, off)
    summary["hmac_over_integrity_off"] = r
    rows.append(f"| (2) HMAC-verified / integrity off (Palisade, QoS 0) | "
                f"{cell('hmac-q0', 'palisade-hmac', delivered)} / {cell('hmac-q0', 'palisade-plain', delivered)} msg/s | "
                f"{fmt(r) if r is not None else 'n/a'} | >= 0.9 | {verdict(r, 0.9)}{refusals('hmac-q0')} |")

    for broker in ("palisade-sec", "mosquitto"):
        idle, load = med("ctl-idle", broker, p99), med("ctl-load", broker, p99)
        r = ratio(load, idle)
        summary[f"control_p99_{broker}"] = {"idle_us": idle, "load_us": load, "ratio": r}
        target = "<= 5 ms and <= 3 x idle" if broker == "palisade-sec" else "(comparison)"
        if broker == "palisade-sec":
            both = None if load is None or r is None else (load <= 5000 and r <= 3)
            v = ("not measured" if both is None else ("**met**" if both else "**not met**")) + refusals("ctl-idle", "ctl-load")
        else:
            v = "—"
        rows.append(f"| (3) control-command p99 under saturating bulk telemetry / idle node, {broker} | "
                    f"{cell('ctl-load', broker, p99)} / {cell('ctl-idle', broker, p99)} µs | "
                    f"{fmt(r) if r is not None else 'n/a'} | {target} | {v} |")

    sq = med("dur-sqlite", "palisade-sqlite", acked)
    summary["durable_sqlite_msg_per_s"] = sq
    rows.append(f"| (4) durable QoS 1 ingest into SQLite (acknowledged after commit) | {cell('dur-sqlite', 'palisade-sqlite', acked)} msg/s | — | >= 50,000 msg/s | {verdict(sq, 50000)}{refusals('dur-sqlite')} |")
    pg = med("dur-pg", "palisade-pg", acked)
    summary["durable_postgres_msg_per_s"] = pg
    rows.append(f"| (4) durable QoS 1 ingest into PostgreSQL | {cell('dur-pg', 'palisade-pg', acked)} msg/s | — | (reported) | —{refusals('dur-pg')} |")

    detail = []
    pairs = sorted({(r.get("scenario"), r.get("broker")) for r in runs if r.get("scenario")},
                   key=lambda sb: (["sec-q0", "hmac-q0", "ctl-idle", "ctl-load", "dur-sqlite", "dur-pg"].index(sb[0])
                                   if sb[0] in ["sec-q0", "hmac-q0", "ctl-idle", "ctl-load", "dur-sqlite", "dur-pg"] else 99, sb[1]))
    for scenario, broker in pairs:
        def f(path):
            v = med(scenario, broker, path)
            return fmt(v) if v is not None else "–"
        # The control scenarios' bulk load ran in a second generator process (bulk_run).
        b = ("bulk_run",) if scenario.startswith("ctl") else ()
        detail.append(f"| {scenario} | {broker} | {len(vals(scenario, broker, ('rep',)))} | {f(b + ('throughput', 'sent_per_s'))} | {f(b + delivered)} | {f(acked)} | "
                      f"{f(b + ('delivery', 'loss_ratio'))} | {f(('control', 'latency', 'p50_us'))} / {f(p99)} / {f(('control', 'latency', 'max_us'))} | "
                      f"{f(('control', 'lost'))} | {f(('idle', 'connects_per_s'))} | {f(('cpu', 'broker_percent'))} / {f(('cpu', 'load_gen_percent'))} | "
                      f"{f(('config', 'payload_bytes'))} | {f(('derived', 'refused'))} | {f(('derived', 'shed'))} | {f(('load_average_1m',))} |")

    problems = []
    for r in runs:
        for pr in r.get("problems", []) or []:
            problems.append(f"- {r.get('scenario')} / {r.get('broker')} / rep {r.get('rep')}: {pr}")
        if r.get("failed"):
            problems.append(f"- {r.get('scenario')} / {r.get('broker')} / rep {r.get('rep')}: FAILED: {r['failed']}")

    out = [f"# Admission benchmark (issue 5) {machine.get('date_utc', '')}", ""]
    out.append(f"Machine: {machine.get('nproc')} CPUs ({machine.get('cpu')}), {int(machine.get('mem_kib', '0')) // 1024} MiB RAM, "
               f"kernel {machine.get('kernel')}, .NET SDK {machine.get('dotnet')}, {machine.get('mosquitto')}, {machine.get('openssl')}, "
               f"{machine.get('postgres')}, commit {machine.get('commit')}.")
    out.append(f"Settings: {machine.get('settings')}. Envelope keys: {machine.get('envelope_keys')}.")
    out.append(f"Load average before {machine.get('load_before')}, after {machine.get('load_after')}; elapsed {machine.get('elapsed_s')} s; "
               f"provisioning {machine.get('provisioning_s')}.")
    out.append("")
    out.append("Medians over the repetitions (min–max, n).")
    out.append("")
    out.append("| target | measured (candidate / baseline) | ratio | target | verdict |")
    out.append("|---|---|---|---|---|")
    out.extend(rows)
    out.append("")
    out.append("Every point (medians): sent, delivered and acknowledged msg/s; share of deliveries missing; control latency "
               "p50 / p99 / max µs and commands lost; idle connects/s; CPU % of one core broker / generator; payload bytes; "
               "Palisade's admission refusals and shed deliveries over the whole point (its /metrics); "
               "1-minute load average when the point started.")
    out.append("")
    out.append("| scenario | broker | n | sent/s | delivered/s | acked/s | missing | control p50 / p99 / max µs | control lost | connects/s | CPU broker / gen | payload B | refused | shed | load |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    out.extend(detail)
    codes = sorted({k for r in runs for k, v in (r.get("palisade_metrics") or {}).items()
                    if k.startswith("palisade_admission_refused") or k.startswith("palisade_broker_deliveries")})
    if codes:
        out.append("")
        out.append("Palisade counters seen (non-zero in at least one point): " + ", ".join(f"`{c}`" for c in codes))
    out.append("")
    out.append("Problems reported by the load generator:" if problems else "No problems reported by the load generator.")
    out.extend(problems)
    print("\n".join(out))
    Path(results_path).with_suffix(".json").write_text(json.dumps(
        {"machine": machine, "summary": summary, "runs": runs}, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--admission":
        admission_main(sys.argv[2], sys.argv[3])
    else:
        main()
