#include "twin/server/cli_app.hpp"

int main(int argc, char** argv) { return twin::server::run_cli(argc, argv); }
