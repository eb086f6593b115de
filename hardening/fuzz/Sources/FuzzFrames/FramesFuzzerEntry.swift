import FlintFuzzTargets

/// libFuzzer's entry point for the frames target; a broken invariant is a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func framesFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try FrameFuzzing.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        fatalError("frames: \(error)")
    }
    return 0
}
