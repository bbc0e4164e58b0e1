import Foundation

/// Reading a data file whole, with the reason a user is given when it cannot be read; the
/// readers wrap the reason in their own located error.
enum DataFile {
    /// Why a file could not be read: `no such file`, `is a directory, not a data file`, or
    /// `cannot read file`.
    struct Unreadable: Error {
        var reason: String
    }

    /// The contents of the file at `path`.
    static func contents(atPath path: String) -> Result<Data, Unreadable> {
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            return .failure(Unreadable(reason: !exists ? "no such file"
                : isDirectory.boolValue ? "is a directory, not a data file" : "cannot read file"))
        }
    }
}
