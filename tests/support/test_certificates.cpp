#include "support/test_certificates.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace twin::test {
namespace {

constexpr const char* openssl = "/usr/bin/openssl";

void run(const std::filesystem::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), openssl);
  ChildProcess process(args, dir / "openssl.log");
  const auto code = process.wait_exit(std::chrono::seconds(30));
  if (code != 0)
    throw std::runtime_error("openssl " + args.at(1) + " failed:\n" + process.log());
}

// A P-256 key and a certificate signing request for `subject`.
void request(const std::filesystem::path& dir, const std::string& name,
             const std::string& subject) {
  run(dir, {"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", (dir / (name + ".key")).string(), "-out", (dir / (name + ".csr")).string(),
            "-subj", subject});
}

void self_signed_ca(const std::filesystem::path& dir, const std::string& name) {
  run(dir, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", (dir / (name + ".key")).string(), "-out", (dir / (name + ".crt")).string(),
            "-days", "2", "-subj", "/CN=twinsolve test " + name});
}

void sign(const std::filesystem::path& dir, const std::string& name,
          const std::string& extensions) {
  const auto extensions_file = dir / (name + ".ext");
  std::ofstream(extensions_file) << extensions << "\n";
  run(dir, {"x509", "-req", "-in", (dir / (name + ".csr")).string(), "-CA",
            (dir / "ca.crt").string(), "-CAkey", (dir / "ca.key").string(), "-CAcreateserial",
            "-out", (dir / (name + ".crt")).string(), "-days", "2", "-extfile",
            extensions_file.string()});
}

}  // namespace

bool openssl_installed() { return ::access(openssl, X_OK) == 0; }

TestCertificates make_test_certificates(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  self_signed_ca(dir, "ca");
  self_signed_ca(dir, "other_ca");
  request(dir, "server", "/CN=localhost");
  sign(dir, "server", "subjectAltName=IP:127.0.0.1,DNS:localhost");
  request(dir, "client", "/CN=twinsolve worker");
  sign(dir, "client", "extendedKeyUsage=clientAuth");
  return {dir / "ca.crt",     dir / "server.crt", dir / "server.key",
          dir / "client.crt", dir / "client.key", dir / "other_ca.crt"};
}

}  // namespace twin::test
