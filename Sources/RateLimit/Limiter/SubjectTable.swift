/// A key or a partner, as the limiter tells them apart.
struct Subject: Hashable, Sendable {
    var scope: QuotaScope
    var id: String
}

/// The limiter's state per subject, with bounded memory.
///
/// Dormant subjects (see ``SubjectState/isDormant(at:)``) carry no information and are
/// forgotten: each call sweeps a few entries, round-robin. When the table is full
/// (``maxSubjects``) and a new subject arrives, it first forgets every dormant subject;
/// if that frees nothing, it forgets the least recently used quarter of the subjects with
/// nothing in flight. That loses their levels (they start full again when they return):
/// the price of a hard bound, paid only when more subjects are active at once than the
/// bound allows. Subjects with calls in flight are never forgotten, so the table can
/// exceed the bound only by subjects with calls in flight.
struct SubjectTable: Sendable {
    private struct Entry: Sendable {
        var subject: Subject
        var state: SubjectState
    }

    let maxSubjects: Int
    private var entries: [Entry] = []
    private var slots: [Subject: Int] = [:]
    private var cursor = 0

    init(maxSubjects: Int) {
        self.maxSubjects = max(2, maxSubjects)
    }

    var count: Int { self.entries.count }

    subscript(subject: Subject) -> SubjectState? {
        guard let slot = self.slots[subject] else { return nil }
        return self.entries[slot].state
    }

    /// Every subject and its state.
    var all: [(Subject, SubjectState)] { self.entries.map { ($0.subject, $0.state) } }

    /// Stores `state`, making room first if `subject` is new and the table is full.
    mutating func store(_ state: SubjectState, for subject: Subject, at moment: Moment) {
        if let slot = self.slots[subject] {
            self.entries[slot].state = state
            return
        }
        if self.entries.count >= self.maxSubjects {
            self.makeRoom(at: moment)
        }
        self.slots[subject] = self.entries.count
        self.entries.append(Entry(subject: subject, state: state))
    }

    mutating func removeAll() {
        self.entries.removeAll()
        self.slots.removeAll()
        self.cursor = 0
    }
}

extension SubjectTable {
    /// Looks at up to `steps` entries from where the last sweep stopped and forgets the
    /// dormant ones.
    mutating func sweep(steps: Int, at moment: Moment) {
        for _ in 0..<steps {
            guard !self.entries.isEmpty else { return }
            if self.cursor >= self.entries.count {
                self.cursor = 0
            }
            if self.entries[self.cursor].state.isDormant(at: moment) {
                self.remove(at: self.cursor)  // another entry moves into the cursor's slot
            } else {
                self.cursor += 1
            }
        }
    }

    private mutating func makeRoom(at moment: Moment) {
        self.cursor = 0
        self.sweep(steps: self.entries.count, at: moment)
        guard self.entries.count >= self.maxSubjects else { return }
        let idle = self.entries.filter { $0.state.inFlight == 0 }
        let oldest = idle.sorted { $0.state.lastUsedMs < $1.state.lastUsedMs }
        for entry in oldest.prefix(max(1, self.maxSubjects / 4)) {
            if let slot = self.slots[entry.subject] {
                self.remove(at: slot)
            }
        }
    }

    /// Removes the entry at `slot` by moving the last entry into it.
    private mutating func remove(at slot: Int) {
        let removed = self.entries[slot].subject
        let last = self.entries.removeLast()
        self.slots[removed] = nil
        guard slot < self.entries.count else { return }
        self.entries[slot] = last
        self.slots[last.subject] = slot
    }
}
