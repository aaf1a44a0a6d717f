// The Redis queue against a real redis-server started on a free loopback port: the Queue
// contract suite, then what only several processes sharing one Redis have — a job seen and
// dismissed from another process, a dead worker's job taken over, dead letters after too many
// deliveries, a Redis restart. Each test uses a fresh key prefix on one shared server.
#include "twin/jobs/redis_queue.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

#include "queue_contract.hpp"
#include "support/redis_server.hpp"
#include "support/test_certificates.hpp"
#include "test_paths.hpp"
#include "twin/data/error.hpp"

namespace twin::jobs::test {
namespace {

using namespace std::chrono_literals;
using twin::test::RedisServer;

// Test certificates for the TLS port; null without the openssl command.
const twin::test::TestCertificates* certificates() {
  static const std::optional<twin::test::TestCertificates> made =
      []() -> std::optional<twin::test::TestCertificates> {
    if (!twin::test::openssl_installed()) return std::nullopt;
    return twin::test::make_test_certificates(
        twin::test::scratch_dir("redis_queue_certificates_" + std::to_string(getpid())));
  }();
  return made ? &*made : nullptr;
}

// One redis-server for the whole test program, plain and (with openssl) TLS; null when it is
// not installed.
RedisServer* shared_server() {
  static std::unique_ptr<RedisServer> server = [] {
    if (!RedisServer::installed()) return std::unique_ptr<RedisServer>();
    std::optional<twin::test::TestCertificates> tls;
    if (certificates()) tls = *certificates();
    return std::make_unique<RedisServer>(
        twin::test::scratch_dir("redis_queue_server_" + std::to_string(getpid())), false, tls);
  }();
  return server.get();
}

std::string fresh_prefix() {
  static std::atomic<int> counter{0};
  return "t" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

RedisQueueOptions options_for(const RedisServer& server, const std::string& prefix) {
  RedisQueueOptions options;
  options.url = server.url();
  options.prefix = prefix;
  options.poll = 50ms;
  return options;
}

// rediss:// to the TLS port, with the client certificate the server asks for.
RedisQueueOptions tls_options_for(const RedisServer& server, const std::string& prefix) {
  RedisQueueOptions options = options_for(server, prefix);
  options.url = server.tls_url();
  options.tls_ca = certificates()->ca.string();
  options.tls_cert = certificates()->client_cert.string();
  options.tls_key = certificates()->client_key.string();
  return options;
}

std::unique_ptr<Queue> make_redis_queue() {
  auto* server = shared_server();
  if (!server) return nullptr;
  return std::make_unique<RedisQueue>(options_for(*server, fresh_prefix()));
}

std::unique_ptr<Queue> make_tls_redis_queue() {
  auto* server = shared_server();
  if (!server || !certificates()) return nullptr;
  return std::make_unique<RedisQueue>(tls_options_for(*server, fresh_prefix()));
}

INSTANTIATE_TEST_SUITE_P(
    Redis, QueueContract,
    ::testing::Values(QueueFactory{"redis", make_redis_queue, RedisServer::missing_message},
                      QueueFactory{"rediss", make_tls_redis_queue,
                                   "redis-server or openssl is not installed (scripts/setup "
                                   "installs both)"}),
    factory_name);

// Processes sharing one prefix: an API process and workers with their own consumer names.
class RedisQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server = shared_server();
    if (!server) GTEST_SKIP() << RedisServer::missing_message;
    prefix = fresh_prefix();
  }
  std::unique_ptr<RedisQueue> process(const std::string& consumer, bool heartbeat = true,
                                      std::chrono::milliseconds reclaim_idle = 300ms,
                                      int max_attempts = 3) {
    auto options = options_for(*server, prefix);
    options.consumer = consumer;
    options.heartbeat = heartbeat;
    options.reclaim_idle = reclaim_idle;
    options.max_attempts = max_attempts;
    return std::make_unique<RedisQueue>(options);
  }
  RedisServer* server = nullptr;
  std::string prefix;
};

TEST_F(RedisQueueTest, StatusProgressAndDismissalCrossProcesses) {
  auto api = process("api");
  auto worker = process("worker-1");
  const auto id = api->submit(request()).job.id;
  const auto claimed = worker->claim(2s);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
  worker->report_progress(id, 30, "solving");
  const auto seen = api->get(id);
  EXPECT_EQ(seen->status, JobStatus::running);
  EXPECT_DOUBLE_EQ(seen->progress, 30);
  EXPECT_EQ(seen->message, "solving");
  api->report_progress(id, 80, "not its job");  // another consumer's report is ignored
  EXPECT_DOUBLE_EQ(api->get(id)->progress, 30);

  EXPECT_FALSE(worker->cancel_requested(id));
  EXPECT_EQ(api->dismiss(id)->status, JobStatus::running);
  EXPECT_TRUE(worker->cancel_requested(id)) << "the cancel flag is in Redis, not in a process";
  worker->mark_dismissed(id);
  EXPECT_EQ(api->get(id)->status, JobStatus::dismissed);
  EXPECT_FALSE(worker->cancel_requested(id));
}

TEST_F(RedisQueueTest, DeadWorkersJobIsTakenOver) {
  auto api = process("api");
  auto dead = process("worker-dead", /*heartbeat=*/false);
  auto live = process("worker-live");
  const auto id = api->submit(request()).job.id;
  ASSERT_TRUE(dead->claim(2s));
  const auto start = std::chrono::steady_clock::now();
  const auto taken = live->claim(5s);
  ASSERT_TRUE(taken) << "the idle entry is handed to a live worker";
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms) << "not before the reclaim idle time";
  EXPECT_EQ(taken->id, id);
  EXPECT_EQ(taken->attempts, 2);
  EXPECT_NE(taken->message.find("worker-dead"), std::string::npos) << taken->message;
  // The presumed-dead worker comes back: it can no longer finish the job.
  EXPECT_THROW(dead->complete(id), data::Error);
  live->complete(id);
  EXPECT_EQ(api->get(id)->status, JobStatus::successful);
  EXPECT_EQ(api->get(id)->attempts, 2);
}

