#if MPI
import CMPI
import Foundation
import PhysicalNetworks

/// `MPI_COMM_WORLD` as a `Communicator` (the `nudge` built with `--traits MPI`). Sums are a
/// reduction to rank 0 followed by a broadcast, so that every process receives the same bits
/// (an allreduce may round differently on different processes); maxima are exact anywhere.
/// MPI's default error handler ends the job on a communication failure.
final class MPICommunicator: Communicator {
    let rank: Int
    let size: Int

    /// Initializes MPI (once per process) and finalizes it when the process exits.
    init() {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            MPI_Init(nil, nil)
            atexit { MPI_Finalize() }
        }
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(nudge_mpi_comm_world(), &rank)
        MPI_Comm_size(nudge_mpi_comm_world(), &size)
        self.rank = Int(rank)
        self.size = Int(size)
    }

    func sum(_ values: UnsafeMutableBufferPointer<Double>) {
        guard size > 1, let base = values.baseAddress else { return }
        let count = Int32(values.count)
        if rank == 0 {
            MPI_Reduce(nudge_mpi_in_place(), base, count, nudge_mpi_double(), nudge_mpi_sum(), 0, nudge_mpi_comm_world())
        } else {
            MPI_Reduce(base, nil, count, nudge_mpi_double(), nudge_mpi_sum(), 0, nudge_mpi_comm_world())
        }
        MPI_Bcast(base, count, nudge_mpi_double(), 0, nudge_mpi_comm_world())
    }

    func maximum(_ value: Double) -> Double {
        guard size > 1 else { return value }
        var local = value, global = 0.0
        MPI_Allreduce(&local, &global, 1, nudge_mpi_double(), nudge_mpi_max(), nudge_mpi_comm_world())
        return global
    }

    func barrier() {
        if size > 1 { MPI_Barrier(nudge_mpi_comm_world()) }
    }

    /// Ends every process of the job with `code` (mpirun reports it).
    func abort(code: Int32) -> Never {
        MPI_Abort(nudge_mpi_comm_world(), code)
        exit(code)
    }
}
#endif
