import Foundation
import XCTest
@testable import PhysicalNetworks

final class MetricsLogTests: XCTestCase {
    func testHeaderOnceThenOneRowPerEpoch() throws {
        let path = try makeTemporaryFolder() + "/metrics.csv"
        var log = try MetricsLog(path: path, columns: ["loss", "accuracy", "seconds"])
        XCTAssertEqual(contents(of: path), "epoch,loss,accuracy,seconds\n")
        try log.append(MetricsRecord(epoch: 1, values: [0.5, .nan, 1.25]))
        try log.append(MetricsRecord(epoch: 2, values: [1e-5, 1, .infinity]))
        XCTAssertEqual(contents(of: path), "epoch,loss,accuracy,seconds\n1,0.5,nan,1.25\n2,1e-05,1.0,inf\n")
        XCTAssertEqual(log.records.map(\.epoch), [1, 2])
    }

    /// A run appended epochs 1–3 but was killed before checkpointing epoch 3 (and mid-way through
    /// a fourth line): resuming from the checkpoint (epoch 2) rewrites the file with its two rows,
    /// and the resumed run appends epoch 3 once.
    func testResumeContinuesFromTheCheckpointWithoutDuplicates() throws {
        let path = try makeTemporaryFolder() + "/metrics.csv"
        var log = try MetricsLog(path: path, columns: ["loss"])
        for epoch in 1...3 { try log.append(MetricsRecord(epoch: epoch, values: [1 / Double(epoch)])) }
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("4,0.2".utf8))
        handle.closeFile()

        let checkpointed = Array(log.records.prefix(2))
        var resumed = try MetricsLog(path: path, columns: ["loss"], records: checkpointed)
        XCTAssertEqual(contents(of: path), "epoch,loss\n1,1.0\n2,0.5\n")
        try resumed.append(MetricsRecord(epoch: 3, values: [1.0 / 3]))
        XCTAssertEqual(contents(of: path), "epoch,loss\n1,1.0\n2,0.5\n3,0.3333333333333333\n")
        XCTAssertEqual(resumed.records, log.records)
    }

    func testAppendToAVanishedFileIsAnError() throws {
        let folder = try makeTemporaryFolder()
        var log = try MetricsLog(path: folder + "/metrics.csv", columns: ["loss"])
        try FileManager.default.removeItem(atPath: folder + "/metrics.csv")
        XCTAssertThrowsError(try log.append(MetricsRecord(epoch: 1, values: [0]))) { error in
            XCTAssertEqual("\(error)", folder + "/metrics.csv: cannot open to append: No such file or directory")
        }
        XCTAssertEqual(log.records, [])
    }
}
