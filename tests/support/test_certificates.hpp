#pragma once
// Throw-away TLS certificates for tests, made with the openssl command (Debian package
// openssl): a CA, a server certificate for 127.0.0.1 and localhost signed by it, a client
// certificate signed by it, and a second CA that signed none of them (for "wrong CA" cases).
// P-256 keys, valid two days.
#include <filesystem>

namespace twin::test {

struct TestCertificates {
  std::filesystem::path ca, server_cert, server_key, client_cert, client_key, other_ca;
};

bool openssl_installed();
// Writes the files into `dir` (created); throws std::runtime_error naming the failed step.
TestCertificates make_test_certificates(const std::filesystem::path& dir);

}  // namespace twin::test
