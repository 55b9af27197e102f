#!/usr/bin/env bash
# Issue 3: secured throughput with 2,000 devices connected over mutual TLS, Palisade (identity on) side by side with
# Mosquitto 2.0 (require_certificate true, use_identity_as_username true, an ACL file), same certificates, same run.
#
# 1. A fresh Palisade data folder: participant `bench`, idle devices dev0..dev{N-1}, a publisher device `pub`, a
#    subscriber device `sub` (Mosquitto's subscriber) and an application `benchsub` with subscribe:telemetry
#    (Palisade's subscriber), all through the palisade CLI (run in one process by bench/Palisade.BenchProvision).
# 2. Mosquitto gets the platform CA as cafile, the same server certificate as Palisade, and an ACL confining each
#    device to p/bench/d/<its id>/telemetry (write) and p/bench/d/<its id>/commands (read).
# 3. Scenarios mtls-q0 (QoS 0) and mtls-q1 (QoS 1, end-to-end window 1000), 1 publisher -> 1 subscriber on
#    p/bench/d/pub/telemetry/load, with the idle fleet connected first over mutual TLS; interleaved, order flipped
#    every repetition, fresh broker (and a fresh copy of the data folder) per point.
#
# Usage: bench/scripts/run-mtls-bench.sh [--reps N] [--duration S] [--warmup S] [--idle N] [--out DIR] [--quick]
#                                        [--scenarios "mtls-q0 mtls-q1"]
# Environment: MOSQUITTO_EXTRA_CONF=$'max_queued_messages 10000' (extra global Mosquitto lines), MOSQUITTO=/path,
#              PALISADE_DLL=/path/palisade.dll (default: the one built beside the provisioner, from src/Palisade)
# Results: bench/results/<date>-mtls.md (medians, ratios, handshake rates), .json, .jsonl, .machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REPS=3
DURATION=6
WARMUP=2
IDLE=2000
OUT="$ROOT/bench/results"
SCENARIOS="mtls-q0 mtls-q1"
MOSQUITTO="${MOSQUITTO:-$(command -v mosquitto || echo /usr/sbin/mosquitto)}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --reps) REPS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --quick) REPS=1; DURATION=3; WARMUP=1; IDLE=200; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
WORK="$(mktemp -d /tmp/palisade-mtls.XXXXXX)"
chmod 755 "$WORK"
mkdir -p "$OUT"
BASE="$OUT/$STAMP-mtls"
RESULTS="$BASE.jsonl"
: > "$RESULTS"
BROKER_PID=""
RAW="$BASE.raw"
trap 'stop_broker; mkdir -p "$RAW"; cp "$WORK"/*.log "$WORK"/*.err "$WORK"/mosquitto.conf "$WORK"/acl "$RAW"/ 2>/dev/null || true; rm -rf "$WORK"' EXIT

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log "building (Release)"
dotnet build "$ROOT/bench/Palisade.LoadGen/Palisade.LoadGen.csproj" -c Release -v q -nologo >&2
dotnet build "$ROOT/bench/Palisade.BenchProvision/Palisade.BenchProvision.csproj" -c Release -v q -nologo >&2
LOADGEN_DLL="$ROOT/bench/Palisade.LoadGen/bin/Release/net10.0/palisade-loadgen.dll"
PROVISION_DLL="$ROOT/bench/Palisade.BenchProvision/bin/Release/net10.0/palisade-bench-provision.dll"
# The provisioner's output folder holds the palisade.dll it was built with (the same src/Palisade); serve with it.
PALISADE_DLL="${PALISADE_DLL:-$ROOT/bench/Palisade.BenchProvision/bin/Release/net10.0/palisade.dll}"

# --- 1. Provisioning ---------------------------------------------------------------------------------------------
DATA="$WORK/data"
CERTS="$WORK/certs"
# The server certificate (self-signed, P-256, for 127.0.0.1/localhost) both brokers present; Palisade reuses
# server.crt/server.key found in its data folder. Clients trust it directly (--cafile server.crt).
TLSDIR="$WORK/tls"   # readable copies for Mosquitto, which drops privileges (the data folder is 0700)
mkdir -p "$DATA" "$TLSDIR" && chmod 700 "$DATA"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -addext "extendedKeyUsage=serverAuth" \
  -keyout "$TLSDIR/server.key" -out "$TLSDIR/server.crt" 2>/dev/null
