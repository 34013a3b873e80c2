// HTTP/1.1 server on Boost.Beast: one io_context per thread, each with its own
// SO_REUSEPORT acceptor. Handlers run on the I/O thread and may block briefly (database).
// WebSocket streams move to a thread of their own after the upgrade, so a blocking handler
// never delays a live event. start() and stop() are called from one controlling thread.
#pragma once
#include <cstdint>
#include <functional>
#include <string_view>
#include <memory>
#include <string>

#include "api/http.hpp"

namespace bc::net {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (see Server::port())
  int threads = 2;
  std::uint64_t body_limit = 1 << 20;
  // Larger limits for some paths (file uploads); returns 0 to keep body_limit.
  std::function<std::uint64_t(std::string_view target)> body_limit_for;
  std::uint32_t header_limit = 16 << 10;
  int read_timeout_s = 30;   // idle keep-alive and slow senders
  int shutdown_grace_s = 20; // in-flight requests get this long on stop()
};

class Server {
 public:
  Server(ServerOptions opt, api::Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();              // binds and starts the threads; throws if it cannot bind
  unsigned short port() const;
  // Stops accepting, lets in-flight requests finish (up to the grace period), then stops.
  void stop();
  // Blocks until SIGINT or SIGTERM, then stop().
  void run_until_signal();
  std::int64_t in_flight() const;
  std::int64_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bc::net
