"""Decode attack: what a client without a key costs in memory by sending large messages.

On each of --connections connections, 16 Health/Check streams whose request MESSAGE is 4 MiB
of unknown protobuf fields (the attack that once took the server from 46 to 430 MiB on one
connection). Health takes at most 1 KiB, so each stream must end RESOURCE_EXHAUSTED before
decoding. Samples the server's resident memory throughout.

Figures: every stream answered RESOURCE_EXHAUSTED; the server's peak resident memory above
its baseline, against --bound-mib; the server still answers Health after.
"""

import argparse
import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import flint_wire  # noqa: E402

RESOURCE_EXHAUSTED = 8



def unknown_fields(size):
    """A message of one unknown length-delimited field (number 15) of about `size` bytes."""
    body = b"x" * (size - 8)
    return flint_wire.field_bytes(15, body)


async def attack(arguments, context, payload, codes):
    connection = await flint_wire.Connection.open("127.0.0.1", arguments.port, context)
    await connection.start()
    ids = []
    for _ in range(16):
        stream_id = connection.next_stream_id
        connection.next_stream_id += 1
        connection.writer.write(flint_wire.frame(flint_wire.HEADERS, stream_id, flint_wire.request_headers(flint_wire.HEALTH_CHECK))
                                + flint_wire.frame(flint_wire.MESSAGE, stream_id, payload, flint_wire.END_STREAM))
        await connection.writer.drain()
        ids.append(stream_id)
    pending = set(ids)
    try:
        while pending:
            frame_type, _, stream_id, body = await asyncio.wait_for(flint_wire.read_frame(connection.reader), 60)
            if frame_type == flint_wire.TRAILERS and stream_id in pending:
                pending.discard(stream_id)
                codes.append(flint_wire.status(body)[0])
    finally:
        connection.close()
    codes.extend(["no answer"] * len(pending))


async def run(arguments):
    context = flint_wire.tls_context(arguments.ca)
    payload = unknown_fields(4 * 1024 * 1024 - 64)
    baseline = flint_wire.resident_kb(arguments.pid)
    peak = baseline
    done = asyncio.Event()

    async def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, flint_wire.resident_kb(arguments.pid))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    codes = []
    await asyncio.gather(*(attack(arguments, context, payload, codes) for _ in range(arguments.connections)))
    done.set()
    await sampler
    check = await flint_wire.Connection.open("127.0.0.1", arguments.port, context)
    await check.start()
    after = await check.health_check()
    check.close()

    figures = flint_wire.Figures()
    streams = 16 * arguments.connections
    refused = sum(1 for code in codes if code == RESOURCE_EXHAUSTED)
    figures.add(f"{streams} Health streams of 4 MiB on {arguments.connections} connections: RESOURCE_EXHAUSTED",
                f"{refused}/{streams}", "all", refused == streams)
    growth = (peak - baseline) // 1024
    figures.add("server resident memory above baseline, peak", f"{growth} MiB (baseline {baseline // 1024})",
                f"<= {arguments.bound_mib} MiB", growth <= arguments.bound_mib)
    figures.add("Health after the attack", flint_wire.STATUS_NAMES.get(after, str(after)), "OK", after == 0)
    figures.write(arguments.results)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    flint_wire.add_server_arguments(parser)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--bound-mib", type=int, required=True)
    arguments = parser.parse_args()
    asyncio.run(run(arguments))


if __name__ == "__main__":
    main()
