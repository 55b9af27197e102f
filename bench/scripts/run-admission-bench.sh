#!/usr/bin/env bash
# Issue 5: admission benchmarks, side by side, in one run (docs/benchmarks.md, "Admission of what devices send").
#
#  sec-q0    secured throughput, QoS 0, 2,000 idle devices over mutual TLS: Palisade with identity, topic authorisation,
#            HMAC envelope required, anti-replay and a JSON Schema (palisade-sec) vs Mosquitto 2.0 with mutual TLS and
#            an ACL file only (mosquitto). Both get the same signed JSON telemetry.            target: ratio >= 1.0
#  hmac-q0   Palisade verifying the HMAC envelope (+ anti-replay), signed load (palisade-hmac) vs Palisade with integrity
#            off, the same JSON telemetry unsigned (palisade-plain); no schema in either.    target: ratio >= 0.9
#  ctl-idle  control-command latency on an idle node: an application sends commands at a fixed modest rate to idle
#            devices (QoS 1), nothing else runs; mosquitto and palisade-sec
#  ctl-load  the same while bulk telemetry (2 signed QoS 0 publishers, unthrottled) saturates the node
#                                                                 target: p99 <= 5 ms and <= 3 x the idle p99
#  dur-sqlite durable QoS 1 ingest, signed telemetry from 4 devices, store SQLite (palisade-sec + store)  >= 50,000 msg/s
#  dur-pg     the same into PostgreSQL (a private cluster started by this script, or PG_CONNECTION_STRING)
#
# Every point: a fresh broker process (and a fresh copy of the provisioned data folder, a fresh database); scenarios
# interleaved, the broker order flipped every repetition; medians over --reps (3 for published numbers).
#
# Usage: bench/scripts/run-admission-bench.sh [--reps N] [--duration S] [--warmup S] [--idle N] [--out DIR] [--quick]
#                                             [--scenarios "sec-q0 hmac-q0 ctl-idle ctl-load dur-sqlite dur-pg"]
#                                             [--control-rate N] [--bulk-publishers N] [--hmac-publishers N] [--presign N]
#                                             [--e2e-window N]
# Environment: MOSQUITTO=/path, PALISADE_DLL=/path/palisade.dll, PG_CONNECTION_STRING (use this PostgreSQL instead of
#              a private cluster; each point then uses the database as it is), MOSQUITTO_EXTRA_CONF, PALISADE_EXTRA_ENV,
#              BROKER_CPUS / LOADGEN_CPUS (taskset CPU lists: e.g. 1 and 0 give the broker a core of its own, away from
#              the generator), ONLY_BROKERS (e.g. "palisade-sec": skip the other broker of each scenario)
# Results: bench/results/<date>-admission/ : summary.md, results.jsonl/json, machine, raw/ (logs, git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REPS=3
DURATION=6
WARMUP=2
IDLE=2000
CONTROL_RATE=100
CONTROL_DEVICES=10
BULK_PUBLISHERS=2
HMAC_PUBLISHERS=1
DURABLE_PUBLISHERS=4
# Packets each publisher encodes and signs before the load starts (PresignedPublishSource): in the field a device
# signs on its own CPU, here the generator shares the broker's two cores. QoS 0 publishers send up to ~300k msg/s
# over warm-up + window; the durable (QoS 1) publishers far fewer. 0 = sign while sending (the round-2 method).
PRESIGN=2500000
# QoS 0 throughput points (sec-q0, hmac-q0): at most this many messages between publish and delivery (the generator's
# end-to-end window), so a point measures the rate a broker sustains without dropping rather than how fast it can
# accept and then shed; 0 = unthrottled (the round-2 method, where both brokers drop).
E2E_WINDOW=0
OUT_ROOT="$ROOT/bench/results"
SCENARIOS="sec-q0 hmac-q0 ctl-idle ctl-load dur-sqlite dur-pg"
MOSQUITTO="${MOSQUITTO:-$(command -v mosquitto || echo /usr/sbin/mosquitto)}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
SCHEMA="${SCHEMA:-$ROOT/samples/schemas/telemetry.schema.json}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --reps) REPS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --out) OUT_ROOT="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --control-rate) CONTROL_RATE="$2"; shift 2 ;;
    --bulk-publishers) BULK_PUBLISHERS="$2"; shift 2 ;;
    --hmac-publishers) HMAC_PUBLISHERS="$2"; shift 2 ;;
    --presign) PRESIGN="$2"; shift 2 ;;
    --e2e-window) E2E_WINDOW="$2"; shift 2 ;;
    --quick) REPS=1; DURATION=3; WARMUP=1; IDLE=200; PRESIGN=1200000; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
