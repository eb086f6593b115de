"""Graceful shutdown under load: starts streaming calls against a running apiserver (backed by
stub_backend.py), plus one client that stops reading, sends the server SIGTERM, and watches.

First, --pool-probe calls at once go to model "stub" (one backend URL): all should stream to
their end. The load then goes to models stub1..stubN (a backend port each), so that it is
not limited by how many calls one backend URL can take.

  short  --short calls that end before the drain timeout     -> TRAILERS OK
  long   --long calls that would run past it                 -> cut at the drain deadline
                                                                 (UNAVAILABLE or no TRAILERS)
  every connection gets GOAWAY; a new call on a draining connection gets UNAVAILABLE; a new
  connection is refused; the process exits within the drain timeout + --exit-slack.
Writes one line per figure to --results (figure, measured, target, PASS|FAIL) and the calls
it saw to --calls (JSON), for the usage check that follows the exit.
"""

import argparse
import asyncio
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import flint_wire  # noqa: E402

class Call:
    def __init__(self, kind, model, max_tokens):
        self.kind = kind
        self.model = model
        self.max_tokens = max_tokens
        self.events = 0
        self.running = asyncio.Event()  # its first response frame arrived
        self.code = None                # TRAILERS code, None when it ended without
        self.ended_at = None            # TRAILERS, or else the close, in monotonic seconds
        self.goaway_at = None
        self.new_call_code = None       # a call sent after the GOAWAY on the same connection
        self.error = None


async def streaming_call(arguments, context, call, until_trailers=False):
    """One StreamComplete call on its own connection, read until the server closes it (or,
    with until_trailers, until its TRAILERS)."""
    connection = await flint_wire.Connection.open("127.0.0.1", arguments.port, context)
    await connection.start()
    request = flint_wire.complete_request(call.model, "hello", call.max_tokens)
    stream_id = connection.send_call(flint_wire.STREAM_COMPLETE, request, "Bearer " + arguments.key)
    await connection.writer.drain()
    new_stream_id = None
    try:
        while True:
            try:
                frame_type, _, frame_stream, payload = await flint_wire.read_frame(connection.reader)
            except flint_wire.CLOSED:
                break
            if frame_stream == stream_id and frame_type in (flint_wire.HEADERS, flint_wire.MESSAGE):
                call.running.set()
                call.events += frame_type == flint_wire.MESSAGE
            elif frame_stream == stream_id and frame_type == flint_wire.TRAILERS:
                call.running.set()
                call.code = flint_wire.status(payload)[0]
                call.ended_at = time.monotonic()
                if until_trailers:
                    break
            elif frame_type == flint_wire.GOAWAY and call.goaway_at is None:
                call.goaway_at = time.monotonic()
                if call.kind == "long" and call.code is None:
                    new_stream_id = connection.send_call(flint_wire.HEALTH_CHECK)
                    await connection.writer.drain()
            elif frame_type == flint_wire.TRAILERS and frame_stream == new_stream_id:
                call.new_call_code = flint_wire.status(payload)[0]
    finally:
        if call.ended_at is None:
            call.ended_at = time.monotonic()
        connection.close()


async def stalled_reader(arguments, context, opened):
    """A streaming call of 4 KB chunks whose client stops reading after the first bytes."""
    connection = await flint_wire.Connection.open("127.0.0.1", arguments.port, context, receive_buffer=4096)
    await connection.start()
    request = flint_wire.complete_request("stub1", "firehose", arguments.firehose_tokens)
    connection.send_call(flint_wire.STREAM_COMPLETE, request, "Bearer " + arguments.key)
    await connection.writer.drain()
    connection.writer.transport.pause_reading()
    opened.set()
    return connection


async def new_connection_refused(arguments, context):
    try:
        connection = await flint_wire.Connection.open("127.0.0.1", arguments.port, context, timeout=3.0)
        await connection.start(timeout=3.0)
        code = await connection.health_check(timeout=3.0)
        connection.close()
        return f"accepted (Health {flint_wire.STATUS_NAMES.get(code, code)})", False
    except ConnectionRefusedError:
        return "refused (connection refused)", True
    except (flint_wire.ProtocolError, asyncio.TimeoutError) + flint_wire.CLOSED as error:
        return f"refused ({type(error).__name__})", True


def process_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


async def wait_exit(pid, limit):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process_gone(pid):
            return time.monotonic()
        await asyncio.sleep(0.05)
    return None


async def pool_probe(arguments, context):
    """--pool-probe calls at once to the model with one backend URL ("stub"): how many
    stream to their end."""
    probes = [Call("probe", "stub", 20) for _ in range(arguments.pool_probe)]
    await asyncio.wait_for(asyncio.gather(*(streaming_call(arguments, context, call, until_trailers=True) for call in probes)), 60)
    return probes


