#!/usr/bin/env python3
"""Writes the typed method descriptors and the embedded descriptor set of proto/.

    generate_methods.py DESCRIPTOR_SET SWIFT_OUT C_OUT

DESCRIPTOR_SET is what `protoc-c --descriptor_set_out --include_source_info` wrote for
proto/flint/v1. SWIFT_OUT gets `Methods`, one `MethodDescriptor` per rpc (service,
method, request and response types, streaming kind, and the key it needs, read from a
`Key scope: NAME.` line in the rpc's or else its service's leading comment). C_OUT gets
the descriptor set's bytes, for gRPC reflection. Called by scripts/generate-protos.sh only.
"""
import re
import sys


def fields(data):
    """(number, wire type, value) of each field of one encoded protobuf message."""
    position = 0
    while position < len(data):
        key, position = varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, position = varint(data, position)
        elif wire == 2:
            length, position = varint(data, position)
            value, position = data[position:position + length], position + length
        elif wire == 1:
            value, position = data[position:position + 8], position + 8
        elif wire == 5:
            value, position = data[position:position + 4], position + 4
        else:
            raise SystemExit(f"generate_methods: unexpected wire type {wire}")
        yield number, wire, value


def varint(data, position):
    result = shift = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, position


def packed(value):
    position, numbers = 0, []
    while position < len(value):
        number, position = varint(value, position)
        numbers.append(number)
    return numbers


def lower_first(name):
    return name[0].lower() + name[1:]


def main():
    descriptor_set, swift_out, c_out = sys.argv[1:4]
    data = open(descriptor_set, "rb").read()
    services = []
    for number, _, file_bytes in fields(data):
        if number != 1:
            continue
        package, file_services, comments = "", [], {}
        for file_number, _, value in fields(file_bytes):
            if file_number == 2:
                package = value.decode()
            elif file_number == 6:
                file_services.append(value)
            elif file_number == 9:
                for location_number, _, location in fields(value):
                    if location_number != 1:
                        continue
                    path, leading = (), ""
                    for n, _, v in fields(location):
                        if n == 1:
                            path = tuple(packed(v))
                        elif n == 3:
                            leading = v.decode()
                    comments[path] = leading
        for service_index, service_bytes in enumerate(file_services):
            name, methods = "", []
            for n, _, v in fields(service_bytes):
                if n == 1:
                    name = v.decode()
                elif n == 2:
                    methods.append(v)
            service_key = key_scope(comments.get((6, service_index), ""))
            entries = []
            for method_index, method_bytes in enumerate(methods):
                method = {"client_streaming": False, "server_streaming": False}
                for n, _, v in fields(method_bytes):
                    if n == 1:
                        method["name"] = v.decode()
                    elif n == 2:
                        method["input"] = v.decode()
                    elif n == 3:
                        method["output"] = v.decode()
                    elif n == 5:
                        method["client_streaming"] = bool(v)
                    elif n == 6:
                        method["server_streaming"] = bool(v)
                if method["client_streaming"]:
                    raise SystemExit(f"generate_methods: {name}/{method['name']}: client streaming is not part of flint/1")
                method["key"] = key_scope(comments.get((6, service_index, 2, method_index), "")) or service_key
                if not method["key"]:
                    raise SystemExit(f"generate_methods: {package}.{name}/{method['name']}: no 'Key scope: NAME.' line in its comment or its service's")
                entries.append(method)
            services.append((package, name, entries))
    services.sort(key=lambda s: s[1])
    write_swift(swift_out, services)
    write_c(c_out, data)


def key_scope(comment):
    match = re.search(r"Key scope: ([a-z-]+)\.", comment)
    return match.group(1) if match else None


def swift_type(proto_type, package):
    prefix = "." + package + "."
    if not proto_type.startswith(prefix):
        raise SystemExit(f"generate_methods: {proto_type} is not in {package}")
    return proto_type[len(prefix):]


def swift_key(key):
    if key == "none":
        return ".none"
    if key == "any":
        return ".anyKey"
    return f'.scope("{key}")'


def write_swift(path, services):
    lines = [
        "// Generated by scripts/generate-protos.sh from proto/flint/v1. DO NOT EDIT!",
        "",
        "/// Every method of the Flint API, by service: the one description the server's router,",
        "/// the clients and the benchmarks take paths, types, streaming kinds and scopes from.",
        "public enum Methods {",
    ]
    every = []
    for package, service, methods in services:
        lines.append(f"    public enum {service} {{")
        for method in methods:
            request = swift_type(method["input"], package)
            response = swift_type(method["output"], package)
            streaming = ".serverStreaming" if method["server_streaming"] else ".unary"
            name = lower_first(method["name"])
            every.append(f"{service}.{name}")
            lines.append(
                f"        public static let {name} = MethodDescriptor<{request}, {response}>("
                f'service: "{package}.{service}", method: "{method["name"]}", streaming: {streaming}, key: {swift_key(method["key"])})'
            )
        lines.append("    }")
        lines.append("")
    lines.append("    /// Every method, by service and then in the order of its proto.")
    lines.append("    public static let all: [any MethodDescribing] = [")
    for entry in every:
        lines.append(f"        {entry},")
    lines.append("    ]")
    lines.append("}")
    open(path, "w").write("\n".join(lines) + "\n")


def write_c(path, data):
    lines = [
        "/* Generated by scripts/generate-protos.sh from proto/flint/v1. DO NOT EDIT! */",
        "/* The FileDescriptorSet of proto/flint/v1 (with source info), for gRPC reflection. */",
        '#include "flint_descriptor_set.h"',
        "",
        f"const size_t flint_descriptor_set_size = {len(data)};",
        "static const unsigned char flint_descriptor_set[] = {",
    ]
    for start in range(0, len(data), 16):
        lines.append("    " + ", ".join(f"0x{b:02x}" for b in data[start:start + 16]) + ",")
    lines.append("};")
    lines.append("")
    lines.append("const unsigned char *flint_descriptor_set_bytes(void) { return flint_descriptor_set; }")
    open(path, "w").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
