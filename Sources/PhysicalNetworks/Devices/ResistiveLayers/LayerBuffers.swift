/// One batch-sized matrix per layer (rows × n_l, row-major, leading dimension n_l), carved from
/// one zero-initialized allocation that the owner frees with `deallocate()`.
struct LayerBuffers {
    /// The matrix of layer l; layers not asked for are empty (count 0).
    let layers: [UnsafeMutablePointer<Double>]
    private let arena: UnsafeMutableBufferPointer<Double>

    /// - Parameters:
    ///   - columns: n_l for each layer.
    ///   - rows: the batch capacity.
    ///   - skipping: layers that get no storage (e.g. the clamped input).
    init(columns: [Int], rows: Int, skipping: Set<Int> = []) {
        let sizes = columns.enumerated().map { skipping.contains($0.offset) ? 0 : $0.element * rows }
        arena = .allocate(capacity: max(sizes.reduce(0, +), 1))
        arena.initialize(repeating: 0)
        var pointers: [UnsafeMutablePointer<Double>] = []
        var offset = 0
        for size in sizes {
            pointers.append(arena.baseAddress! + offset)
            offset += size
        }
        layers = pointers
    }

    subscript(_ l: Int) -> UnsafeMutablePointer<Double> { layers[l] }

    func deallocate() { arena.deallocate() }
}
