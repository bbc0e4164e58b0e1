import Foundation
import XCTest

/// Runs the built `nudge` executable, as a user would, and captures what it prints.
struct CommandLineRun {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// The repository root (this file is Tests/nudgeTests/CommandLineRun.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `nudge` binary of the build that produced this test bundle: beside the bundle in the
    /// products directory (whatever the scratch path), else `.build/debug/nudge`.
    static let executable: URL? = {
        let fileManager = FileManager.default
        var directories: [URL] = []
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        directories.append(testBinary.deletingLastPathComponent())
        let bundle = Bundle(for: BundleMarker.self).bundleURL.resolvingSymlinksInPath()
        directories.append(bundle.deletingLastPathComponent())
        directories.append(bundle)
        // macOS: …/nudgePackageTests.xctest/Contents/MacOS/nudgePackageTests.
        directories.append(testBinary.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent())
        directories.append(packageRoot.appendingPathComponent(".build/debug"))
        return directories.lazy.map { $0.appendingPathComponent("nudge") }
            .first { fileManager.isExecutableFile(atPath: $0.path) && !isDirectory($0) }
    }()

    private static func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }

    /// Runs `nudge arguments…` from the repository root; output goes through temporary files,
    /// so a large output cannot block the child on a full pipe.
    /// - Parameters:
    ///   - launcher: a program that starts nudge (e.g. `mpirun` and its options), or none.
    ///   - environment: variables added to this process's environment.
    static func run(_ arguments: [String], launcher: [String] = [], environment: [String: String] = [:],
                    file: StaticString = #filePath, line: UInt = #line) throws -> CommandLineRun {
        let binary = try XCTUnwrap(executable, "no nudge executable beside \(CommandLine.arguments[0])",
                                   file: file, line: line)
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + launcher.dropFirst() + [binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = packageRoot
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CommandLineRun(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// A directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("nudge-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns its path.
    func write(_ text: String, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    var contents: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

private final class BundleMarker {}
