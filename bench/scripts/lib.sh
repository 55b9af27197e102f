# Helpers shared by the benchmark harnesses (sourced, not run). Each harness sets BROKER_PID.

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_listening() { # port pid: until the port listens, or the process died / 30 s passed
  for _ in $(seq 1 300); do
    if ss -Hltn "sport = :$1" | grep -q .; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

stop_broker() { # TERM, up to 5 s to exit, then KILL
  if [[ -n "$BROKER_PID" ]] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill "$BROKER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  BROKER_PID=""
}

# start_mosquitto PORT: Mosquitto with mutual TLS and an ACL, the anchor of the mutual-TLS benchmarks. Uses the
# caller's $WORK (holding acl), $CERTS/ca.crt, $TLSDIR/server.{crt,key} and $MOSQUITTO; sets BROKER_PID.
# Extra global lines: MOSQUITTO_EXTRA_CONF=$'max_queued_messages 10000' (recorded in the .machine file). Runs under
# taskset when the caller set BROKER_PIN=(taskset -c CPUS).
start_mosquitto() {
  {
    echo "persistence false"
    echo "per_listener_settings false"
    echo "max_connections -1"
    echo "log_dest stderr"
    echo "log_type error"
    echo "log_type warning"
    echo "allow_anonymous false"
    echo "acl_file $WORK/acl"
    if [[ -n "${MOSQUITTO_EXTRA_CONF:-}" ]]; then echo "$MOSQUITTO_EXTRA_CONF"; fi
    echo "listener $1 127.0.0.1"
    echo "cafile $CERTS/ca.crt"
    echo "certfile $TLSDIR/server.crt"
    echo "keyfile $TLSDIR/server.key"
    echo "require_certificate true"
    echo "use_identity_as_username true"
  } > "$WORK/mosquitto.conf"
  ${BROKER_PIN[@]+"${BROKER_PIN[@]}"} "$MOSQUITTO" -c "$WORK/mosquitto.conf" >> "$WORK/mosquitto.log" 2>&1 &
  BROKER_PID=$!
}
