import XCTest
@testable import PhysicalNetworks

final class ProgressBarTests: XCTestCase {
    /// A fake clock and a captured output.
    private final class Harness: @unchecked Sendable {
        var now = 100.0
        var written: [String] = []
    }

    func testTerminalRedrawsOneLineAndIsRateLimited() {
        let harness = Harness()
        var bar = ProgressBar(total: 10, label: "train", style: .terminal, minimumInterval: 0.125,
                              clock: { harness.now }, output: { harness.written.append($0) })
        bar.update(completed: 1, status: "loss 0.5")
        harness.now += 0.0625
        bar.update(completed: 2, status: "loss 0.4")  // too soon: not drawn
        harness.now += 0.0625
        bar.update(completed: 3)
        bar.finish(status: "done")
        XCTAssertEqual(harness.written, [
            "\rtrain  [##......................]   1/10  loss 0.5  0:00 elapsed, 0:00 left",
            "\rtrain  [#######.................]   3/10  0:00 elapsed, 0:00 left" + String(repeating: " ", count: 10),
            "\rtrain  [########################]  10/10  done  0:00 elapsed" + String(repeating: " ", count: 5),
            "\n",
        ])
    }

    func testPlainLinesWhenNotATerminal() {
        let harness = Harness()
        var bar = ProgressBar(total: 3, label: "train", style: .lines, clock: { harness.now },
                              output: { harness.written.append($0) })
        XCTAssertEqual(bar.minimumInterval, 1)
        bar.update(completed: 1, status: "loss 0.5")
        harness.now += 0.5
        bar.update(completed: 2, status: "loss 0.4")
        harness.now += 75
        bar.update(completed: 3, status: "loss 0.3")  // the last step is always drawn
        bar.finish(status: "loss 0.3")
        bar.finish()
        XCTAssertEqual(harness.written, ["train  1/3  loss 0.5  0:00 elapsed\n", "train  3/3  loss 0.3  1:16 elapsed\n",
                                         "train  3/3  loss 0.3  1:16 elapsed\n"])
    }

    func testRemainingTimeAndDurations() {
        XCTAssertEqual(ProgressBar.render(label: "fit", completed: 25, total: 100, status: "", elapsed: 30, style: .terminal),
                       "fit  [######..................]   25/100  0:30 elapsed, 1:30 left")
        XCTAssertEqual(ProgressBar.duration(3725), "1:02:05")
        XCTAssertEqual(ProgressBar.duration(59.6), "1:00")
        XCTAssertEqual(ProgressBar.duration(.nan), "0:00")
    }
}
