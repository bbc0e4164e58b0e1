// The MPI C API for Swift (Open MPI or MPICH, through pkg-config's ompi-c). MPI_COMM_WORLD,
// MPI_DOUBLE and the operations are macros Swift cannot import; these return them.
#include <mpi.h>

static inline MPI_Comm nudge_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype nudge_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Op nudge_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op nudge_mpi_max(void) { return MPI_MAX; }
static inline MPI_Errhandler nudge_mpi_errors_are_fatal(void) { return MPI_ERRORS_ARE_FATAL; }
static inline void *nudge_mpi_in_place(void) { return MPI_IN_PLACE; }
