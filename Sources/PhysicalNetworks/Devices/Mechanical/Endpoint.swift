/// Where a mechanical element's endpoint is: a free node, named by the unknown index of its x
/// coordinate (y and, in 3-D, z follow), or a pinned one (index −1) at its fixed anchor.
enum Endpoint {
    /// The endpoint's position in a state row (z = 0 in 2-D).
    @inline(__always)
    static func position(_ index: Int, anchor: SIMD3<Double>, dimension: Int, in row: UnsafePointer<Double>) -> SIMD3<Double> {
        guard index >= 0 else { return anchor }
        return SIMD3(row[index], row[index + 1], dimension == 3 ? row[index + 2] : 0)
    }
}
