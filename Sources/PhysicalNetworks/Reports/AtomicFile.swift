import Foundation

/// Writes a whole file so that readers see either the old contents or the new, never a part.
///
/// Protocol: create a fresh temporary file in the same directory (`.NAME.PID.RANDOM.tmp`,
/// `O_CREAT|O_EXCL`), write everything, `fsync` it, `rename(2)` it over `path` (atomic on POSIX
/// file systems, replacing an existing file), then `fsync` the directory so the rename itself is
/// durable. On any failure the temporary file is removed and `path` is untouched. A replaced
/// file keeps its permission bits; a new one gets 0666 minus the umask.
public enum AtomicFile {
    /// Replaces (or creates) the file at `path` with `data`.
    /// - Throws: `RunFileError` naming `path` and the system's reason.
    public static func write(_ data: Data, to path: String) throws(RunFileError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var random = SystemRandomNumberGenerator()  // only names the temporary file
        let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).\(String(random.next() as UInt64, radix: 36)).tmp"

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure(path, "cannot create a temporary file in '\(directory)'") }
        var existing = stat()
        if stat(path, &existing) == 0, (existing.st_mode & S_IFMT) == S_IFREG {
            _ = fchmod(descriptor, existing.st_mode & 0o7777)
        }
        do throws(RunFileError) {
            try writeAll(data, to: descriptor, path: path)
            guard fsync(descriptor) == 0 else { throw failure(path, "cannot flush to disk") }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let error = failure(path, "cannot close")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure(path, "cannot replace")
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// Replaces (or creates) the file at `path` with `text` in UTF-8.
    public static func write(_ text: String, to path: String) throws(RunFileError) {
        try write(Data(text.utf8), to: path)
    }

    /// Writes every byte, retrying short writes and interruptions.
    static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(RunFileError) {
        let ok = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < bytes.count {
                guard let base = bytes.baseAddress else { return false }
                let written = Foundation.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
        guard ok else { throw failure(path, "cannot write") }
    }

    /// Makes a rename in `directory` durable (best effort: some file systems refuse directory fsync).
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// An error with the current `errno`'s text.
    static func failure(_ path: String, _ what: String) -> RunFileError {
        RunFileError("\(what): \(String(cString: strerror(errno)))", path: path)
    }
}