TEST_F(RedisQueueTest, HeartbeatKeepsALongJobWithItsWorker) {
  auto api = process("api");
  // A longer idle time than the other tests: a heartbeat delayed by a busy machine must not
  // look like a dead worker here.
  auto busy = process("worker-busy", true, 1000ms);
  auto idle = process("worker-idle", true, 1000ms);
  const auto id = api->submit(request()).job.id;
  ASSERT_TRUE(busy->claim(2s));
  EXPECT_FALSE(idle->claim(2500ms))
      << "a job whose worker heartbeats stays with it (2.5x the idle time)";
  busy->complete(id);
  EXPECT_EQ(api->get(id)->attempts, 1);
}

TEST_F(RedisQueueTest, TooManyDeliveriesEndInTheDeadLetterStream) {
  auto api = process("api");
  const auto poison = api->submit(request("alice", 5)).job.id;
  const auto other = api->submit(request("bob", 0)).job.id;
  auto first = process("worker-1", false, 300ms, 2);
  auto second = process("worker-2", false, 300ms, 2);
  auto third = process("worker-3", true, 300ms, 2);
  ASSERT_EQ(first->claim(2s)->id, poison);  // delivery 1; the worker dies
  std::this_thread::sleep_for(350ms);
  ASSERT_EQ(second->claim(2s)->id, poison);  // delivery 2 (taken over); dies too
  std::this_thread::sleep_for(350ms);
  const auto next = third->claim(2s);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, other) << "the poison job is not delivered a third time; the other job runs";
  const auto failed = api->get(poison);
  EXPECT_EQ(failed->status, JobStatus::failed);
  ASSERT_TRUE(failed->error);
  EXPECT_EQ(failed->error->code, "too-many-deliveries");
  const auto letters = api->dead_letters();
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].job_id, poison);
  EXPECT_EQ(letters[0].worker, "worker-2");
  EXPECT_EQ(letters[0].attempts, 2);
  third->complete(other);
  EXPECT_EQ(api->stats().jobs_by_status[JobStatus::failed], 1u);
  EXPECT_EQ(api->active_jobs("alice"), 0u);
}

TEST_F(RedisQueueTest, JobDismissedWhileItsWorkerWasDeadIsNotRunAgain) {
  auto api = process("api");
  auto dead = process("worker-dead", false);
  auto live = process("worker-live");
  const auto id = api->submit(request()).job.id;
  ASSERT_TRUE(dead->claim(2s));
  api->dismiss(id);
  EXPECT_FALSE(live->claim(1s));
  EXPECT_EQ(api->get(id)->status, JobStatus::dismissed);
}

TEST_F(RedisQueueTest, IdempotencyKeysDoNotCollideAcrossOwnersWithColons) {
  auto api = process("api");
  JobRequest first = request("a:b");
  first.idempotency_key = "c";
  JobRequest second = request("a");
  second.idempotency_key = "b:c";
  const auto one = api->submit(first);
  const auto two = api->submit(second);
  EXPECT_TRUE(one.created);
  EXPECT_TRUE(two.created) << "same text once owner and key are joined";
  EXPECT_EQ(api->find_idempotent("a:b", "c")->id, one.job.id);
  EXPECT_EQ(api->find_idempotent("a", "b:c")->id, two.job.id);
}

TEST_F(RedisQueueTest, BadUrlsAndUnreachableRedis) {
  const std::vector<std::string> bad = {
      "http://127.0.0.1:6379",   "rediss://",  "redis://",
      "redis://127.0.0.1:99999", "redis://127.0.0.1:6379/x", "redis://secret@127.0.0.1"};
  for (const auto& url : bad) {
    RedisQueueOptions options;
    options.url = url;
    try {
      RedisQueue queue(options);
      ADD_FAILURE() << url << " was accepted";
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::invalid_argument) << url << ": " << e.what();
      EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos)
          << "no password in messages";
    }
  }
  RedisQueueOptions wrong_password = options_for(*server, prefix);
  wrong_password.url = "redis://:nope@127.0.0.1:" + std::to_string(server->port());
  EXPECT_THROW(RedisQueue{wrong_password}, data::Error);

  RedisQueueOptions nobody = options_for(*server, prefix);
  nobody.url = "redis://127.0.0.1:1";  // nothing listens on port 1
  EXPECT_THROW(RedisQueue{nobody}, QueueUnavailable);

  auto other_db = options_for(*server, prefix);
  other_db.url = server->url() + "/3";
  RedisQueue in_db3(other_db);
  const auto id = in_db3.submit(request()).job.id;
  EXPECT_TRUE(in_db3.get(id));
  EXPECT_FALSE(process("api")->get(id)) << "database 0 does not see database 3's jobs";
}

