#include "net/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <optional>
#include <thread>
#include <vector>

namespace bc::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

struct Server::Impl {
  ServerOptions opt;
  api::Handler handler;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  // Connections open on each request thread: a new one goes to the thread with fewest, so
  // 64 clients on 64 threads are one each and none waits behind another's group commit.
  std::unique_ptr<std::atomic<int>[]> sessions_on;
  std::vector<std::thread> threads;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;  // threads wait for connections
  // WebSocket streams after their upgrade: never blocked by a request handler (docs/decisions.md,
  // "Live events on a thread of their own").
  asio::io_context stream_ctx{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> stream_work;
  std::thread stream_thread;
  std::unique_ptr<tcp::acceptor> acceptor;  // on the stream thread, which never blocks
  std::atomic<bool> stopping{false};
  std::atomic<std::int64_t> in_flight{0};
  std::atomic<std::int64_t> connections{0};
  unsigned short bound_port = 0;

  std::size_t least_loaded() const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < contexts.size(); ++i)
      if (sessions_on[i].load(std::memory_order_relaxed) < sessions_on[best].load(std::memory_order_relaxed)) best = i;
    return best;
  }

  awaitable<void> accept_loop() {
    for (;;) {
      const std::size_t i = least_loaded();
      auto [ec, sock] = co_await acceptor->async_accept(*contexts[i], tuple_awaitable);
      if (ec) {
        if (ec == asio::error::operation_aborted || stopping) co_return;
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      sock.set_option(tcp::no_delay(true), ec);
      sessions_on[i]++;
      asio::co_spawn(*contexts[i], session(beast::tcp_stream(std::move(sock))), [this, i](std::exception_ptr e) {
        sessions_on[i]--;
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::error("connection ended by exception: {}", ex.what());
        }
      });
    }
  }

  static http::response<http::string_body> to_beast(api::Response&& r, unsigned version, bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "bluechannel");
    if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res.insert(k, v);
    res.body() = std::move(r.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
  }

  // A live stream over a WebSocket: sends what the stream has whenever it is woken (or every 10 s),
  // reads and discards what the client sends (pings and close frames are Beast's), ends when
  // either side closes, the stream says so, or the server stops.
  awaitable<void> run_websocket(beast::tcp_stream tcp, http::request<http::string_body> req,
                                std::shared_ptr<api::Stream> st) {
    namespace ws = beast::websocket;
    connections++;
    struct Dec {
      std::atomic<std::int64_t>& n;
      ~Dec() { n--; }
    } dec{connections};
    auto sock = std::make_shared<ws::stream<beast::tcp_stream>>(std::move(tcp));
    beast::get_lowest_layer(*sock).expires_never();
    auto timeouts = ws::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.keep_alive_pings = true;
    timeouts.idle_timeout = std::chrono::seconds(60);
    sock->set_option(timeouts);
    sock->set_option(ws::stream_base::decorator([](ws::response_type& res) { res.set(http::field::server, "bluechannel"); }));
    auto [aec] = co_await sock->async_accept(req, tuple_awaitable);
    if (aec) co_return;
    auto exec = co_await asio::this_coro::executor;
    struct Shared {
      explicit Shared(asio::any_io_executor e) : timer(e) {}
      asio::steady_timer timer;
      bool pending = false, closed = false, reader_done = false;
    };
    auto sh = std::make_shared<Shared>(exec);
    st->on_wake([sh, exec] {
      asio::post(exec, [sh] {
        sh->pending = true;
        sh->timer.cancel();
      });
    });
    asio::co_spawn(exec, [sock, sh]() -> awaitable<void> {
      beast::flat_buffer buf;
      for (;;) {
        auto [ec, n] = co_await sock->async_read(buf, tuple_awaitable);
        if (ec) break;
        buf.consume(n);
      }
      sh->closed = sh->reader_done = true;
      sh->timer.cancel();
    }, asio::detached);
    sock->text(true);
    while (!sh->closed && !stopping && st->open()) {
      sh->pending = false;
      for (auto& m : st->poll()) {
        auto [wec, wn] = co_await sock->async_write(asio::buffer(m), tuple_awaitable);
        if (wec) sh->closed = true;
        if (sh->closed) break;
      }
      if (sh->closed || !st->open() || sh->pending) continue;
      sh->timer.expires_after(std::chrono::seconds(10));
      co_await sh->timer.async_wait(tuple_awaitable);
    }
    if (!sh->reader_done) {
      co_await sock->async_close(ws::close_code::normal, tuple_awaitable);
      while (!sh->reader_done) {  // the reader ends when the close completes
        sh->timer.expires_after(std::chrono::milliseconds(50));
        co_await sh->timer.async_wait(tuple_awaitable);
      }
    }
  }

  awaitable<void> session(beast::tcp_stream stream) {
    connections++;
    struct Dec {
      std::atomic<std::int64_t>& n;
      ~Dec() { n--; }
    } dec{connections};
    beast::flat_buffer buffer;
    std::string remote;
    {
      beast::error_code ec;
      auto ep = stream.socket().remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string();
    }
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(opt.header_limit);
      parser.body_limit(opt.body_limit);
      stream.expires_after(std::chrono::seconds(opt.read_timeout_s));
      auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, tuple_awaitable);
      beast::error_code ec = hec;
      if (!ec) {
        if (opt.body_limit_for)
          if (auto limit = opt.body_limit_for(parser.get().target())) {
            parser.body_limit(limit);
            stream.expires_after(std::chrono::seconds(opt.read_timeout_s * 10));  // a big file may take a while
          }
        if (!parser.is_done()) {
          auto [bec, bn] = co_await http::async_read(stream, buffer, parser, tuple_awaitable);
          ec = bec;
        }
      }
      if (ec) {
        api::Response err;
        if (ec == http::error::body_limit) {
          err = api::transport_error(413, "Request body too large",
                                     "The body exceeds the limit for this request (" +
                                         std::to_string(opt.body_limit) + " bytes; file uploads up to 64 MiB).");
        } else if (ec == http::error::header_limit) {
          err = api::transport_error(431, "Request headers too large",
                                     "The headers exceed the limit of " +
                                         std::to_string(opt.header_limit) + " bytes.");
        } else if (ec.category() == beast::error_code(http::error::bad_method).category() &&
                   ec != http::error::end_of_stream && ec != http::error::partial_message) {
          err = api::transport_error(400, "Malformed request", "The request is not valid HTTP/1.1.");
        } else {
          break;  // closed, timed out or reset: nothing to answer
        }
        auto res = to_beast(std::move(err), 11, false);
        co_await http::async_write(stream, res, tuple_awaitable);
        break;
      }
      in_flight++;
      auto& req_in = parser.get();
      api::Request req;
      req.method = std::string(req_in.method_string());
      req.target = std::string(req_in.target());
      req.headers.reserve(8);
      for (const auto& f : req_in) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        req.headers.emplace_back(std::move(name), std::string(f.value()));
      }
      req.body = std::move(req_in.body());
      req.remote = remote;
      const bool keep_alive = req_in.keep_alive() && !stopping;
      const unsigned version = req_in.version();
      api::Response out;
      try {
        out = handler(req);
      } catch (const std::exception& e) {
        spdlog::error("handler threw on {} {}: {}", req.method, req.target, e.what());
        out = api::transport_error(500, "Internal error", "The server failed; the error was logged.");
      }
      if (out.stream && !beast::websocket::is_upgrade(req_in))
        out = api::transport_error(400, "Not a WebSocket upgrade",
                                   "This path is a WebSocket: send Connection: Upgrade and Upgrade: websocket.");
      if (out.stream) {
        in_flight--;
        // The stream runs on the stream thread: this thread's other connections' handlers block
        // (an order write waits for its group commit) and would hold up its events.
        beast::error_code ec;
        const auto protocol = stream.socket().local_endpoint(ec).protocol();
        const auto fd = ec ? -1 : stream.socket().release(ec);
        if (ec) co_return;
        tcp::socket moved(stream_ctx);
        moved.assign(protocol, fd, ec);
        if (ec) {
          ::close(fd);
          co_return;
        }
        asio::co_spawn(stream_ctx, run_websocket(beast::tcp_stream(std::move(moved)), parser.release(), std::move(out.stream)),
                       [](std::exception_ptr e) {
                         if (!e) return;
                         try {
                           std::rethrow_exception(e);
                         } catch (const std::exception& ex) {
                           spdlog::error("live stream ended by exception: {}", ex.what());
                         }
                       });
        co_return;
      }
      auto res = to_beast(std::move(out), version, keep_alive && !stopping);
      auto [wec, wn] = co_await http::async_write(stream, res, tuple_awaitable);
      in_flight--;
      if (wec || !res.keep_alive()) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }
};

