// swift-tools-version:6.2
import PackageDescription

/// Micro-benchmarks of Flint's per-call hot path (issue 13, B5), in a package of their own
/// so the main build and `swift test` stay fast. Run with `scripts/bench-micro.sh`.
///
/// Each benchmark drives public API of the main package's modules (`Auth`, `RateLimit`,
/// `Wire`, `FlintAPI`), depended on by path, and measures time and mallocs per operation
/// with ordo-one/benchmark. Its `MallocInterposer` trait counts the mallocs; the default
/// `RuntimeInterposer` trait is left off (its package is not needed for these metrics).
let package = Package(
    name: "flint-benchmarks",
    dependencies: [
        .package(name: "flint", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "HotPath",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Auth", package: "flint"),
                .product(name: "RateLimit", package: "flint"),
                .product(name: "Wire", package: "flint"),
                .product(name: "FlintAPI", package: "flint"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/HotPath",
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .treatAllWarnings(as: .error),
            ],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
