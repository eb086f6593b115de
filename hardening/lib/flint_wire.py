"""A minimal flint/1 client for the hardening suite: TLS with ALPN flint/1, the preface and
SETTINGS handshake, frames, and the few protobuf messages the checks send and read.

The protobuf encoding is written out by hand (varints and length-delimited fields), so the
suite needs no generated code. Field numbers follow proto/flint/v1/*.proto.
"""

import asyncio
import os
import socket
import ssl
import struct

PREFACE = b"FLINT/1\n"
ALPN = "flint/1"
HEADER_SIZE = 10
# The largest frame payload this client accepts (the server's default max_frame_size).
MAX_PAYLOAD = 4 * 1024 * 1024

SETTINGS, HEADERS, MESSAGE, TRAILERS, CANCEL, PING, GOAWAY = range(7)
END_STREAM = 0x1

STATUS_NAMES = {
    0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND", 6: "ALREADY_EXISTS", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION", 10: "ABORTED", 11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED",
    13: "INTERNAL", 14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
}
HEALTH_CHECK = "/flint.v1.Health/Check"
STREAM_COMPLETE = "/flint.v1.Inference/StreamComplete"


class ProtocolError(Exception):
    pass


# What reading or writing a connection the server closed (or refused) can raise.
CLOSED = (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError, OSError)


# ---- protobuf ------------------------------------------------------------------------

def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value) if value else b""


def field_bytes(number, value):
    if isinstance(value, str):
        value = value.encode()
    return varint((number << 3) | 2) + varint(len(value)) + value if value else b""


def decode_fields(payload):
    """{field number: [values]}: ints for varints, bytes for length-delimited fields."""
    fields = {}
    position = 0

    def read_varint():
        nonlocal position
        result = shift = 0
        while True:
            if position >= len(payload) or shift > 63:
                raise ProtocolError("truncated varint")
            byte = payload[position]
            position += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return result

    while position < len(payload):
        key = read_varint()
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value = read_varint()
        elif wire_type == 2:
            length = read_varint()
            value = payload[position:position + length]
            position += length
        elif wire_type == 5:
            value = payload[position:position + 4]
            position += 4
        elif wire_type == 1:
            value = payload[position:position + 8]
            position += 8
        else:
            raise ProtocolError(f"wire type {wire_type}")
        fields.setdefault(number, []).append(value)
    return fields


def first(fields, number, default):
    return fields.get(number, [default])[0]


def settings(client_version="flint-hardening/1"):
    return field_bytes(4, client_version)


def request_headers(method, authorization="", request_id="", timeout_ms=0):
    return (field_bytes(1, method) + field_bytes(2, authorization)
            + field_bytes(3, request_id) + field_varint(4, timeout_ms))


def complete_request(model, prompt, max_tokens):
    text_part = field_bytes(1, field_bytes(1, prompt))          # ContentPart.text = TextPart
    message = field_varint(1, 1) + field_bytes(2, text_part)   # Message{role: USER, parts}
    return field_bytes(1, model) + field_bytes(3, message) + field_varint(6, max_tokens)


def status(payload):
    """(code, message) of a Status."""
    fields = decode_fields(payload)
    return first(fields, 1, 0), first(fields, 2, b"").decode(errors="replace")


def go_away(payload):
    """(last_stream_id, code, reason) of a GoAway."""
    fields = decode_fields(payload)
    return first(fields, 1, 0), first(fields, 2, 0), first(fields, 3, b"").decode(errors="replace")


def health_status(payload):
    return first(decode_fields(payload), 1, 0)


def event_kind(payload):
    """'text', 'stop' or 'other' for a CompletionEvent (text_delta = 3, stop = 8)."""
    fields = decode_fields(payload)
    if 3 in fields:
        return "text"
    if 8 in fields:
        return "stop"
    return "other"


# ---- frames and connections ------------------------------------------------------------

def frame(frame_type, stream_id=0, payload=b"", flags=0):
    return struct.pack(">IBBI", len(payload), frame_type, flags, stream_id) + payload


def client_start():
    """The bytes a client sends first: the preface and its SETTINGS."""
    return PREFACE + frame(SETTINGS, 0, settings())


def tls_context(ca_file):
    context = ssl.create_default_context(cafile=ca_file)
    context.set_alpn_protocols([ALPN])
    return context


async def read_frame(reader):
    """(type, flags, stream id, payload); raises asyncio.IncompleteReadError at the end."""
    header = await reader.readexactly(HEADER_SIZE)
    length, frame_type, flags, stream_id = struct.unpack(">IBBI", header)
    if length > MAX_PAYLOAD:
        raise ProtocolError(f"frame of {length} bytes")
    return frame_type, flags, stream_id, await reader.readexactly(length)


