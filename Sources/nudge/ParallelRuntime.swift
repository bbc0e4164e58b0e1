import ArgumentParser
import Foundation
import PhysicalNetworks

/// The processes `nudge train` and `nudge sweep` run as: the MPI job that started this process
/// (a `nudge` built with `make mpi`, under `mpirun -n P`), or this process alone.
enum ParallelRuntime {
    /// Whether this `nudge` was built with MPI.
    static var isAvailable: Bool {
        #if MPI
        return true
        #else
        return false
        #endif
    }

    /// This process's communicator. Refuses to run as one of several copies that `mpirun`
    /// started of a `nudge` built without MPI (each would train alone and write the same folder).
    static func communicator() throws -> any Communicator {
        let environment = ProcessInfo.processInfo.environment
        let launched = ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"].compactMap { environment[$0].flatMap(Int.init) }.max() ?? 1
        #if MPI
        if shared.size == 1 && launched > 1 {
            throw UserFacingError("a launcher started \(launched) copies of nudge, but its MPI sees only this one "
                                  + "(an mpirun of another MPI than the one nudge was built with?)")
        }
        return shared
        #else
        if launched > 1 {
            throw UserFacingError("this nudge was built without MPI, but mpirun started \(launched) copies of it; "
                                  + "build the MPI one with 'make mpi' and run .build-mpi/release/nudge")
        }
        return SingleProcess()
        #endif
    }

    #if MPI
    nonisolated(unsafe) private static let shared = MPICommunicator()
    #endif

    /// Runs `body`; in a job of several processes, an error of this process ends the whole job
    /// loudly with this process's rank and reason (`MPI_Abort`), instead of leaving the others
    /// waiting in a collective operation forever. A numerical failure the processes agree on
    /// (`ExitCode`) ends each of them normally, rank 0 with the run's status and summary.
    static func guarding(_ communicator: any Communicator, _ body: () throws -> Void) throws {
        guard communicator.size > 1 else { return try body() }
        do {
            try body()
        } catch let exit as ExitCode {
            // A run that ended with a failure status every process agrees on (rank 0 wrote its
            // summary; the others returned): no process waits for another, so each ends normally.
            throw exit
        } catch {
            printError("nudge: process \(communicator.rank) of \(communicator.size): \(String(describing: error)); ending the job")
            fflush(nil)  // every stream, before MPI_Abort ends the process
            #if MPI
            (communicator as? MPICommunicator)?.abort(code: 1)
            #endif
            throw error
        }
    }

    /// For the MPI tests: `NUDGE_MPI_FAULT=rank=R,epoch=E,kind=kill|error` makes process R kill
    /// itself (SIGKILL) or fail with a reason at the start of epoch E (1-based).
    static func injectFault(_ communicator: any Communicator, epoch: Int) {
        guard let text = ProcessInfo.processInfo.environment["NUDGE_MPI_FAULT"] else { return }
        var fields: [String: String] = [:]
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard fields["rank"].flatMap(Int.init) == communicator.rank, fields["epoch"].flatMap(Int.init) == epoch + 1 else { return }
        if fields["kind"] == "kill" { kill(getpid(), SIGKILL) }
        printError("nudge: process \(communicator.rank) of \(communicator.size): injected fault (NUDGE_MPI_FAULT) "
                   + "at the start of epoch \(epoch + 1); ending the job")
        fflush(nil)
        #if MPI
        (communicator as? MPICommunicator)?.abort(code: 3)
        #endif
        exit(3)
    }
}
