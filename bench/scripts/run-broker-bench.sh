#!/usr/bin/env bash
# Side-by-side MQTT broker benchmark: Mosquitto 2.0 and Palisade, same machine, same load generator, same run.
#
# Each scenario runs against each broker alternately (the order flips every repetition), each point on a freshly
# started broker, at least 3 repetitions. Results: bench/results/<date>.json (every run) and <date>.md (medians and
# Palisade/Mosquitto ratios). See docs/benchmarks.md for what each scenario measures.
#
# Usage: bench/scripts/run-broker-bench.sh [--reps N] [--duration S] [--warmup S] [--idle N] [--tls]
#                                          [--protocol 4|5] [--brokers "mosquitto palisade"] [--scenarios "a-q0 ..."]
#                                          [--out DIR] [--quick]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REPS=3
DURATION=6
WARMUP=2
IDLE=10000
TLS=0
PROTOCOL=4
BROKERS="mosquitto palisade"
SCENARIOS="a-q0 a-q1 a-q0-idle2k a-q1-idle2k a-q0-idle10k a-lat b-fanout c-idle"
OUT="$ROOT/bench/results"
LAT_RATE=5000
MOSQUITTO="${MOSQUITTO:-$(command -v mosquitto || echo /usr/sbin/mosquitto)}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --reps) REPS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --tls) TLS=1; shift ;;
    --protocol) PROTOCOL="$2"; shift 2 ;;
    --brokers) BROKERS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --quick) REPS=1; DURATION=3; WARMUP=1; IDLE=2000; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

# 10,000 idle clients need as many descriptors in the generator and in the broker (both inherit this limit).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt $((IDLE + 1000)) ]]; then
  echo "open-file limit $(ulimit -n) is below $((IDLE + 1000)); lower --idle or raise the hard limit" >&2
  exit 2
fi

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
WORK="$(mktemp -d /tmp/palisade-bench.XXXXXX)"
chmod 755 "$WORK"
mkdir -p "$OUT"
RESULTS="$OUT/$STAMP.jsonl"
: > "$RESULTS"
BROKER_PID=""
# Broker and generator logs are kept beside the results (*.raw is git-ignored).
RAW="$OUT/$STAMP.raw"
trap 'stop_broker; mkdir -p "$RAW"; cp "$WORK"/*.log "$WORK"/*.err "$RAW"/ 2>/dev/null || true; rm -rf "$WORK"' EXIT

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

