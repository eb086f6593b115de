import Foundation

// flint-bench [ratelimit|usage|auth|all|inference|toolcalls] [--count N]
// flint-bench stub --port P | load --port P --data-dir D [--calls N] [--in-flight K] [--method complete|health]
// inference and toolcalls need the embedded model (scripts/setup-model.sh); --count is the runs per side.
let arguments = CommandLine.arguments.dropFirst()
let countIndex = arguments.firstIndex(of: "--count")
let which = arguments.enumerated().first { !$0.element.hasPrefix("-") && $0.offset != countIndex.map { arguments.distance(from: arguments.startIndex, to: $0) + 1 } }?.element ?? "all"
let count = arguments.firstIndex(of: "--count").flatMap { Int(arguments[arguments.index(after: $0)]) } ?? 1_000_000

if which == "stub" { try await HotPathLoad.serveStub(Array(arguments)) }
print("flint-bench \(which), \(count) operations each, \(ProcessInfo.processInfo.activeProcessorCount) cores")
var results: [Result] = []
if which == "ratelimit" || which == "all" { results += await RateLimitBenchmark.run(count: count) }
if which == "usage" || which == "all" { results += try await UsageBenchmark.run(count: min(count, 200_000)) }
if which == "auth" || which == "all" { results += try await AuthBenchmark.run(count: count) }
if which == "inference" { results += try await InferenceBenchmark.run(runs: min(count, 20)) }
if which == "load" { results += try await HotPathLoad.run(Array(arguments)) }
if which == "toolcalls" { results += try await ToolCallBenchmark.run() }
for result in results { result.print() }
