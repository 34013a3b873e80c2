// The HTTP exchange as plain data: net/ fills a Request from the wire and writes the
// Response back, so nothing above net/ sees Beast. Header names are lower-case.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bc::api {

struct Request {
  std::string method;
  std::string target;  // as sent: path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote;  // peer IP address

  std::string_view header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers)
      if (k == lower_name) return v;
    return {};
  }
};

// A live stream the server runs over a WebSocket after answering the upgrade (GET with
// `Upgrade: websocket`): it sends what poll() returns, and calls poll() again when woken or at
// least every few seconds. Built by a handler; net/ owns the socket.
class Stream {
 public:
  virtual ~Stream() = default;
  // Text messages to send now (possibly none). Called on the connection's thread only.
  virtual std::vector<std::string> poll() = 0;
  // `wake` may be called from any thread when poll() may have something new.
  virtual void on_wake(std::function<void()> wake) = 0;
  // False: close the connection (the session was revoked, the server is stopping …).
  virtual bool open() const = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::shared_ptr<Stream> stream;  // set: upgrade to a WebSocket and run it

  Response& header(std::string k, std::string v) {
    headers.emplace_back(std::move(k), std::move(v));
    return *this;
  }
};

using Handler = std::function<Response(Request&)>;

// Called by net/ when it cannot even build a Request (body or headers too large, bad syntax).
Response transport_error(int status, std::string_view title, std::string_view detail);

}  // namespace bc::api
