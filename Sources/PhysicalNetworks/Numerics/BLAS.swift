import CBLAS

/// A read-only view of a row-major matrix inside a larger buffer: `rows × columns` entries,
/// entry (i, j) at `base[i · leadingDimension + j]`.
///
/// A leading dimension larger than `columns` selects a block of columns out of a wider matrix —
/// e.g. the columns of one node layer in a B × n batch of states — without copying.
public struct MatrixView {
    public let base: UnsafePointer<Double>
    public let rows: Int
    public let columns: Int
    /// Distance between the starts of consecutive rows (≥ columns).
    public let leadingDimension: Int

    /// - Precondition: `rows, columns ≥ 0` and `leadingDimension ≥ max(columns, 1)`.
    @inlinable
    public init(base: UnsafePointer<Double>, rows: Int, columns: Int, leadingDimension: Int? = nil) {
        let ld = leadingDimension ?? max(columns, 1)
        precondition(rows >= 0 && columns >= 0 && ld >= max(columns, 1),
                     "matrix view \(rows) × \(columns) with leading dimension \(ld)")
        self.base = base
        self.rows = rows
        self.columns = columns
        self.leadingDimension = ld
    }

    /// A contiguous row-major `rows × columns` matrix at the start of `buffer`.
    @inlinable
    public init(_ buffer: UnsafeBufferPointer<Double>, rows: Int, columns: Int) {
        precondition(buffer.count >= rows * columns,
                     "a \(rows) × \(columns) matrix needs \(rows * columns) entries, buffer has \(buffer.count)")
        // A zero-size matrix is never read, so any non-nil base will do.
        self.init(base: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!, rows: rows, columns: columns)
    }
}

/// A writable view of a row-major matrix inside a larger buffer (see `MatrixView`).
public struct MutableMatrixView {
    public let base: UnsafeMutablePointer<Double>
    public let rows: Int
    public let columns: Int
    /// Distance between the starts of consecutive rows (≥ columns).
    public let leadingDimension: Int

    /// - Precondition: `rows, columns ≥ 0` and `leadingDimension ≥ max(columns, 1)`.
    @inlinable
    public init(base: UnsafeMutablePointer<Double>, rows: Int, columns: Int, leadingDimension: Int? = nil) {
        let ld = leadingDimension ?? max(columns, 1)
        precondition(rows >= 0 && columns >= 0 && ld >= max(columns, 1),
                     "matrix view \(rows) × \(columns) with leading dimension \(ld)")
        self.base = base
        self.rows = rows
        self.columns = columns
        self.leadingDimension = ld
    }

    /// A contiguous row-major `rows × columns` matrix at the start of `buffer`.
    @inlinable
    public init(_ buffer: UnsafeMutableBufferPointer<Double>, rows: Int, columns: Int) {
        precondition(buffer.count >= rows * columns,
                     "a \(rows) × \(columns) matrix needs \(rows * columns) entries, buffer has \(buffer.count)")
        self.init(base: buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, rows: rows, columns: columns)
    }

    public var readOnly: MatrixView {
        MatrixView(base: UnsafePointer(base), rows: rows, columns: columns, leadingDimension: leadingDimension)
    }
}

/// Dense level-2 and level-3 BLAS (OpenBLAS) on row-major matrix views: the only door from
/// device families to `cblas_dgemm` / `cblas_dgemv`. Allocates nothing; any dimension may be
/// zero. Views may have leading dimensions larger than their widths (strided blocks).
///
/// Thread count and kernel are OpenBLAS's (`OPENBLAS_NUM_THREADS`, `BLASInfo.coreName`).
public enum BLAS {
    /// Which operands of a product enter transposed (`[]`: both as stored).
    public struct Transposition: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// op(A) = Aᵀ.
        public static let first = Transposition(rawValue: 1)
        /// op(B) = Bᵀ.
        public static let second = Transposition(rawValue: 2)
    }

    static func cblas(_ transposed: Bool) -> CBLAS_TRANSPOSE { transposed ? CblasTrans : CblasNoTrans }

    /// General matrix product (GEMM):
    ///
    ///     C ← α · op(A) · op(B) + β · C
    ///
    /// - Parameters:
    ///   - a, b: the operands as stored; `transposing` says which enter transposed.
    ///   - c: the result, shape rows(op(A)) × columns(op(B)); must not overlap A or B.
    ///   - alpha, beta: with β = 0 the old contents of C (even NaN) are ignored, as BLAS
    ///     specifies; β = 1 accumulates.
    /// - Precondition: the shapes agree.
    /// - Complexity: rows(C) · columns(C) · columns(op(A)) multiply-adds.
    public static func multiply(
        _ a: MatrixView, _ b: MatrixView, transposing transposition: Transposition = [],
        into c: MutableMatrixView, alpha: Double = 1, beta: Double = 0
    ) {
        let ta = transposition.contains(.first), tb = transposition.contains(.second)
        let (m, inner) = ta ? (a.columns, a.rows) : (a.rows, a.columns)
        let (innerB, n) = tb ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(inner == innerB && c.rows == m && c.columns == n,
                     "GEMM shapes: op(A) \(m) × \(inner), op(B) \(innerB) × \(n), C \(c.rows) × \(c.columns)")
        guard m > 0 && n > 0 else { return }
        cblas_dgemm(CblasRowMajor, cblas(ta), cblas(tb), Int32(m), Int32(n), Int32(inner),
                    alpha, a.base, Int32(a.leadingDimension), b.base, Int32(b.leadingDimension),
                    beta, c.base, Int32(c.leadingDimension))
    }

    /// General matrix–vector product (GEMV):
    ///
    ///     y ← α · op(A) · x + β · y,   op(A) = Aᵀ when `transposed`
    ///
    /// - Parameters:
    ///   - x: columns(op(A)) entries, `xStride` apart.
    ///   - y: rows(op(A)) entries, `yStride` apart; must not overlap A or x.
    /// - Complexity: rows(A) · columns(A) multiply-adds.
    public static func multiply(
        _ a: MatrixView, transposed: Bool = false,
        vector x: UnsafePointer<Double>, stride xStride: Int = 1,
        into y: UnsafeMutablePointer<Double>, stride yStride: Int = 1,
        alpha: Double = 1, beta: Double = 0
    ) {
        precondition(xStride > 0 && yStride > 0, "GEMV strides must be positive: \(xStride), \(yStride)")
        let (outputs, inputs) = transposed ? (a.columns, a.rows) : (a.rows, a.columns)
        guard outputs > 0 else { return }
        guard inputs > 0 else {
            // Empty sum: y ← β y (BLAS would do the same; kept explicit for β = 0 and NaN).
            for i in 0..<outputs { y[i * yStride] = beta == 0 ? 0 : beta * y[i * yStride] }
            return
        }
        cblas_dgemv(CblasRowMajor, cblas(transposed), Int32(a.rows), Int32(a.columns), alpha,
                    a.base, Int32(a.leadingDimension), x, Int32(xStride), beta, y, Int32(yStride))
    }
}
