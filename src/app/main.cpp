#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "api/problem.hpp"
#include "net/server.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Blue Channel"};
  app.set_version_flag("--version", BC_VERSION);
  app.require_subcommand(1);
  std::string listen = "127.0.0.1:8080";
  auto* serve = app.add_subcommand("serve", "Run the server");
  serve->add_option("--listen", listen);
  CLI11_PARSE(app, argc, argv);
  bc::net::ServerOptions o;
  auto c = listen.rfind(':');
  o.host = listen.substr(0, c);
  o.port = static_cast<unsigned short>(std::stoi(listen.substr(c + 1)));
  bc::net::Server s(o, [](bc::api::Request& r) {
    bc::api::Response res;
    if (r.target == "/healthz") res.body = R"({"status":"ok"})";
    else res = bc::api::transport_error(404, "Not found", "No such route.");
    return res;
  });
  s.start();
  s.run_until_signal();
}
