import Foundation

/// Writes the seed corpora: `fuzz-seeds <corpus directory>` replaces every seed file
/// ("valid-…", "refused-…") under `<corpus>/frames` and `<corpus>/messages`, and leaves
/// the regression inputs of findings alone.
let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: fuzz-seeds <corpus directory>\n".utf8))
    exit(2)
}
let corpus = URL(fileURLWithPath: arguments[1], isDirectory: true)
let files = FileManager.default
for (target, seeds) in [("frames", FrameSeeds.all()), ("messages", MessageSeeds.all())] {
    let directory = corpus.appendingPathComponent(target, isDirectory: true)
    try files.createDirectory(at: directory, withIntermediateDirectories: true)
    for name in try files.contentsOfDirectory(atPath: directory.path) where name.hasPrefix("valid-") || name.hasPrefix("refused-") {
        try files.removeItem(at: directory.appendingPathComponent(name))
    }
    for seed in seeds {
        try Data(seed.bytes).write(to: directory.appendingPathComponent(seed.name))
    }
    print("\(target): \(seeds.count) seeds")
}