make_certs() {
  # Test CA and a server certificate for localhost/127.0.0.1, made fresh for every run.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=palisade-bench-ca" \
    -keyout "$WORK/ca.key" -out "$WORK/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$WORK/server.key" -out "$WORK/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$WORK/san.ext"
  openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 \
    -extfile "$WORK/san.ext" -out "$WORK/server.pem" 2>/dev/null
  cat "$WORK/server.pem" "$WORK/server.key" > "$WORK/server-with-key.pem"
  chmod 644 "$WORK"/*.pem "$WORK"/*.key
}

start_mosquitto() { # port
  local conf="$WORK/mosquitto.conf"
  {
    echo "persistence false"
    echo "listener $1 127.0.0.1"
    echo "allow_anonymous true"
    echo "max_connections -1"
    echo "log_dest stderr"
    echo "log_type error"
    echo "log_type warning"
    # Extra lines, e.g. MOSQUITTO_EXTRA_CONF=$'set_tcp_nodelay true\nmax_queued_messages 10000'.
    if [[ -n "${MOSQUITTO_EXTRA_CONF:-}" ]]; then echo "$MOSQUITTO_EXTRA_CONF"; fi
    if [[ $TLS == 1 ]]; then
      echo "certfile $WORK/server.pem"
      echo "keyfile $WORK/server.key"
    fi
  } > "$conf"
  "$MOSQUITTO" -c "$conf" >> "$WORK/mosquitto.log" 2>&1 &
  BROKER_PID=$!
}

start_palisade() { # port
  # Palisade's host (src/Palisade) with only the MQTT listener of the same kind as Mosquitto's, on loopback, and a
  # fresh data folder per start. Keys: Palisade:Listeners:* (src/Palisade/Edge/Transport/ListenersOptions.cs).
  local data="$WORK/palisade-data-$1"
  mkdir -p "$data"
  chmod 700 "$data"
  local -a env=(
    "PALISADE__DATADIRECTORY=$data"
    "PALISADE__LISTENERS__WEBSOCKET__ENABLED=false"
    "PALISADE__IDENTITY__ENABLED=false"
    "PALISADE__LISTENERS__HTTP__ENABLED=false"
  )
  if [[ $TLS == 1 ]]; then
    # The same certificate and key as Mosquitto's: Palisade reuses server.crt/server.key found in its data folder.
    install -m 600 "$WORK/server.key" "$data/server.key"
    install -m 644 "$WORK/server.pem" "$data/server.crt"
    env+=("PALISADE__LISTENERS__TLS__ENABLED=true" "PALISADE__LISTENERS__TLS__ADDRESS=127.0.0.1" "PALISADE__LISTENERS__TLS__PORT=$1"
          "PALISADE__LISTENERS__PLAINTCP__ENABLED=false")
  else
    env+=("PALISADE__LISTENERS__PLAINTCP__ENABLED=true" "PALISADE__LISTENERS__PLAINTCP__ADDRESS=127.0.0.1" "PALISADE__LISTENERS__PLAINTCP__PORT=$1"
          "PALISADE__LISTENERS__TLS__ENABLED=false")
  fi
  env "${env[@]}" "${PALISADE_EXTRA_ENV[@]}" dotnet "$PALISADE_DLL" serve >> "$WORK/palisade.log" 2>&1 &
  BROKER_PID=$!
}

scenario_args() { # scenario -> load generator arguments
  case "$1" in
    a-q0) echo "--qos 0 --publishers 1 --subscribers 1" ;;
    a-q1) echo "--qos 1 --publishers 1 --subscribers 1 --inflight 1000 --e2e-window 1000" ;;
    a-lat) echo "--qos 1 --publishers 1 --subscribers 1 --inflight 1000 --rate $LAT_RATE" ;;
    # (a) with idle fleets: every idle device is subscribed to its own command topic.
    a-q0-idle2k) echo "--qos 0 --publishers 1 --subscribers 1 --idle 2000 --source-addresses 4 --connect-concurrency 200" ;;
    a-q1-idle2k) echo "--qos 1 --publishers 1 --subscribers 1 --inflight 1000 --e2e-window 1000 --idle 2000 --source-addresses 4 --connect-concurrency 200" ;;
    a-q0-idle10k) echo "--qos 0 --publishers 1 --subscribers 1 --idle $IDLE --source-addresses 4 --connect-concurrency 200" ;;
    b-fanout) echo "--qos 0 --publishers 1 --subscribers 100" ;;
    c-idle) echo "--qos 1 --publishers 1 --subscribers 1 --inflight 1000 --e2e-window 1000 --idle $IDLE --source-addresses 4 --connect-concurrency 200" ;;
    *) echo "unknown scenario $1" >&2; return 1 ;;
  esac
}

run_point() { # broker scenario rep
  local broker="$1" scenario="$2" rep="$3" port
  port="$(free_port)"
  "start_$broker" "$port"
  if ! wait_listening "$port" "$BROKER_PID"; then
    log "$broker did not start listening on $port; see $WORK/$broker.log:"
    tail -20 "$WORK/$broker.log" >&2 || true
    stop_broker
    echo "{\"scenario\":\"$scenario\",\"broker\":\"$broker\",\"rep\":$rep,\"failed\":\"broker did not start\"}" >> "$RESULTS"
    return 0
  fi
  local -a tls_args=()
  if [[ $TLS == 1 ]]; then tls_args=(--tls --cafile "$WORK/ca.pem" --server-name localhost); fi
  local json="$WORK/point.json" rc=0
  rm -f "$json"
  # shellcheck disable=SC2046
  timeout 300 dotnet "$LOADGEN_DLL" --port "$port" --protocol "$PROTOCOL" --duration "$DURATION" --warmup "$WARMUP" \
    --broker-pid "$BROKER_PID" --label "$broker" --scenario "$scenario" --output "$json" "${tls_args[@]}" \
    $(scenario_args "$scenario") 2> "$WORK/loadgen.err" || rc=$?
  tail -n 12 "$WORK/loadgen.err" | sed "s/^/    /" >&2
  { echo "=== $broker $scenario rep $rep (exit $rc)"; cat "$WORK/loadgen.err"; } >> "$WORK/loadgen-all.log"
  local alive=true
  if ! kill -0 "$BROKER_PID" 2>/dev/null; then
    alive=false
    log "$broker exited during the point (crash, or a signal from another process); see $RAW/$broker.log"
  fi
  if [[ -s "$json" ]]; then
    jq -c --argjson rep "$rep" --argjson rc "$rc" --argjson alive "$alive" \
      '. + {rep: $rep, exit_code: $rc, broker_alive_at_end: $alive}
         | if $alive then . else .problems += ["the broker process was gone when the load generator finished"] end' \
      "$json" >> "$RESULTS"
  else
    echo "{\"scenario\":\"$scenario\",\"broker\":\"$broker\",\"rep\":$rep,\"failed\":\"load generator exit $rc\"}" >> "$RESULTS"
  fi
  stop_broker
}

log "building (Release)"
dotnet build "$ROOT/bench/Palisade.LoadGen/Palisade.LoadGen.csproj" -c Release -v q -nologo >&2
LOADGEN_DLL="$ROOT/bench/Palisade.LoadGen/bin/Release/net10.0/palisade-loadgen.dll"
# Extra PALISADE__* settings for every Palisade start, e.g. PALISADE_EXTRA_ENV="PALISADE__BROKER__MAXIMUMQUEUEDMESSAGES=10000".
read -r -a PALISADE_EXTRA_ENV <<< "${PALISADE_EXTRA_ENV:-}"
if [[ " $BROKERS " == *" palisade "* && -z "${PALISADE_DLL:-}" ]]; then
  # PALISADE_DLL=/path/palisade.dll skips this build (e.g. to measure another checkout).
  dotnet build "$ROOT/src/Palisade/Palisade.csproj" -c Release -v q -nologo >&2
  PALISADE_DLL="$ROOT/src/Palisade/bin/Release/net10.0/palisade.dll"
fi
if [[ $TLS == 1 ]]; then make_certs; fi

{
  echo "date_utc=$STAMP"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "mem_kib=$(grep MemTotal /proc/meminfo | awk '{print $2}')"
  echo "kernel=$(uname -r)"
  echo "mosquitto=$("$MOSQUITTO" -h 2>/dev/null | head -1 || true)"
  echo "dotnet=$(dotnet --version)"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n "$(git -C "$ROOT" status --porcelain -- src bench ':!bench/results' 2>/dev/null)" ]] && echo "+dirty")"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings=reps $REPS, duration $DURATION s, warm-up $WARMUP s, idle $IDLE, tls $TLS, MQTT protocol level $PROTOCOL"
} > "$OUT/$STAMP.machine"

read -r -a broker_list <<< "$BROKERS"
START=$(date +%s)
for rep in $(seq 1 "$REPS"); do
  for scenario in $SCENARIOS; do
    order=("${broker_list[@]}")
    if (( rep % 2 == 0 )) && (( ${#order[@]} == 2 )); then order=("${order[1]}" "${order[0]}"); fi
    for broker in "${order[@]}"; do
      log "rep $rep/$REPS  $scenario  $broker"
      run_point "$broker" "$scenario" "$rep"
    done
  done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/$STAMP.machine"
echo "elapsed_s=$(( $(date +%s) - START ))" >> "$OUT/$STAMP.machine"

python3 "$ROOT/bench/scripts/summarise.py" "$RESULTS" "$OUT/$STAMP.machine" > "$OUT/$STAMP.md"
log "done in $(( $(date +%s) - START )) s: $OUT/$STAMP.md"
cat "$OUT/$STAMP.md"
