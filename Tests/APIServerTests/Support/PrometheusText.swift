import Foundation

/// Prometheus text exposition parsed into samples, for exact checks of `/metrics`.
struct PrometheusText {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: String
        var description: String { "not a Prometheus sample line: \(line)" }
    }

    let samples: [Sample]
    /// `# TYPE` lines: metric family name → type.
    let types: [String: String]

    init(_ text: String) throws {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n").map(String.init) where !line.isEmpty {
            if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2 else { throw ParseError(line: line) }
                types[String(parts[0])] = String(parts[1])
            } else if !line.hasPrefix("#") {
                samples.append(try Self.sample(line))
            }
        }
        self.samples = samples
        self.types = types
    }

    /// The value of the one sample named `name` with exactly `labels`; nil if there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { $0.name == name && $0.labels == labels }
        precondition(matching.count <= 1, "two samples of \(name) with labels \(labels)")
        return matching.first?.value
    }

    /// Every sample named `name`.
    func all(_ name: String) -> [Sample] {
        samples.filter { $0.name == name }
    }

    /// `name{a="b",c="d"} value`, label values with \\, \" and \n escapes.
    private static func sample(_ line: String) throws -> Sample {
        var rest = Substring(line)
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)] == "\"" else { throw ParseError(line: line) }
                let label = String(rest[..<equals])
                rest = rest[rest.index(equals, offsetBy: 2)...]
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        rest = rest.dropFirst()
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { throw ParseError(line: line) }
                rest = rest.dropFirst()
                if rest.first == "," { rest = rest.dropFirst() }
                labels[label] = value
                guard !rest.isEmpty else { throw ParseError(line: line) }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ")
        guard let first = fields.first, let value = Double(first) else { throw ParseError(line: line) }
        return Sample(name: name, labels: labels, value: value)
    }
}
