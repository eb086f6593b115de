"""Soak: --parallel StreamComplete calls at once, each with a prompt of --request-kb KB, over
--connections connections, repeated for --seconds against a running apiserver (backed by
stub_backend.py, one model per backend port). Then, after --settle seconds, the server's
resident memory and open descriptors are compared with what they were before the load.

Figures: unexpected errors (anything but TRAILERS OK) = 0; calls made; resident memory and
descriptors after the load within 10% of the baseline.
"""

import argparse
import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import flint_wire  # noqa: E402




async def worker(connection, lane, arguments, prompt, deadline, counts, lock):
    """One call at a time on `connection`, until the deadline; `lane` picks the model."""
    model = f"stub{lane % arguments.models + 1}"
    request = flint_wire.complete_request(model, prompt, 1)
    while time.monotonic() < deadline:
        async with lock:
            stream_id = connection.send_call(flint_wire.STREAM_COMPLETE, request, "Bearer " + arguments.key)
            await connection.writer.drain()
        waiter = asyncio.get_running_loop().create_future()
        connection.waiters[stream_id] = waiter
        try:
            code = await asyncio.wait_for(waiter, 60)
        except asyncio.TimeoutError:
            code = "timeout"
        counts["calls"] += 1
        if code != 0:
            counts["errors"] += 1
            counts.setdefault("codes", {}).setdefault(str(code), 0)
            counts["codes"][str(code)] += 1


async def reader(connection):
    """Routes each stream's TRAILERS code to its waiter; the other frames are dropped."""
    try:
        while True:
            frame_type, _, stream_id, payload = await flint_wire.read_frame(connection.reader)
            if frame_type == flint_wire.TRAILERS:
                waiter = connection.waiters.pop(stream_id, None)
                if waiter and not waiter.done():
                    waiter.set_result(flint_wire.status(payload)[0])
            elif frame_type == flint_wire.GOAWAY:
                break
    except flint_wire.CLOSED:
        pass
    for waiter in connection.waiters.values():
        if not waiter.done():
            waiter.set_result("connection closed")


async def run(arguments):
    context = flint_wire.tls_context(arguments.ca)
    prompt = ("soak " * (arguments.request_kb * 1024 // 5))[: arguments.request_kb * 1024]
    figures = flint_wire.Figures()
    baseline_rss, baseline_fds = flint_wire.resident_kb(arguments.pid), flint_wire.descriptors(arguments.pid)
    connections = []
    for _ in range(arguments.connections):
        connection = await flint_wire.Connection.open("127.0.0.1", arguments.port, context, limit=2 ** 20)
        await connection.start()
        connection.waiters = {}
        connections.append(connection)
    readers = [asyncio.create_task(reader(connection)) for connection in connections]
    counts = {"calls": 0, "errors": 0}
    deadline = time.monotonic() + arguments.seconds
    per_connection = arguments.parallel // arguments.connections
    peak_rss = 0

    async def sample():
        nonlocal peak_rss
        while time.monotonic() < deadline:
            peak_rss = max(peak_rss, flint_wire.resident_kb(arguments.pid))
            await asyncio.sleep(1)

    sampler = asyncio.create_task(sample())
    locks = [asyncio.Lock() for _ in connections]  # one writer at a time per connection
    workers = [worker(connection, index * per_connection + lane, arguments, prompt, deadline, counts, locks[index])
               for index, connection in enumerate(connections)
               for lane in range(per_connection)]
    await asyncio.gather(*workers)
    await sampler
    for connection in connections:
        connection.close()
    for task in readers:
        task.cancel()
    await asyncio.sleep(arguments.settle)
    after_rss, after_fds = flint_wire.resident_kb(arguments.pid), flint_wire.descriptors(arguments.pid)

    figures.add(f"{arguments.parallel} parallel calls of {arguments.request_kb} KB for {arguments.seconds} s: calls made",
                str(counts["calls"]), "> 0", counts["calls"] > 0)
    detail = "" if not counts.get("codes") else " " + ", ".join(f"{code}: {n}" for code, n in sorted(counts["codes"].items()))
    figures.add("unexpected errors", f"{counts['errors']}{detail}", "0", counts["errors"] == 0)
    figures.add("resident memory after the load (peak during)", f"{after_rss // 1024} MiB ({peak_rss // 1024} MiB)",
                f"<= {baseline_rss * 11 // 10 // 1024} MiB (baseline {baseline_rss // 1024} + 10%)", after_rss <= baseline_rss * 1.1)
    figures.add("open descriptors after the load", str(after_fds), f"<= {int(baseline_fds * 1.1)} (baseline {baseline_fds} + 10%)",
                after_fds <= baseline_fds * 1.1)
    figures.write(arguments.results)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    flint_wire.add_server_arguments(parser)
    parser.add_argument("--key-file", required=True)
    parser.add_argument("--parallel", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--request-kb", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--settle", type=int, default=15)
    parser.add_argument("--models", type=int, default=4)
    arguments = parser.parse_args()
    arguments.key = open(arguments.key_file).read().strip()
    asyncio.run(run(arguments))


if __name__ == "__main__":
    main()
