import Foundation
import XCTest
@testable import PhysicalNetworks

final class RunFolderTests: XCTestCase {
    func testCreateNamesTheFilesAndWritesCommandAndSummary() throws {
        let folder = try makeTemporaryFolder()
        let run = try RunFolder.create(at: folder + "/runs/xor/")
        XCTAssertEqual(run.metricsPath, folder + "/runs/xor/metrics.csv")
        XCTAssertEqual(run.checkpointPath, folder + "/runs/xor/checkpoint.json")
        XCTAssertEqual(run.summaryPath, folder + "/runs/xor/summary.json")
        XCTAssertEqual(run.commandPath, folder + "/runs/xor/command.txt")
        try run.writeCommand(["nudge", "train", "circuits/xor.cir", "--lr", "1e-3", "--out", "my runs/it's"])
        XCTAssertEqual(contents(of: run.commandPath),
                       #"nudge train circuits/xor.cir --lr 1e-3 --out 'my runs/it'\''s'"# + "\n")
        try run.writeSummary(.object([("epochs", .integer(3)), ("loss", .number(0.25))]))
        XCTAssertEqual(contents(of: run.summaryPath), #"{"epochs": 3, "loss": 0.25}"# + "\n")
        // An existing folder without a run is reused.
        XCTAssertEqual(try RunFolder.create(at: folder + "/runs/xor/"), run)
    }

    func testCreateRefusesAFolderHoldingARunAndOpenRequiresOne() throws {
        let folder = try makeTemporaryFolder()
        let run = try RunFolder.create(at: folder)
        XCTAssertThrowsError(try RunFolder.open(at: folder)) { error in
            XCTAssertEqual("\(error)", folder + ": holds no checkpoint.json to resume from")
        }
        try AtomicFile.write("{}", to: run.checkpointPath)
        XCTAssertEqual(try RunFolder.open(at: folder), run)
        XCTAssertThrowsError(try RunFolder.create(at: folder)) { error in
            XCTAssertEqual("\(error)", folder + ": already holds a run (checkpoint.json); resume it or choose another folder")
        }
        XCTAssertThrowsError(try RunFolder.open(at: folder + "/nope")) { error in
            XCTAssertEqual("\(error)", folder + "/nope: no such run folder")
        }
        XCTAssertThrowsError(try RunFolder.create(at: run.checkpointPath)) { error in
            XCTAssertEqual("\(error)", run.checkpointPath + ": exists and is not a folder")
        }
        XCTAssertThrowsError(try RunFolder.open(at: run.checkpointPath)) { error in
            XCTAssertEqual("\(error)", run.checkpointPath + ": is not a folder")
        }
    }
}
