import Foundation

/// A planned two-dimensional discrete Fourier transform of an L1 × L2 complex array stored
/// row-major as interleaved (re, im) pairs, done row–column with two `FourierTransform` plans:
///
///     forward:  X_{k1 k2} = Σ_{j1 j2} x_{j1 j2} e^{−2πi (j1 k1 / L1 + j2 k2 / L2)}
///
/// unnormalized as FFTW (backward(forward(x)) = L1·L2 x). Plans are made once at `init`; the
/// transforms write only into caller-owned scratch, so the type is immutable and `Sendable`.
///
/// - Complexity: O(L1·L2 log(L1·L2)); the L2 columns are gathered into a contiguous buffer.
final class LatticeFourierTransform: Sendable {
    let rows: Int
    let columns: Int
    private let rowTransform: FourierTransform
    private let columnTransform: FourierTransform

    init(rows: Int, columns: Int) {
        precondition(rows >= 1 && columns >= 1, "lattice \(rows) × \(columns) must have positive sides")
        self.rows = rows
        self.columns = columns
        rowTransform = FourierTransform(count: columns)
        columnTransform = FourierTransform(count: rows)
    }

    /// Doubles of `temporary` (2·L1·L2) and of `column` (4·L1) scratch one transform needs.
    var temporaryCount: Int { 2 * rows * columns }
    var columnCount: Int { 4 * rows }

    /// data ← DFT₂(data) (`backward`: the unnormalized inverse), through the scratch buffers.
    func transform(_ data: UnsafeMutablePointer<Double>, backward: Bool,
                   temporary: UnsafeMutablePointer<Double>, column: UnsafeMutablePointer<Double>) {
        let width = 2 * columns
        for r in 0..<rows {
            let input = UnsafeMutableBufferPointer(start: data + r * width, count: width)
            let output = UnsafeMutableBufferPointer(start: temporary + r * width, count: width)
            if backward { rowTransform.backward(input, into: output) } else { rowTransform.forward(input, into: output) }
        }
        let columnIn = UnsafeMutableBufferPointer(start: column, count: 2 * rows)
        let columnOut = UnsafeMutableBufferPointer(start: column + 2 * rows, count: 2 * rows)
        for q in 0..<columns {
            for r in 0..<rows {
                columnIn[2 * r] = temporary[r * width + 2 * q]
                columnIn[2 * r + 1] = temporary[r * width + 2 * q + 1]
            }
            if backward { columnTransform.backward(columnIn, into: columnOut) } else { columnTransform.forward(columnIn, into: columnOut) }
            for r in 0..<rows {
                data[r * width + 2 * q] = columnOut[2 * r]
                data[r * width + 2 * q + 1] = columnOut[2 * r + 1]
            }
        }
    }
}
