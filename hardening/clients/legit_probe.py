"""A legitimate client: Health/Check calls over one connection from 127.0.0.1, one every
--interval seconds for --seconds, each bounded by 5 s. Prints a JSON object with the
latencies (ms) and the number of failed calls."""

import argparse
import asyncio
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import flint_wire  # noqa: E402


async def probe(arguments):
    context = flint_wire.tls_context(arguments.ca)
    connection = await flint_wire.Connection.open("127.0.0.1", arguments.port, context)
    await connection.start()
    latencies, errors = [], 0
    end = time.monotonic() + arguments.seconds
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            code = await connection.health_check(timeout=5.0)
            if code == 0:
                latencies.append((time.monotonic() - started) * 1000)
            else:
                errors += 1
        except flint_wire.CLOSED + (asyncio.TimeoutError, flint_wire.ProtocolError):
            errors += 1
            connection.close()
            connection = await flint_wire.Connection.open("127.0.0.1", arguments.port, context)
            await connection.start()
        await asyncio.sleep(max(0.0, arguments.interval - (time.monotonic() - started)))
    connection.close()
    return {"latencies_ms": latencies, "errors": errors}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--interval", type=float, default=0.02)
    arguments = parser.parse_args()
    print(json.dumps(asyncio.run(probe(arguments))))


if __name__ == "__main__":
    main()
