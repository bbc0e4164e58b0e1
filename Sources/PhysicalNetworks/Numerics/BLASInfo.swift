import CBLAS

/// Facts about the BLAS that OpenBLAS picked at run time, recorded beside benchmark numbers.
public enum BLASInfo {
    /// The kernel OpenBLAS runs, e.g. `Haswell` (from `openblas_get_corename()`).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
