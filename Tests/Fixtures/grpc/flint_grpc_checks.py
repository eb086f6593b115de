"""Calls a Flint server over standard gRPC with the stock Python stack, for the Swift tests.

Stubs are generated from proto/ with grpcio-tools into a temporary directory on every
run. Each check prints one JSON object on stdout with what it saw; the Swift test asserts
on it. Every call has a deadline, so the script always ends.

    python flint_grpc_checks.py --port P --ca CA --proto-root proto --check complete --key K
"""
import argparse
import glob
import importlib
import json
import os
import sys
import tempfile

import grpc
from grpc_tools import protoc

CALL_TIMEOUT = 20


def generate_stubs(proto_root, out):
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    files = sorted(glob.glob(os.path.join(proto_root, "flint", "v1", "*.proto")))
    args = ["protoc", f"-I{proto_root}", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}"] + files
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    sys.path.insert(0, out)


def module(name):
    return importlib.import_module(f"flint.v1.{name}")


def channel(args):
    with open(args.ca, "rb") as f:
        credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
    return grpc.secure_channel(f"127.0.0.1:{args.port}", credentials)


def key_metadata(args):
    return [("authorization", f"Bearer {args.key}")] if args.key else []


def prompt_request(text="hello"):
    inference = module("inference_pb2")
    return inference.CompleteRequest(
        messages=[inference.Message(role=inference.ROLE_USER, parts=[inference.ContentPart(text=inference.TextPart(text=text))])],
        max_tokens=16,
    )


def error_report(error):
    """The status of a failed call, its metadata, and its google.rpc.Status details."""
    from grpc_status import rpc_status
    from google.rpc import error_details_pb2

    report = {
        "code": error.code().name,
        "message": error.details(),
        "initial": {k: v for k, v in (error.initial_metadata() or []) if not k.endswith("-bin")},
        "trailing": {k: v for k, v in (error.trailing_metadata() or []) if not k.endswith("-bin")},
        "details": [],
    }
    status = rpc_status.from_call(error)
    if status is None:
        return report
    report["status_code"] = status.code
    for detail in status.details:
        for kind in ("RetryInfo", "QuotaFailure", "BadRequest", "ErrorInfo"):
            message = getattr(error_details_pb2, kind)()
            if detail.Is(message.DESCRIPTOR):
                detail.Unpack(message)
                entry = {"type": kind}
                if kind == "RetryInfo":
                    entry["retry_delay_ms"] = message.retry_delay.seconds * 1000 + message.retry_delay.nanos // 1_000_000
                elif kind == "QuotaFailure":
                    entry["violations"] = [{"subject": v.subject, "metric": v.quota_metric, "value": v.quota_value} for v in message.violations]
                elif kind == "BadRequest":
                    entry["fields"] = [v.field for v in message.field_violations]
                else:
                    entry["reason"] = message.reason
                    entry["domain"] = message.domain
                report["details"].append(entry)
    return report


def check_complete(args):
    stub = module("inference_pb2_grpc").InferenceStub(channel(args))
    metadata = key_metadata(args) + [("x-request-id", "req-python-1")]
    response, call = stub.Complete.with_call(prompt_request(), metadata=metadata, timeout=CALL_TIMEOUT)
    text = "".join(part.text.text for part in response.content if part.HasField("text"))
    return {
        "code": call.code().name,
        "text": text,
        "output_tokens": response.usage.output_tokens,
        "initial": dict(call.initial_metadata()),
        "trailing": dict(call.trailing_metadata()),
    }


def check_stream(args):
    stub = module("inference_pb2_grpc").InferenceStub(channel(args))
    responses = stub.StreamComplete(prompt_request(), metadata=key_metadata(args), timeout=CALL_TIMEOUT)
    events = list(responses)
    return {
        "code": responses.code().name,
        "events": [event.WhichOneof("event") for event in events],
        "sequences": [event.sequence for event in events],
    }


