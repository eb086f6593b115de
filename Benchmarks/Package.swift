// swift-tools-version:6.2
import PackageDescription

// Benchmarks live in their own package so the main build and `swift test` stay fast.
// Run them with scripts/bench.sh.
let package = Package(
    name: "flint-benchmarks",
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "flint-bench",
            dependencies: [
                .product(name: "Auth", package: "flint"),
                .product(name: "RateLimit", package: "flint"),
                .product(name: "Ledger", package: "flint"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