install -m 600 "$TLSDIR/server.key" "$DATA/server.key"
install -m 644 "$TLSDIR/server.crt" "$DATA/server.crt"
log "provisioning participant bench, $IDLE idle devices, pub, sub, application benchsub"
{
  echo "participant add bench --data $DATA"
  for ((i = 0; i < IDLE; i++)); do echo "device add dev$i --participant bench --out $CERTS --data $DATA"; done
  echo "device add pub --participant bench --out $CERTS --data $DATA"
  echo "device add sub --participant bench --out $CERTS --data $DATA"
  echo "app add benchsub --participant bench --grant subscribe:telemetry --data $DATA"
} > "$WORK/provision.cmds"
PROV_START=$(date +%s.%N)
dotnet "$PROVISION_DLL" < "$WORK/provision.cmds" > "$WORK/provision.out" 2> "$WORK/provision.err"
PROV_S=$(python3 -c "print(round($(date +%s.%N) - $PROV_START, 1))")
tail -1 "$WORK/provision.err" >&2
APP_SECRET="$(sed -n 's/^secret: //p' "$WORK/provision.out" | tail -1)"
[[ -n "$APP_SECRET" ]] || { echo "no application secret in provisioning output" >&2; exit 1; }
chmod 755 "$CERTS" "$TLSDIR"; chmod 644 "$CERTS"/* "$TLSDIR"/*   # Mosquitto drops privileges; throw-away temp folder
log "provisioned in $PROV_S s (one process, every command through palisade's CLI entry point)"

# --- 2. Mosquitto configuration -------------------------------------------------------------------------------------
{
  # Each device: publish only its own telemetry, subscribe only to its own commands (%u = certificate CN = device id).
  echo "pattern write p/bench/d/%u/telemetry/#"
  echo "pattern read p/bench/d/%u/commands/#"
  echo ""
  # The subscriber (Palisade: the application benchsub) reads every device's telemetry.
  echo "user sub"
  echo "topic read p/bench/d/+/telemetry/#"
} > "$WORK/acl"
chmod 644 "$WORK/acl"

# start_mosquitto PORT: lib.sh (Mosquitto with mutual TLS and $WORK/acl, as for Palisade).

start_palisade() { # port
  # Identity ON (the default), only the TLS listener (client certificates asked for: AllowCertificate, refusals at
  # CONNECT), on a fresh copy of the provisioned data folder so no session or audit state carries over.
  local data="$WORK/palisade-data-$1"
  cp -a "$DATA" "$data"
  env "PALISADE__DATADIRECTORY=$data" \
      "PALISADE__IDENTITY__ENABLED=true" \
      "PALISADE__LISTENERS__WEBSOCKET__ENABLED=false" "PALISADE__LISTENERS__HTTP__ENABLED=false" \
      "PALISADE__LISTENERS__PLAINTCP__ENABLED=false" \
      "PALISADE__LISTENERS__TLS__ENABLED=true" "PALISADE__LISTENERS__TLS__ADDRESS=127.0.0.1" "PALISADE__LISTENERS__TLS__PORT=$1" \
      dotnet "$PALISADE_DLL" serve >> "$WORK/palisade.log" 2>&1 &
  BROKER_PID=$!
}

scenario_args() {
  case "$1" in
    mtls-q0) echo "--qos 0" ;;
    mtls-q1) echo "--qos 1 --inflight 1000 --e2e-window 1000" ;;
    *) echo "unknown scenario $1" >&2; return 1 ;;
  esac
}

run_point() { # broker scenario rep
  local broker="$1" scenario="$2" rep="$3" port
  port="$(free_port)"
  "start_$broker" "$port"
  if ! wait_listening "$port" "$BROKER_PID"; then
    log "$broker did not start listening on $port"; tail -20 "$WORK/$broker.log" >&2 || true
    stop_broker
    echo "{\"scenario\":\"$scenario\",\"broker\":\"$broker\",\"rep\":$rep,\"failed\":\"broker did not start\"}" >> "$RESULTS"
    return 0
  fi
  local -a sub_args
  if [[ $broker == palisade ]]; then
    sub_args=(--sub-client-id benchsub --sub-username benchsub --sub-password "$APP_SECRET")
  else
    sub_args=(--sub-client-id sub --sub-cert "$CERTS/sub.crt" --sub-key "$CERTS/sub.key")
  fi
  local json="$WORK/point.json" rc=0
  rm -f "$json"
  # shellcheck disable=SC2046
  timeout 300 dotnet "$LOADGEN_DLL" --port "$port" --tls --cafile "$TLSDIR/server.crt" --server-name localhost \
    --publishers 1 --subscribers 1 --pub-client-id pub --pub-cert "$CERTS/pub.crt" --pub-key "$CERTS/pub.key" \
    "${sub_args[@]}" --topic p/bench/d/pub/telemetry/load \
    --idle "$IDLE" --cert-dir "$CERTS" --idle-topic 'p/bench/d/dev{0}/commands' --source-addresses 4 --connect-concurrency 200 \
    --duration "$DURATION" --warmup "$WARMUP" --broker-pid "$BROKER_PID" --label "$broker" --scenario "$scenario" \
    --output "$json" $(scenario_args "$scenario") 2> "$WORK/loadgen.err" || rc=$?
  tail -n 12 "$WORK/loadgen.err" | sed "s/^/    /" >&2
  { echo "=== $broker $scenario rep $rep (exit $rc)"; cat "$WORK/loadgen.err"; } >> "$WORK/loadgen-all.log"
  local alive=true
  kill -0 "$BROKER_PID" 2>/dev/null || alive=false
  if [[ -s "$json" ]]; then
    jq -c --argjson rep "$rep" --argjson rc "$rc" --argjson alive "$alive" \
      '. + {rep: $rep, exit_code: $rc, broker_alive_at_end: $alive}
         | if $alive then . else .problems += ["the broker process was gone when the load generator finished"] end' \
      "$json" >> "$RESULTS"
  else
    echo "{\"scenario\":\"$scenario\",\"broker\":\"$broker\",\"rep\":$rep,\"failed\":\"load generator exit $rc\"}" >> "$RESULTS"
  fi
  stop_broker
  rm -rf "$WORK/palisade-data-$port"
}

{
  echo "date_utc=$STAMP"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "mem_kib=$(grep MemTotal /proc/meminfo | awk '{print $2}')"
  echo "kernel=$(uname -r)"
  echo "mosquitto=$("$MOSQUITTO" -h 2>/dev/null | head -1 || true)"
  echo "openssl=$(openssl version)"
  echo "dotnet=$(dotnet --version)"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n "$(git -C "$ROOT" status --porcelain -- src bench ':!bench/results' 2>/dev/null)" ]] && echo "+dirty")"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "provisioning_s=$PROV_S (participant + $IDLE idle devices + pub + sub + 1 application, one process)"
  extra_conf="${MOSQUITTO_EXTRA_CONF:-}"  # unset is fine: set -u would stop the run here otherwise
  echo "mosquitto_extra_conf=${extra_conf//$'\n'/; }"
  echo "settings=reps $REPS, duration $DURATION s, warm-up $WARMUP s, idle $IDLE over mutual TLS, MQTT 3.1.1"
} > "$BASE.machine"

START=$(date +%s)
for rep in $(seq 1 "$REPS"); do
  for scenario in $SCENARIOS; do
    order=(mosquitto palisade)
    if (( rep % 2 == 0 )); then order=(palisade mosquitto); fi
    for broker in "${order[@]}"; do
      log "rep $rep/$REPS  $scenario  $broker"
      run_point "$broker" "$scenario" "$rep"
    done
  done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$BASE.machine"
echo "elapsed_s=$(( $(date +%s) - START ))" >> "$BASE.machine"

python3 "$ROOT/bench/scripts/summarise.py" "$RESULTS" "$BASE.machine" > "$BASE.md"
log "done in $(( $(date +%s) - START )) s: $BASE.md"
cat "$BASE.md"
