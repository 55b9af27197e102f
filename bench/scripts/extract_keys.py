#!/usr/bin/env python3
"""Envelope keys shown once by `palisade device key add`, as the load generator reads them.

Usage: extract_keys.py PROVISION-OUTPUT KEY-DIR [DEVICE-PREFIX ...]
PROVISION-OUTPUT is palisade-bench-provision --mark output: blocks headed "### palisade device key add DEVICE ...".
Writes KEY-DIR/DEVICE.hmac ("KID SECRET") for every device whose id starts with one of the prefixes (all without
prefixes); exits 1 if a block holds no key id or no secret.
"""
import re
import sys
from pathlib import Path

KID = re.compile(r"(?:key id|kid)\s*[:=]?\s*([A-Za-z0-9._-]{1,64})", re.IGNORECASE)
SECRET = re.compile(r"(?:secret|key)\s*[:=]\s*([A-Za-z0-9+/=_-]{32,})", re.IGNORECASE)


def main():
    out, key_dir, prefixes = Path(sys.argv[1]), Path(sys.argv[2]), tuple(sys.argv[3:])
    blocks, device = {}, None
    for line in out.read_text().splitlines():
        m = re.match(r"### palisade device key add (\S+)", line)
        if m:
            device = m.group(1)
            blocks[device] = []
        elif line.startswith("### "):
            device = None
        elif device:
            blocks[device].append(line)
    written = 0
    for device, lines in blocks.items():
        if prefixes and not device.startswith(prefixes):
            continue
        text = "\n".join(lines)
        kid, secret = KID.search(text), SECRET.search(text)
        if not kid or not secret:
            print(f"no key id and secret in the output for {device}:\n{text}", file=sys.stderr)
            sys.exit(1)
        (key_dir / f"{device}.hmac").write_text(f"{kid.group(1)} {secret.group(1)}\n")
        written += 1
    print(f"extract_keys: {written} keys written to {key_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
