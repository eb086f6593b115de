import FlintFuzzTargets

/// libFuzzer's entry point for the messages target; a broken invariant is a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func messagesFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try MessageFuzzing.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        fatalError("messages: \(error)")
    }
    return 0
}