OUT="$OUT_ROOT/$STAMP-admission"
WORK="$(mktemp -d /tmp/palisade-admission.XXXXXX)"
chmod 755 "$WORK"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
BROKER_PID=""
PG_STARTED=""
RAW="$OUT/raw"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cleanup() {
  stop_broker
  if [[ -n "$PG_STARTED" ]]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true; fi
  mkdir -p "$RAW"
  cp "$WORK"/*.log "$WORK"/*.err "$WORK"/*.out "$WORK"/mosquitto.conf "$WORK"/acl "$RAW"/ 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- Palisade settings per variant (the only place that names admission options; docs/admission.md) ----------------
# Keys: Palisade:Admission (src/Palisade/Edge/Admission/AdmissionOptions.cs), Palisade:Telemetry (the durable store).
COMMON_ENV=(
  "PALISADE__IDENTITY__ENABLED=true"
  "PALISADE__LISTENERS__WEBSOCKET__ENABLED=false"
  "PALISADE__LISTENERS__PLAINTCP__ENABLED=false" "PALISADE__LISTENERS__TLS__ENABLED=true" "PALISADE__LISTENERS__TLS__ADDRESS=127.0.0.1"
)
# Rate limits stay ON (the stage runs for every publish) but are raised for this benchmark, and only here: the load is
# one device publishing as fast as the broker takes it (the default allows 1,000 msg/s per device), and the 2,000
# devices connect from 4 loopback addresses (the default allows 10 attempts/s, burst 100, per address). Mosquitto has
# neither limit. Stated in docs/benchmarks.md.
COMMON_ENV+=(
  "PALISADE__ADMISSION__RATELIMITS__PARTICIPANTS__bench__MESSAGESPERSECOND=100000000"
  "PALISADE__ADMISSION__RATELIMITS__PARTICIPANTS__bench__MESSAGEBURST=100000000"
  "PALISADE__ADMISSION__RATELIMITS__PARTICIPANTS__bench__BYTESPERSECOND=100000000000"
  "PALISADE__ADMISSION__RATELIMITS__PARTICIPANTS__bench__BYTEBURST=100000000000"
  "PALISADE__ADMISSION__RATELIMITS__CONNECTIONATTEMPTSPERSECOND=100000"
  "PALISADE__ADMISSION__RATELIMITS__CONNECTIONATTEMPTBURST=100000"
)
INTEGRITY_ENV=("PALISADE__ADMISSION__INTEGRITY__REQUIREDFORPARTICIPANTS__0=bench")
# Topic class keys in lower case (the env provider keeps the variable's case and the validator wants "telemetry").
SCHEMA_ENV=("PALISADE__ADMISSION__TOPICCLASSES__telemetry__JSONSCHEMA=$SCHEMA")
variant_env() { # variant -> extra PALISADE__ settings, one per line
  case "$1" in
    palisade-sec) printf '%s\n' "${INTEGRITY_ENV[@]}" "${SCHEMA_ENV[@]}" ;;
    palisade-hmac) printf '%s\n' "${INTEGRITY_ENV[@]}" ;;
    palisade-plain) ;;  # admission at its defaults: nothing required, no schema
    palisade-sqlite) printf '%s\n' "${INTEGRITY_ENV[@]}" "${SCHEMA_ENV[@]}" "PALISADE__TELEMETRY__STORE=sqlite" ;;
    palisade-pg) printf '%s\n' "${INTEGRITY_ENV[@]}" "${SCHEMA_ENV[@]}" "PALISADE__TELEMETRY__STORE=postgres" "PALISADE__TELEMETRY__CONNECTIONSTRING=$(pg_connection "$2")" ;;
    *) echo "unknown variant $1" >&2; return 1 ;;
  esac
}

brokers_of() { # scenario -> the two (or one) brokers compared, baseline first
  case "$1" in
    sec-q0|ctl-idle|ctl-load) echo "mosquitto palisade-sec" ;;
    hmac-q0) echo "palisade-plain palisade-hmac" ;;
    dur-sqlite) echo "palisade-sqlite" ;;
    dur-pg) echo "palisade-pg" ;;
    *) echo "unknown scenario $1" >&2; return 1 ;;
  esac
}

scenario_args() { # scenario broker -> load generator arguments
  local signed=(--payload-kind telemetry --envelope prefix --key-dir "$KEYS")
  local presign=(--presign "$PRESIGN")
  local q0=(--qos 0 --e2e-window "$E2E_WINDOW")
  case "$1" in
    sec-q0) echo "${signed[*]} ${presign[*]} ${q0[*]} --publishers 1 --subscribers 1 --idle $IDLE" ;;
    hmac-q0)
      if [[ $2 == palisade-plain ]]; then echo "--payload-kind telemetry ${presign[*]} ${q0[*]} --publishers $HMAC_PUBLISHERS --subscribers 1 --idle $IDLE"
      else echo "${signed[*]} ${presign[*]} ${q0[*]} --publishers $HMAC_PUBLISHERS --subscribers 1 --idle $IDLE"; fi ;;
    # The bulk process of the control scenarios (the probe's own arguments are in run_point).
    ctl-idle) echo "--publishers 0 --subscribers 0" ;;
    ctl-load) echo "${signed[*]} ${presign[*]} --qos 0 --publishers $BULK_PUBLISHERS --subscribers 1" ;;
    dur-sqlite|dur-pg) echo "${signed[*]} --presign $((PRESIGN / 6)) --qos 1 --inflight 1000 --publishers $DURABLE_PUBLISHERS --subscribers 0 --idle 0" ;;
  esac
}

log "building (Release)"
dotnet build "$ROOT/bench/Palisade.LoadGen/Palisade.LoadGen.csproj" -c Release -v q -nologo >&2
dotnet build "$ROOT/bench/Palisade.BenchProvision/Palisade.BenchProvision.csproj" -c Release -v q -nologo >&2
LOADGEN_DLL="$ROOT/bench/Palisade.LoadGen/bin/Release/net10.0/palisade-loadgen.dll"
PROVISION_DLL="$ROOT/bench/Palisade.BenchProvision/bin/Release/net10.0/palisade-bench-provision.dll"
PALISADE_DLL="${PALISADE_DLL:-$ROOT/bench/Palisade.BenchProvision/bin/Release/net10.0/palisade.dll}"
read -r -a PALISADE_EXTRA <<< "${PALISADE_EXTRA_ENV:-}"
# Optional CPU pinning (both brokers alike; Mosquitto through lib.sh's start_mosquitto).
BROKER_PIN=(); LOADGEN_PIN=()
if [[ -n "${BROKER_CPUS:-}" ]]; then BROKER_PIN=(taskset -c "$BROKER_CPUS"); fi
if [[ -n "${LOADGEN_CPUS:-}" ]]; then LOADGEN_PIN=(taskset -c "$LOADGEN_CPUS"); fi
[[ -f "$SCHEMA" ]] || { echo "no $SCHEMA (the validity stage's sample schema)" >&2; exit 1; }

# --- 1. Provisioning through the palisade CLI ----------------------------------------------------------------------
DATA="$WORK/data"
CERTS="$WORK/certs"
KEYS="$WORK/keys"
TLSDIR="$WORK/tls"
mkdir -p "$DATA" "$TLSDIR" "$KEYS" && chmod 700 "$DATA"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -addext "extendedKeyUsage=serverAuth" \
  -keyout "$TLSDIR/server.key" -out "$TLSDIR/server.crt" 2>/dev/null
install -m 600 "$TLSDIR/server.key" "$DATA/server.key"
install -m 644 "$TLSDIR/server.crt" "$DATA/server.crt"
PUBS=$(( BULK_PUBLISHERS > DURABLE_PUBLISHERS ? BULK_PUBLISHERS : DURABLE_PUBLISHERS ))
PUBS=$(( HMAC_PUBLISHERS > PUBS ? HMAC_PUBLISHERS : PUBS ))
log "provisioning participant bench: $IDLE idle devices + $PUBS publishers with certificates and HMAC keys, sub, ctl, applications benchsub and benchctl"
{
  echo "participant add bench --data $DATA"
  for ((i = 0; i < IDLE; i++)); do echo "device add dev$i --participant bench --out $CERTS --data $DATA"; done
  for ((i = 0; i < PUBS; i++)); do echo "device add pub$i --participant bench --out $CERTS --data $DATA"; done
  # Mosquitto's subscriber and control application need certificates (require_certificate is per listener).
  echo "device add sub --participant bench --out $CERTS --data $DATA"
  echo "device add ctl --participant bench --out $CERTS --data $DATA"
  echo "app add benchsub --participant bench --grant subscribe:telemetry --data $DATA"
  echo "app add benchctl --participant bench --grant publish:commands --data $DATA"
} > "$WORK/provision.cmds"
PROV_START=$(date +%s.%N)
dotnet "$PROVISION_DLL" < "$WORK/provision.cmds" > "$WORK/provision.out" 2> "$WORK/provision.err"
tail -1 "$WORK/provision.err" >&2
mapfile -t APP_SECRETS < <(sed -n 's/^secret: //p' "$WORK/provision.out")
[[ ${#APP_SECRETS[@]} -eq 2 ]] || { echo "expected 2 application secrets in the provisioning output" >&2; exit 1; }
SUB_SECRET="${APP_SECRETS[0]}"
CTL_SECRET="${APP_SECRETS[1]}"
# HMAC envelope keys (hs256), one per device, through `palisade device key add`: the CLI writes each secret to
# <out>/<kid>.key (0600, base64url; never printed); the load generator reads the publishers' keys as
# $KEYS/<device>.hmac ("KID SECRET").
KEYS_NOTE="hs256, registered with palisade device key add"
if dotnet "$PALISADE_DLL" device --help 2>/dev/null | grep -Eq '^\s+key\b'; then
  {
    for ((i = 0; i < IDLE; i++)); do echo "device key add dev$i --participant bench --alg hs256 --out $KEYS/raw/dev$i --data $DATA"; done
    for ((i = 0; i < PUBS; i++)); do echo "device key add pub$i --participant bench --alg hs256 --out $KEYS/raw/pub$i --data $DATA"; done
  } > "$WORK/keys.cmds"
  dotnet "$PROVISION_DLL" --mark < "$WORK/keys.cmds" > "$WORK/keys.out" 2> "$WORK/keys.err" || { tail -5 "$WORK/keys.err" >&2; exit 1; }
  tail -1 "$WORK/keys.err" >&2
  for ((i = 0; i < PUBS; i++)); do
    keyfile="$(ls "$KEYS/raw/pub$i"/*.key)"
    echo "$(basename "$keyfile" .key) $(cat "$keyfile")" > "$KEYS/pub$i.hmac"
  done
else
  # Development only: a palisade without the key CLI cannot verify envelopes either; the load is still signed.
  KEYS_NOTE="NOT registered: this palisade has no 'device key add' (keys made locally, nothing verifies them)"
  log "WARNING: $KEYS_NOTE"
  for ((i = 0; i < PUBS; i++)); do echo "bench-k1 $(openssl rand -hex 32)" > "$KEYS/pub$i.hmac"; done
fi
PROV_S=$(python3 -c "print(round($(date +%s.%N) - $PROV_START, 1))")
chmod 755 "$CERTS" "$TLSDIR"; chmod 644 "$CERTS"/* "$TLSDIR"/*   # Mosquitto drops privileges; throw-away temp folder
log "provisioned in $PROV_S s (every command through palisade's CLI entry point, one process per pass)"

# --- 2. Mosquitto: same CA, same certificates, an ACL file ----------------------------------------------------------
{
  echo "pattern write p/bench/d/%u/telemetry/#"
  echo "pattern read p/bench/d/%u/commands/#"
  echo ""
  echo "user sub"
  echo "topic read p/bench/d/+/telemetry/#"
  echo ""
  echo "user ctl"
  echo "topic write p/bench/d/+/commands/#"
} > "$WORK/acl"
chmod 644 "$WORK/acl"

# start_mosquitto PORT: lib.sh (Mosquitto with mutual TLS and $WORK/acl, as for Palisade).

# --- PostgreSQL: a private cluster on a free port, a fresh database per point ---------------------------------------
PG_PORT=""
start_postgres() {
  [[ -n "${PG_CONNECTION_STRING:-}" || -n "$PG_STARTED" ]] && return 0
  [[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL not found (apt-get install -y postgresql) and no PG_CONNECTION_STRING" >&2; exit 1; }
  PG_PORT="$(free_port)"
  mkdir -p "$WORK/pg" && chown postgres "$WORK/pg" && chmod 700 "$WORK/pg"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
  # Defaults except where a benchmark needs them: loopback only, socket in the cluster folder; fsync and
  # synchronous_commit stay on (an acknowledged message must be durable).
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=50" start >/dev/null
  PG_STARTED=1
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}
pg_connection() { # port -> connection string of a fresh database for this point
  if [[ -n "${PG_CONNECTION_STRING:-}" ]]; then echo "$PG_CONNECTION_STRING"; return; fi
  runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "bench_$1" >/dev/null
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench_$1"
}

HTTP_PORT=""
start_palisade() { # variant port
  local data="$WORK/palisade-data-$2"
  cp -a "$DATA" "$data"
  local -a extra=()
  mapfile -t extra < <(variant_env "$1" "$2" | grep -v '^$')
  # The HTTP listener only for GET /metrics after the point (admission refusals, shed deliveries): no load on it.
  HTTP_PORT="$(free_port)"
  env "PALISADE__DATADIRECTORY=$data" "${COMMON_ENV[@]}" "PALISADE__LISTENERS__TLS__PORT=$2" \
      "PALISADE__LISTENERS__HTTP__ENABLED=true" "PALISADE__LISTENERS__HTTP__ADDRESS=127.0.0.1" "PALISADE__LISTENERS__HTTP__PORT=$HTTP_PORT" \
      "${extra[@]}" "${PALISADE_EXTRA[@]}" \
      "${BROKER_PIN[@]}" dotnet "$PALISADE_DLL" serve >> "$WORK/palisade.log" 2>&1 &
  BROKER_PID=$!
}

run_point() { # broker scenario rep
  local broker="$1" scenario="$2" rep="$3" port
  port="$(free_port)"
  if [[ $broker == mosquitto ]]; then start_mosquitto "$port"; else start_palisade "$broker" "$port"; fi
  if ! wait_listening "$port" "$BROKER_PID"; then
    log "$broker did not start listening on $port"; tail -20 "$WORK/palisade.log" "$WORK/mosquitto.log" >&2 2>/dev/null || true
    stop_broker
    echo "{\"scenario\":\"$scenario\",\"broker\":\"$broker\",\"rep\":$rep,\"failed\":\"broker did not start\"}" >> "$RESULTS"
    return 0
  fi
  local -a who
  if [[ $broker == mosquitto ]]; then
    who=(--sub-client-id sub --sub-cert "$CERTS/sub.crt" --sub-key "$CERTS/sub.key"
         --ctl-client-id ctl --ctl-cert "$CERTS/ctl.crt" --ctl-key "$CERTS/ctl.key")
  else
    who=(--sub-client-id benchsub --sub-username benchsub --sub-password "$SUB_SECRET"
         --ctl-client-id benchctl --ctl-username benchctl --ctl-password "$CTL_SECRET")
  fi
  local json="$WORK/point.json" rc=0
  rm -f "$json" "$WORK/bulk.json"
  local load_before; load_before="$(cut -d' ' -f1 /proc/loadavg)"
  local -a common=(--port "$port" --tls --cafile "$TLSDIR/server.crt" --server-name localhost
    --pub-cert-dir "$CERTS" --pub-id-format 'pub{0}' --topic 'p/bench/d/{id}/telemetry/load'
    "${who[@]}" --cert-dir "$CERTS" --idle-topic 'p/bench/d/dev{0}/commands/#' --control-topic 'p/bench/d/dev{0}/commands/setpoint'
    --source-addresses 4 --connect-concurrency 200 --broker-pid "$BROKER_PID" --label "$broker")
  if [[ $scenario == ctl-* ]]; then
    # Two generator processes, so the probe's latency is not queued behind the bulk load inside one process:
    # A holds devices dev$CONTROL_DEVICES.. (and, in ctl-load, runs the bulk telemetry); once A's load runs, B connects
    # dev0..dev$((CONTROL_DEVICES - 1)) and the control application and measures the commands.
    local bulk_pid
    # shellcheck disable=SC2046
    timeout 400 "${LOADGEN_PIN[@]}" dotnet "$LOADGEN_DLL" "${common[@]}" --idle $((IDLE - CONTROL_DEVICES)) --idle-offset "$CONTROL_DEVICES" \
      --duration $((WARMUP + DURATION + 12)) --warmup 1 --scenario "$scenario-bulk" --output "$WORK/bulk.json" \
      $(scenario_args "$scenario" "$broker") 2> "$WORK/bulk.err" &
    bulk_pid=$!
    for _ in $(seq 1 2400); do
      grep -q "^load running" "$WORK/bulk.err" 2>/dev/null && break
      kill -0 "$bulk_pid" 2>/dev/null || break
      sleep 0.1
    done
    timeout 300 "${LOADGEN_PIN[@]}" dotnet "$LOADGEN_DLL" "${common[@]}" --idle "$CONTROL_DEVICES" --publishers 0 --subscribers 0 \
      --control-rate "$CONTROL_RATE" --control-devices "$CONTROL_DEVICES" \
      --duration "$DURATION" --warmup "$WARMUP" --scenario "$scenario" --output "$json" 2> "$WORK/loadgen.err" || rc=$?
    wait "$bulk_pid" 2>/dev/null || true
    tail -n 8 "$WORK/bulk.err" | sed "s/^/    bulk: /" >&2
    { echo "=== $broker $scenario-bulk rep $rep"; cat "$WORK/bulk.err"; } >> "$WORK/loadgen-all.log"
  else
    # shellcheck disable=SC2046
    timeout 300 "${LOADGEN_PIN[@]}" dotnet "$LOADGEN_DLL" "${common[@]}" --duration "$DURATION" --warmup "$WARMUP" --scenario "$scenario" \
      --output "$json" $(scenario_args "$scenario" "$broker") 2> "$WORK/loadgen.err" || rc=$?
  fi
  tail -n 12 "$WORK/loadgen.err" | sed "s/^/    /" >&2
  { echo "=== $broker $scenario rep $rep (exit $rc)"; cat "$WORK/loadgen.err"; } >> "$WORK/loadgen-all.log"
  local alive=true
  kill -0 "$BROKER_PID" 2>/dev/null || alive=false
  local metrics="{}"
  if [[ $broker != mosquitto && $alive == true ]]; then
    rm -f "$WORK/metrics.txt"
    curl -s --max-time 5 "http://127.0.0.1:$HTTP_PORT/metrics" -o "$WORK/metrics.txt" \
      || curl -sk --max-time 5 "https://127.0.0.1:$HTTP_PORT/metrics" -o "$WORK/metrics.txt" || true
    metrics="$(python3 "$ROOT/bench/scripts/prom_to_json.py" "$WORK/metrics.txt")"
    echo "    palisade metrics: $metrics" >&2
  fi
  local bulk="null"
  if [[ -s "$WORK/bulk.json" ]]; then bulk="$(jq -c '{throughput, delivery, idle, cpu, problems}' "$WORK/bulk.json")"; fi
  if [[ -s "$json" ]]; then
    jq -c --argjson rep "$rep" --argjson rc "$rc" --argjson alive "$alive" --arg load "$load_before" --argjson metrics "$metrics" --argjson bulk "$bulk" \
      '. + {rep: $rep, exit_code: $rc, broker_alive_at_end: $alive, load_average_1m: ($load | tonumber), palisade_metrics: $metrics, bulk_run: $bulk}
         | if $bulk != null and ($bulk.problems | length) > 0 then .problems += ($bulk.problems | map("bulk process: " + .)) else . end
         | if $alive then . else .problems += ["the broker process was gone when the load generator finished"] end' \
      "$json" >> "$RESULTS"
  else
    echo "{\"scenario\":\"$scenario\",\"broker\":\"$broker\",\"rep\":$rep,\"failed\":\"load generator exit $rc\"}" >> "$RESULTS"
  fi
  stop_broker
  rm -rf "$WORK/palisade-data-$port"
}

if [[ " $SCENARIOS " == *" dur-pg "* ]]; then start_postgres; fi

{
  echo "date_utc=$STAMP"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "mem_kib=$(grep MemTotal /proc/meminfo | awk '{print $2}')"
  echo "kernel=$(uname -r)"
  echo "mosquitto=$("$MOSQUITTO" -h 2>/dev/null | head -1 || true)"
  echo "openssl=$(openssl version)"
  echo "postgres=$([[ -x "$PG_BIN/postgres" ]] && "$PG_BIN/postgres" --version || echo none)"
  echo "dotnet=$(dotnet --version)"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n "$(git -C "$ROOT" status --porcelain -- src bench ':!bench/results' 2>/dev/null)" ]] && echo "+dirty")"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "uptime_before=$(uptime)"
  echo "provisioning_s=$PROV_S (participant + $IDLE idle devices + $PUBS publishers, each with certificate and HMAC key, + sub, ctl, 2 applications)"
  extra_conf="${MOSQUITTO_EXTRA_CONF:-}"
  echo "mosquitto_extra_conf=${extra_conf//$'\n'/; }"
  echo "palisade_extra_env=${PALISADE_EXTRA_ENV:-}"
  echo "envelope_keys=$KEYS_NOTE"
  echo "settings=reps $REPS, duration $DURATION s, warm-up $WARMUP s, idle $IDLE over mutual TLS, MQTT 3.1.1, envelope prefix HMAC-SHA256, control $CONTROL_RATE commands/s to $CONTROL_DEVICES devices, $BULK_PUBLISHERS bulk publishers, $HMAC_PUBLISHERS hmac-q0 publishers, $DURABLE_PUBLISHERS durable publishers, pre-encoded packets per publisher $PRESIGN (QoS 0) / $((PRESIGN / 6)) (QoS 1), end-to-end window of the QoS 0 throughput points $E2E_WINDOW (0 = unthrottled)"
  echo "pinning=broker CPUs ${BROKER_CPUS:-any}, generator CPUs ${LOADGEN_CPUS:-any}${ONLY_BROKERS:+, only $ONLY_BROKERS}"
} > "$OUT/machine"

START=$(date +%s)
for rep in $(seq 1 "$REPS"); do
  for scenario in $SCENARIOS; do
    read -r -a order <<< "$(brokers_of "$scenario")"
    if (( rep % 2 == 0 )) && (( ${#order[@]} == 2 )); then order=("${order[1]}" "${order[0]}"); fi
    for broker in "${order[@]}"; do
      if [[ -n "${ONLY_BROKERS:-}" && " $ONLY_BROKERS " != *" $broker "* ]]; then continue; fi
      log "rep $rep/$REPS  $scenario  $broker  (load $(cut -d' ' -f1-3 /proc/loadavg))"
      run_point "$broker" "$scenario" "$rep"
    done
  done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine"
echo "uptime_after=$(uptime)" >> "$OUT/machine"
echo "elapsed_s=$(( $(date +%s) - START ))" >> "$OUT/machine"

python3 "$ROOT/bench/scripts/summarise.py" --admission "$RESULTS" "$OUT/machine" > "$OUT/summary.md"
log "done in $(( $(date +%s) - START )) s: $OUT/summary.md"
cat "$OUT/summary.md"
