#!/usr/bin/env bash
# Durable QoS 1 ingest (issue 5): palisade serve with the telemetry store on (plain TCP, identity off, so only the
# store's cost is measured) and palisade-loadgen publishing QoS 1 with no subscriber. Every PUBACK counted by the
# load generator was sent after the message's group commit, so its msg/s is durable msg/s. Prints the load
# generator's result and, for SQLite, how many rows telemetry.db holds afterwards.
#
#   bench/scripts/run-durable-ingest.sh [--store sqlite|postgres] [--sync full|normal] [--publishers N]
#                                       [--in-flight N] [--duration S] [--payload B] [--json]
# postgres needs PALISADE_TEST_POSTGRES (or .ci/start-postgres, which prints one) as the connection string.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/scripts/lib.sh

store=sqlite sync=full publishers=8 inflight=256 duration=10 payload=100 json=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --sync) sync=$2; shift 2 ;;
    --publishers) publishers=$2; shift 2 ;;
    --in-flight) inflight=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --payload) payload=$2; shift 2 ;;
    --json) json=--json; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

[[ -n "${SKIP_BUILD:-}" ]] || {
  log "building palisade and palisade-loadgen (Release)"
  dotnet build -c Release src/Palisade >/dev/null
  dotnet build -c Release bench/Palisade.LoadGen >/dev/null
}

work=$(mktemp -d /tmp/palisade-durable-XXXXXX)
BROKER_PID=""
trap 'stop_broker; rm -rf "$work"' EXIT
port=$(free_port)
export PALISADE__LISTENERS__TLS__ENABLED=false PALISADE__LISTENERS__WEBSOCKET__ENABLED=false PALISADE__LISTENERS__HTTP__PORT=0
export PALISADE__LISTENERS__PLAINTCP__ENABLED=true PALISADE__LISTENERS__PLAINTCP__PORT=$port PALISADE__IDENTITY__ENABLED=false
export PALISADE__TELEMETRY__STORE=$store PALISADE__TELEMETRY__SYNCHRONOUS=$sync PALISADE__LOGGING__LOGLEVEL__DEFAULT=Warning
if [[ "$store" == postgres ]]; then
  export PALISADE__TELEMETRY__CONNECTIONSTRING="${PALISADE_TEST_POSTGRES:?set PALISADE_TEST_POSTGRES (see .ci/start-postgres)}"
fi
dotnet src/Palisade/bin/Release/net10.0/palisade.dll serve --data "$work/data" >"$work/serve.log" 2>&1 &
BROKER_PID=$!
wait_listening "$port" "$BROKER_PID" || { cat "$work/serve.log" >&2; exit 1; }
log "store=$store sync=$sync publishers=$publishers in-flight=$inflight duration=${duration}s payload=${payload}B"
dotnet bench/Palisade.LoadGen/bin/Release/net10.0/palisade-loadgen.dll --port "$port" --protocol 5 --qos 1 \
  --publishers "$publishers" --subscribers 0 --inflight "$inflight" --duration "$duration" --payload "$payload" \
  --broker-pid "$BROKER_PID" $json
stop_broker
if [[ "$store" == sqlite ]]; then
  log "rows in telemetry.db: $(sqlite3 "$work/data/telemetry.db" 'SELECT count(*) FROM telemetry')"
fi