async def run(arguments):
    context = flint_wire.tls_context(arguments.ca)
    probes = await pool_probe(arguments, context)
    probe_ok = sum(1 for call in probes if call.code == 0)
    # The load is spread over models stub1..stubN, each its own backend port.
    count = arguments.short + arguments.long
    calls = [Call("short" if index < arguments.short else "long", f"stub{1 + index % arguments.models}",
                  arguments.short_tokens if index < arguments.short else arguments.long_tokens)
             for index in range(count)]
    tasks = [asyncio.ensure_future(streaming_call(arguments, context, call)) for call in calls]
    stalled_open = asyncio.Event()
    stalled = await stalled_reader(arguments, context, stalled_open)
    await asyncio.wait_for(asyncio.gather(*(call.running.wait() for call in calls)), 30)
    await asyncio.sleep(arguments.settle)  # let the stalled reader's buffers fill

    not_yet_ended = sum(1 for call in calls if call.code is None)
    os.kill(arguments.pid, signal.SIGTERM)
    signalled = time.monotonic()

    # A new connection once the server has answered with its first GOAWAY.
    async def first_goaway():
        while not any(call.goaway_at for call in calls):
            await asyncio.sleep(0.02)
    try:
        await asyncio.wait_for(first_goaway(), 5)
    except asyncio.TimeoutError:
        pass
    refused_text, refused = await new_connection_refused(arguments, context)

    exited_at = await wait_exit(arguments.pid, arguments.drain_timeout + arguments.exit_slack + 30)
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)
    stalled.close()

    drain, slack = arguments.drain_timeout, arguments.slack
    figures = flint_wire.Figures()
    row = figures.add

    row(f"{arguments.pool_probe} streaming calls at once to one backend URL: OK", f"{probe_ok}/{arguments.pool_probe}",
        "all", probe_ok == arguments.pool_probe)
    row("streaming calls in flight at SIGTERM", f"{not_yet_ended}/{len(calls)}", "all", not_yet_ended == len(calls))

    def good(call):
        after = call.ended_at - signalled
        if call.code == 0:
            return after <= drain + slack
        cut = call.code in (None, 14)
        return cut and drain - slack <= after <= drain + slack

    finished_ok = [c for c in calls if c.code == 0]
    cut = [c for c in calls if c.code in (None, 14)]
    others = sorted({flint_wire.STATUS_NAMES.get(c.code, c.code) for c in calls if c.code not in (None, 0, 14)})
    row(f"{len(calls)} streaming calls in flight at SIGTERM: OK in the grace period, or cut at its end",
        f"{sum(map(good, calls))}/{len(calls)} (OK {len(finished_ok)}, cut {len(cut)}"
        + (f", other {','.join(others)}" if others else "") + ")",
        f"all ({drain:g} s +/- {slack:g})", all(map(good, calls)))
    shorts = [c for c in calls if c.kind == "short"]
    row(f"{len(shorts)} calls shorter than the grace period: OK",
        f"{sum(1 for c in shorts if c.code == 0)}/{len(shorts)}", "all", all(c.code == 0 for c in shorts))
    goaways = [c for c in calls if c.goaway_at is not None and c.goaway_at - signalled <= slack]
    row("connections told GOAWAY after SIGTERM", f"{len(goaways)}/{len(calls)}", f"all, within {slack:g} s",
        len(goaways) == len(calls))
    longs = [c for c in calls if c.kind == "long"]
    drained = [c for c in longs if c.new_call_code == 14]
    row("new call on a draining connection: UNAVAILABLE", f"{len(drained)}/{len(longs)}", "all",
        len(drained) == len(longs))
    row("new connection after SIGTERM", refused_text, "refused", refused)
    exit_after = exited_at - signalled if exited_at else None
    row("process gone after SIGTERM",
        f"{exit_after:.1f} s" if exit_after is not None else "still running",
        f"<= {drain + arguments.exit_slack:g} s (drain + {arguments.exit_slack:g})",
        exit_after is not None and exit_after <= drain + arguments.exit_slack)

    figures.write(arguments.results)
    with open(arguments.calls, "w") as out:
        json.dump({"calls": [{"kind": c.kind, "code": c.code, "events": c.events,
                              "ended_after": round(c.ended_at - signalled, 3),
                              "new_call_code": c.new_call_code} for c in calls],
                   "probes": [{"code": c.code, "events": c.events} for c in probes],
                   "stalled_reader": 1}, out, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    flint_wire.add_server_arguments(parser)
    parser.add_argument("--drain-timeout", type=float, required=True)
    parser.add_argument("--key-file", required=True, help="file holding the API key (kept off the command line)")
    parser.add_argument("--pool-probe", type=int, default=12)
    parser.add_argument("--models", type=int, default=10, help="the load's models: stub1..stubN")
    parser.add_argument("--short", type=int, default=25)
    parser.add_argument("--long", type=int, default=25)
    parser.add_argument("--short-tokens", type=int, default=50)
    parser.add_argument("--long-tokens", type=int, default=400)
    parser.add_argument("--firehose-tokens", type=int, default=40000)
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--slack", type=float, default=2.0)
    parser.add_argument("--exit-slack", type=float, default=5.0)
    parser.add_argument("--calls", required=True)
    arguments = parser.parse_args()
    with open(arguments.key_file) as key_file:
        arguments.key = key_file.read().strip()
    asyncio.run(run(arguments))


if __name__ == "__main__":
    main()
