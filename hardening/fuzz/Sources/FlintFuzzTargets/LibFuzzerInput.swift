/// Runs one libFuzzer input through `target` (``FrameFuzzing/run(_:)`` or
/// ``MessageFuzzing/run(_:)``); a broken invariant is a crash, so libFuzzer keeps the input.
public func runLibFuzzerInput<Outcome>(
    _ data: UnsafePointer<UInt8>?, _ size: Int,
    through target: (UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> Outcome
) -> CInt {
    do {
        _ = try target(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        fatalError("\(error)")
    }
    return 0
}