Server::Server(ServerOptions opt, api::Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(opt);
  impl_->handler = std::move(handler);
}

Server::~Server() {
  if (!impl_->threads.empty()) stop();
}

void Server::start() {
  auto& im = *impl_;
  const int n = std::max(1, im.opt.threads);
  auto addr = asio::ip::make_address(im.opt.host);
  for (int i = 0; i < n; ++i) im.contexts.push_back(std::make_unique<asio::io_context>(1));
  im.sessions_on = std::make_unique<std::atomic<int>[]>(static_cast<std::size_t>(n));
  tcp::endpoint ep(addr, im.opt.port);
  im.acceptor = std::make_unique<tcp::acceptor>(im.stream_ctx);
  im.acceptor->open(ep.protocol());
  im.acceptor->set_option(asio::socket_base::reuse_address(true));
  im.acceptor->bind(ep);
  im.acceptor->listen(asio::socket_base::max_listen_connections);
  im.bound_port = im.acceptor->local_endpoint().port();
  im.stream_ctx.restart();
  im.stream_work.emplace(im.stream_ctx.get_executor());
  asio::co_spawn(im.stream_ctx, im.accept_loop(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("acceptor stopped by exception: {}", ex.what());
    }
  });
  for (int i = 0; i < n; ++i) {
    auto& ctx = *im.contexts[i];
    im.work.emplace_back(ctx.get_executor());
    im.threads.emplace_back([&ctx] { ctx.run(); });
  }
  im.stream_thread = std::thread([&im] { im.stream_ctx.run(); });
}

