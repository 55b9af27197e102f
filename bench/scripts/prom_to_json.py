#!/usr/bin/env python3
"""Palisade's /metrics (Prometheus text) -> one JSON object of the non-zero admission and delivery counters.

Usage: prom_to_json.py METRICS.txt  (prints {} when the file is empty or has none)
Kept: palisade_admission_* (admitted by traffic class, refused by stage and code), palisade_broker_messages_*,
palisade_broker_deliveries_* (shed, rejected, dropped per class), palisade_telemetry_* (the durable store).
"""
import json
import re
import sys

KEEP = re.compile(r"^palisade_(admission|broker_messages|broker_deliveries|broker_slow|telemetry)")

values = {}
try:
    text = open(sys.argv[1], encoding="utf-8").read()
except OSError:
    text = ""
for line in text.splitlines():
    if not line or line.startswith("#"):
        continue
    parts = line.rsplit(" ", 1)
    if len(parts) != 2 or not KEEP.match(parts[0]):
        continue
    try:
        value = float(parts[1])
    except ValueError:
        continue
    if value != 0:
        values[parts[0]] = int(value) if value.is_integer() else value
print(json.dumps(values, sort_keys=True))