// rediss://: the same Redis seen through TLS and through the plain port; what a TLS set-up can
// get wrong fails with a message that names it, before or at the first connection.
TEST_F(RedisQueueTest, TlsReachesTheSameQueueAndRefusesWhatItCannotTrust) {
  if (!certificates()) GTEST_SKIP() << "openssl is not installed (scripts/setup installs it)";
  RedisQueue over_tls(tls_options_for(*server, prefix));
  const auto id = over_tls.submit(request()).job.id;
  EXPECT_TRUE(process("plain")->get(id)) << "a plain client sees the job a TLS client wrote";
  EXPECT_NE(over_tls.endpoint().find("rediss://"), std::string::npos);

  auto missing_ca = tls_options_for(*server, prefix);
  missing_ca.tls_ca = "/nonexistent/ca.pem";
  try {
    RedisQueue queue(missing_ca);
    ADD_FAILURE() << "a missing CA file was accepted";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("--queue-tls-ca /nonexistent/ca.pem"), std::string::npos)
        << e.what();
  }
  auto cert_without_key = tls_options_for(*server, prefix);
  cert_without_key.tls_key.clear();
  EXPECT_THROW(RedisQueue{cert_without_key}, data::Error);
  auto files_without_tls = tls_options_for(*server, prefix);
  files_without_tls.url = server->url();
  EXPECT_THROW(RedisQueue{files_without_tls}, data::Error);

  // A server certificate from a CA we were not told to trust: the handshake says so.
  auto wrong_ca = tls_options_for(*server, prefix);
  wrong_ca.tls_ca = certificates()->other_ca.string();
  try {
    RedisQueue queue(wrong_ca);
    ADD_FAILURE() << "a server signed by another CA was trusted";
  } catch (const QueueUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("certificate verify failed"), std::string::npos)
        << e.what();
  }
  // Without a client certificate the server ends the handshake (tls-auth-clients yes).
  auto no_client_cert = tls_options_for(*server, prefix);
  no_client_cert.tls_cert.clear();
  no_client_cert.tls_key.clear();
  EXPECT_THROW(RedisQueue{no_client_cert}, QueueUnavailable);
  // TLS spoken to the plain port: no handshake, a clear failure within the timeouts, no hang.
  auto tls_to_plain_port = tls_options_for(*server, prefix);
  tls_to_plain_port.url = "rediss://127.0.0.1:" + std::to_string(server->port());
  tls_to_plain_port.connect_timeout = 500ms;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(RedisQueue{tls_to_plain_port}, QueueUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

// A Redis of its own with AOF: killed and restarted while the API and a worker are connected.
TEST(RedisQueueRestart, CallsFailCleanlyWhileRedisIsDownAndNothingIsLost) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  RedisServer redis(twin::test::scratch_dir("redis_queue_restart_" + std::to_string(getpid())),
                    /*aof=*/true);
  RedisQueueOptions options;
  options.url = redis.url();
  options.prefix = "restart";
  options.poll = 50ms;
  RedisQueue api(options);
  options.consumer = "worker";
  RedisQueue worker(options);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(api.submit(request()).job.id);
  const auto running = worker.claim(1s);
  ASSERT_TRUE(running);

  redis.kill();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(api.get(ids[0]), QueueUnavailable);
  EXPECT_THROW(api.submit(request()), QueueUnavailable);
  EXPECT_THROW(worker.claim(100ms), QueueUnavailable);
  EXPECT_FALSE(api.reachable());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s) << "fails fast, no hang";
  worker.report_progress(running->id, 50, "ignored while Redis is down");  // must not throw

  redis.restart();
  // The client waits out its backoff (at most 2 s) before it connects again.
  std::optional<Job> first;
  for (int i = 0; i < 100 && !first; ++i) {
    try {
      first = api.get(ids[0]);
    } catch (const QueueUnavailable&) {
      std::this_thread::sleep_for(50ms);
    }
  }
  ASSERT_TRUE(first) << "reconnects after the restart";
  EXPECT_EQ(api.get(running->id)->status, JobStatus::running);
  worker.complete(running->id);
  std::set<std::string> claimed;
  while (auto job = worker.claim(200ms)) {
    claimed.insert(job->id);
    worker.complete(job->id);
  }
  EXPECT_EQ(claimed, (std::set<std::string>{ids[1], ids[2]}))
      << "every accepted job is still there";
}

}  // namespace
}  // namespace twin::jobs::test