unsigned short Server::port() const { return impl_->bound_port; }
std::int64_t Server::in_flight() const { return impl_->in_flight; }
std::int64_t Server::open_connections() const { return impl_->connections; }

void Server::stop() {
  auto& im = *impl_;
  if (im.threads.empty()) return;
  im.stopping = true;
  asio::post(im.stream_ctx, [acc = im.acceptor.get()] {
    beast::error_code ec;
    acc->close(ec);
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(im.opt.shutdown_grace_s);
  while (im.in_flight > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (im.in_flight > 0) spdlog::warn("stopping with {} requests still in flight", im.in_flight.load());
  for (auto& c : im.contexts) c->stop();
  for (auto& t : im.threads) t.join();
  im.stream_work.reset();
  im.stream_ctx.stop();
  if (im.stream_thread.joinable()) im.stream_thread.join();
  im.threads.clear();
  im.work.clear();
  im.acceptor.reset();
  im.contexts.clear();
}

void Server::run_until_signal() {
  asio::io_context sig_ctx;
  asio::signal_set signals(sig_ctx, SIGINT, SIGTERM);
  signals.async_wait([](const beast::error_code&, int sig) {
    spdlog::info("signal {} received: finishing in-flight requests", sig);
  });
  sig_ctx.run();
  stop();
}

}  // namespace bc::net