def check_cancel(args):
    """Reads a few events of a long stream, then cancels it (RST_STREAM)."""
    stub = module("inference_pb2_grpc").InferenceStub(channel(args))
    responses = stub.StreamComplete(prompt_request(), metadata=key_metadata(args), timeout=CALL_TIMEOUT)
    received = 0
    for _ in responses:
        received += 1
        if received == 3:
            responses.cancel()
            break
    code = None
    try:
        for _ in responses:
            pass
    except grpc.RpcError as error:
        code = error.code().name
    return {"received": received, "code": code}


def check_call_error(args):
    """Calls `--method` (default Complete) and reports how it failed."""
    inference = module("inference_pb2")
    health = module("health_pb2")
    method = args.method or "/flint.v1.Inference/Complete"
    if method.startswith("/flint.v1.Inference/"):
        request, response_type = prompt_request(), inference.CompleteResponse
    else:
        request, response_type = health.HealthCheckRequest(service=args.service), health.HealthCheckResponse
    call = channel(args).unary_unary(method, request_serializer=lambda m: m.SerializeToString(), response_deserializer=response_type.FromString)
    metadata = key_metadata(args) + [(k, v) for k, v in (item.split("=", 1) for item in args.metadata)]
    timeout = args.timeout if args.timeout else CALL_TIMEOUT
    try:
        call(request, metadata=metadata, timeout=timeout)
    except grpc.RpcError as error:
        return error_report(error)
    return {"code": "OK"}


def check_quota(args):
    """Calls Complete until it is refused; reports the refusal."""
    stub = module("inference_pb2_grpc").InferenceStub(channel(args))
    for attempt in range(1, 6):
        try:
            stub.Complete(prompt_request(), metadata=key_metadata(args), timeout=CALL_TIMEOUT)
        except grpc.RpcError as error:
            report = error_report(error)
            report["attempt"] = attempt
            return report
    return {"code": "OK", "attempt": 5}


def check_health(args):
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    stub = health_pb2_grpc.HealthStub(channel(args))
    overall = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=CALL_TIMEOUT)
    inference = stub.Check(health_pb2.HealthCheckRequest(service="flint.v1.Inference"), timeout=CALL_TIMEOUT)
    try:
        stub.Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=CALL_TIMEOUT)
        unknown = "OK"
    except grpc.RpcError as error:
        unknown = error.code().name
    watched = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=CALL_TIMEOUT)
    first = next(watched)
    watched.cancel()
    return {
        "overall": health_pb2.HealthCheckResponse.ServingStatus.Name(overall.status),
        "inference": health_pb2.HealthCheckResponse.ServingStatus.Name(inference.status),
        "unknown": unknown,
        "watch_first": health_pb2.HealthCheckResponse.ServingStatus.Name(first.status),
    }


def check_reflection(args):
    from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
    from google.protobuf.descriptor_pool import DescriptorPool

    database = ProtoReflectionDescriptorDatabase(channel(args))
    services = sorted(database.get_services())
    pool = DescriptorPool(database)
    complete = pool.FindMethodByName("flint.v1.Inference.Complete")
    by_file = database.FindFileByName("flint/v1/health.proto")
    return {
        "services": services,
        "complete_input": complete.input_type.full_name,
        "complete_output": complete.output_type.full_name,
        "health_file": by_file.name,
    }


CHECKS = {
    "complete": check_complete,
    "stream": check_stream,
    "cancel": check_cancel,
    "call-error": check_call_error,
    "quota": check_quota,
    "health": check_health,
    "reflection": check_reflection,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--proto-root", required=True)
    parser.add_argument("--check", choices=sorted(CHECKS), required=True)
    parser.add_argument("--key", default="")
    parser.add_argument("--method", default="")
    parser.add_argument("--service", default="")
    parser.add_argument("--timeout", type=float, default=0)
    parser.add_argument("--metadata", action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        generate_stubs(args.proto_root, out)
        print(json.dumps(CHECKS[args.check](args)))


if __name__ == "__main__":
    main()