class Connection:
    """One TLS connection to a Flint server, from an optional loopback source address."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.next_stream_id = 1

    @classmethod
    async def open(cls, host, port, context, source=None, timeout=10.0, limit=2 ** 16, receive_buffer=None):
        """receive_buffer: a small SO_RCVBUF, for a client that is to stop reading."""
        if receive_buffer:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
            sock.setblocking(False)
            if source:
                sock.bind((source, 0))
            await asyncio.wait_for(asyncio.get_running_loop().sock_connect(sock, (host, port)), timeout)
            connecting = asyncio.open_connection(sock=sock, ssl=context, server_hostname=host,
                                                 ssl_handshake_timeout=timeout, limit=limit)
        else:
            local_addr = (source, 0) if source else None
            connecting = asyncio.open_connection(host, port, ssl=context, server_hostname=host,
                                                 local_addr=local_addr, ssl_handshake_timeout=timeout,
                                                 limit=limit)
        reader, writer = await asyncio.wait_for(connecting, timeout)
        chosen = writer.get_extra_info("ssl_object").selected_alpn_protocol()
        if chosen != ALPN:
            writer.close()
            raise ProtocolError(f"the server chose ALPN {chosen!r}")
        return cls(reader, writer)

    async def start(self, timeout=10.0):
        """Sends the preface and SETTINGS, and reads the server's SETTINGS."""
        self.writer.write(client_start())
        await self.writer.drain()
        frame_type, _, _, _ = await asyncio.wait_for(read_frame(self.reader), timeout)
        if frame_type != SETTINGS:
            raise ProtocolError(f"first server frame is type {frame_type}, not SETTINGS")

    def send_call(self, method, request=b"", authorization="", timeout_ms=0):
        """Writes HEADERS and the request MESSAGE of a new stream; returns its id."""
        stream_id = self.next_stream_id
        self.next_stream_id += 1
        self.writer.write(frame(HEADERS, stream_id, request_headers(method, authorization, timeout_ms=timeout_ms))
                          + frame(MESSAGE, stream_id, request, END_STREAM))
        return stream_id

    async def health_check(self, timeout=10.0):
        """One Health/Check call; returns the status code of its TRAILERS."""
        stream_id = self.send_call(HEALTH_CHECK)
        await self.writer.drain()

        async def answer():
            while True:
                frame_type, _, frame_stream, payload = await read_frame(self.reader)
                if frame_type == TRAILERS and frame_stream == stream_id:
                    return status(payload)[0]
                if frame_type == GOAWAY:
                    raise ProtocolError("GOAWAY during a health check: %r" % (go_away(payload),))

        return await asyncio.wait_for(answer(), timeout)

    def close(self):
        self.writer.transport.abort()


async def wait_closed_by_server(reader, limit_seconds):
    """Reads (and drops) whatever arrives until the server closes; returns the frames' types
    seen, or raises asyncio.TimeoutError when the connection is still open at the limit."""
    async def drain():
        seen = []
        buffer = b""
        while True:
            try:
                chunk = await reader.read(65536)
            except CLOSED:
                return seen
            if not chunk:
                return seen
            buffer += chunk
            while len(buffer) >= HEADER_SIZE:
                length, frame_type, _, _ = struct.unpack(">IBBI", buffer[:HEADER_SIZE])
                if len(buffer) < HEADER_SIZE + length:
                    break
                seen.append((frame_type, buffer[HEADER_SIZE:HEADER_SIZE + length]))
                buffer = buffer[HEADER_SIZE + length:]
            if len(buffer) > MAX_PAYLOAD + HEADER_SIZE:
                raise ProtocolError("server frame too large")

    return await asyncio.wait_for(drain(), limit_seconds)


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[index]


# ---- what the items' tools share -----------------------------------------------------------

def resident_kb(pid):
    """The resident memory of process `pid`, in KiB (VmRSS)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def descriptors(pid):
    """The open file descriptors of process `pid`."""
    return len(os.listdir(f"/proc/{pid}/fd"))


def add_server_arguments(parser):
    """--port, --ca, --pid: the apiserver a tool works against, and --results."""
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--results", required=True, help="file for the figures (lib/common.sh record_rows)")


class Figures:
    """An item's figures, written for lib/common.sh's record_rows: figure, measured, target,
    PASS|FAIL, tab-separated, one a line."""

    def __init__(self):
        self.rows = []

    def add(self, figure, measured, target, ok):
        self.rows.append((figure, measured, target, "PASS" if ok else "FAIL"))

    def write(self, path):
        with open(path, "w") as out:
            for row in self.rows:
                out.write("\t".join(row) + "\n")
