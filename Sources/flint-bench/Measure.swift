import Foundation

/// Timing helpers: wall-clock rates and latency percentiles.
enum Measure {
    /// Runs `body` `count` times and returns operations per second.
    static func rate(count: Int, _ body: (Int) throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        for index in 0..<count { try body(index) }
        return Double(count) / seconds(ContinuousClock.now - start)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The p-th percentile (0...100) of `samples`, in microseconds.
    static func percentile(_ samples: [Duration], _ p: Double) -> Double {
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * p / 100).rounded(.up)) - 1)
        return seconds(sorted[max(0, index)]) * 1e6
    }

    static func format(_ value: Double) -> String {
        String(format: value >= 100 ? "%.0f" : "%.2f", value)
    }
}

/// One printed result line.
struct Result {
    var name: String
    var value: Double
    var unit: String

    func print() {
        Swift.print("\(name.padding(toLength: 58, withPad: " ", startingAt: 0)) \(Measure.format(value).leftPadded(14)) \(unit)")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
