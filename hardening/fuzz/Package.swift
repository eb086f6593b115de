// swift-tools-version:6.2
import PackageDescription

/// libFuzzer targets for Flint's wire parsing, in a package of their own so the main build
/// and `swift test` stay fast. Built and run by `./run`, in release with
/// `-sanitize=fuzzer,address`.
///
/// What the targets drive (``FrameParser`` and ``ServerConnectionStateMachine`` of `Wire`,
/// the ``ProtobufMessage`` types of `FlintAPI`) is public API, so this package depends on
/// the main package by path and imports both plainly: no `@testable` build is needed. The
/// per-input logic is the `FlintFuzzTargets` library; the main package's `WireTests`
/// compile the same files (a symlink) to replay the committed corpora in `swift test`.
let strictSwift: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "flint-fuzz",
    dependencies: [
        .package(name: "flint", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // One function per target, called by the fuzzer entry points and the replay test.
        .target(
            name: "FlintFuzzTargets",
            dependencies: [
                .product(name: "FlintAPI", package: "flint"),
                .product(name: "Wire", package: "flint"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // libFuzzer entry points: no main of their own, `-sanitize=fuzzer` links libFuzzer's.
        .executableTarget(
            name: "fuzz-frames",
            dependencies: ["FlintFuzzTargets"],
            path: "Sources/FuzzFrames",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "fuzz-messages",
            dependencies: ["FlintFuzzTargets"],
            path: "Sources/FuzzMessages",
            swiftSettings: strictSwift
        ),
        // Writes the seed corpora with the real encoders: `./generate-seeds`.
        .executableTarget(
            name: "fuzz-seeds",
            dependencies: [
                "FlintFuzzTargets",
                .product(name: "FlintAPI", package: "flint"),
                .product(name: "Wire", package: "flint"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/FuzzSeeds",
            swiftSettings: strictSwift
        ),
    ]
)
