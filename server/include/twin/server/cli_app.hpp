#pragma once
// The `twinsolve` command line: parses arguments, runs one subcommand, and turns errors into
// a message on stderr and a non-zero exit status.

namespace twin::server {

// Exit statuses, stable for scripts.
inline constexpr int exit_ok = 0;
inline constexpr int exit_usage = 64;       // bad command line (as sysexits.h EX_USAGE)
inline constexpr int exit_bad_input = 65;   // bad input data (EX_DATAERR)
inline constexpr int exit_no_input = 66;    // input file missing (EX_NOINPUT)
inline constexpr int exit_resources = 69;   // over the memory budget (EX_UNAVAILABLE)
inline constexpr int exit_internal = 70;    // a bug (EX_SOFTWARE)
inline constexpr int exit_io = 74;          // writing failed (EX_IOERR)

int run_cli(int argc, char** argv);

}  // namespace twin::server
