internal import CAllocator

/// How the server's memory goes back to the system after a load.
///
/// glibc raises its mmap threshold each time a large block is freed, so after a burst of
/// large requests (hundreds of KB each) such blocks come from the heap instead, and the
/// freed heap stays resident: a soak of 1,000 parallel 300 KB calls left the server at
/// about 1.2 GB, against 46 MB before. Fixing the threshold at 128 KiB keeps large blocks
/// mmapped (returned when freed), and trimming on the housekeeping timer hands back free
/// heap pages. Both are no-ops where glibc is not the allocator.
enum AllocatorTuning {
    /// Large blocks: mmapped from this size up, always (no dynamic threshold).
    static let mmapThreshold: Int32 = 128 << 10

    static func configure() {
        flint_allocator_set_mmap_threshold(mmapThreshold)
    }

    /// Returns free heap memory to the system.
    static func trim() {
        flint_allocator_trim()
    }
}
