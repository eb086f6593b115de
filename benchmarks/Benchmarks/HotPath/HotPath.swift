import Auth
import Benchmark
import FlintAPI
import NIOCore
import RateLimit
import Wire

/// B5 of issue 13: the per-call hot path, one operation per iteration, time and mallocs
/// per operation. Every benchmark calls the main package's public API as the server does.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    Benchmark(
        "Auth: cached key check",
        configuration: .init(setup: { try await KeyCheckFixture.open() }, teardown: { await KeyCheckFixture.close() })
    ) { benchmark in
        let fixture = KeyCheckFixture.current
        for _ in benchmark.scaledIterations {
            blackHole(await fixture.checkKey())
        }
    }

    Benchmark("RateLimit: admission (admit + settle)") { benchmark in
        let admission = AdmissionFixture()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            admission.admitAndSettle(key: AdmissionFixture.key, partner: AdmissionFixture.partner)
        }
    }

    Benchmark(
        "Auth + RateLimit: cached key check + admission",
        configuration: .init(setup: { try await KeyCheckFixture.open() }, teardown: { await KeyCheckFixture.close() })
    ) { benchmark in
        let fixture = KeyCheckFixture.current
        let admission = AdmissionFixture()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let principal = await fixture.checkKey()
            admission.admitAndSettle(key: principal.keyID.description, partner: principal.partner)
        }
    }

    Benchmark("Wire: frame encode (\(SampleMessages.payloadDescription))") { benchmark in
        let frame = Frame(type: .message, streamID: 1, payload: ByteBuffer(bytes: SampleMessages.completeRequestBytes))
        var buffer = ByteBuffer()
        buffer.reserveCapacity(FrameHeader.size + frame.payload.readableBytes)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            buffer.clear()
            buffer.writeFrame(frame)
            blackHole(buffer.readableBytes)
        }
    }

    Benchmark("Wire: frame decode (\(SampleMessages.payloadDescription))") { benchmark in
        var encoded = ByteBuffer()
        encoded.writeFrame(Frame(type: .message, streamID: 1, payload: ByteBuffer(bytes: SampleMessages.completeRequestBytes)))
        var parser = FrameParser(maxPayloadSize: 1 << 20, expectsPreface: false)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var received = encoded
            guard case .frame(let frame) = try parser.next(from: &received) else { fatalError("no frame parsed") }
            blackHole(frame)
        }
    }

    Benchmark("FlintAPI: CompleteRequest encode (protobuf-c, \(SampleMessages.payloadDescription))") { benchmark in
        let request = SampleMessages.completeRequest
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(request.protobufBytes())
        }
    }

    Benchmark("FlintAPI: CompleteRequest decode (protobuf-c, \(SampleMessages.payloadDescription))") { benchmark in
        let bytes = SampleMessages.completeRequestBytes
        try bytes.withUnsafeBytes { raw in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try CompleteRequest(protobufBytes: raw))
            }
        }
    }
}
