// bluechannel: the command line and the composition root that wires store, domain, api and net.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "api/api.hpp"
#include "app/demo_loader.hpp"
#include "app/import_command.hpp"
#include "app/logging.hpp"
#include "core/config.hpp"
#include "core/crypto.hpp"
#include "domain/auth/sessions.hpp"
#include "domain/kpi/service.hpp"
#include "domain/orders/service.hpp"
#include "domain/org/service.hpp"
#include "domain/revenue/demo.hpp"
#include "domain/revenue/service.hpp"
#include "domain/pay/service.hpp"
#include "net/server.hpp"
#include "domain/plant/service.hpp"
#include "domain/plant/network.hpp"
#include "domain/orders/calendar.hpp"
#include "domain/orders/demo.hpp"
#include "store/kpi_store.hpp"
#include "store/order_bulk.hpp"
#include "store/pay_store.hpp"
#include "store/plant_bulk.hpp"
#include "store/plant_network_store.hpp"
#include "store/plant_import.hpp"
#include "store/plant_store.hpp"
#include "store/repositories.hpp"
#include "store/revenue_store.hpp"

namespace {
using namespace bc;

struct Common {
  std::string db, config, listen, web_root, log_format, log_level;
  int threads = -1;
};

void add_common(CLI::App* cmd, Common& c, bool server_flags) {
  cmd->add_option("--db", c.db, "SQLite file path or postgresql:// URL (env BLUECHANNEL_DB)");
  cmd->add_option("--config", c.config, "TOML configuration file (env BLUECHANNEL_CONFIG)");
  cmd->add_option("--log-format", c.log_format, "text or json (env BLUECHANNEL_LOG_FORMAT)");
  cmd->add_option("--log-level", c.log_level, "trace, debug, info, warn, error (env BLUECHANNEL_LOG_LEVEL)");
  if (server_flags) {
    cmd->add_option("--listen", c.listen, "HOST:PORT to listen on (env BLUECHANNEL_LISTEN)");
    cmd->add_option("--web-root", c.web_root, "folder of the built console (env BLUECHANNEL_WEB_ROOT)");
    cmd->add_option("--threads", c.threads, "I/O threads; 0 = 64 (env BLUECHANNEL_THREADS)");
  }
}

// Defaults, then the TOML file, then the environment, then the flags.
Config load_config(const Common& c) {
  Config cfg;
  std::string file = c.config;
  if (file.empty())
    if (const char* e = std::getenv("BLUECHANNEL_CONFIG")) file = e;
  auto fail = [](const Error& e) {
    std::string msg;
    for (const auto& f : e.fields) msg += (msg.empty() ? "" : "; ") + f.field + " " + f.reason;
    throw std::runtime_error("configuration: " + (msg.empty() ? e.message : msg));
  };
  if (!file.empty())
    if (auto st = apply_toml_file(cfg, file); !st) fail(st.error());
  if (auto st = apply_environment(cfg); !st) fail(st.error());
  auto flag = [&](const char* key, const std::string& v) {
    if (!v.empty())
      if (auto st = set_config_key(cfg, key, v); !st) fail(st.error());
  };
  flag("db", c.db);
  flag("listen", c.listen);
  flag("web_root", c.web_root);
  flag("log_format", c.log_format);
  flag("log_level", c.log_level);
  if (c.threads >= 0) flag("threads", std::to_string(c.threads));
  if (auto st = validate(cfg); !st) fail(st.error());
  if (cfg.web_root.empty()) cfg.web_root = BC_WEB_ROOT_DEFAULT;
  return cfg;
}

auth::Actor command_line_actor(const org::OrgSnapshot& s) {
  auth::Actor a;
  a.name = "command line";
  a.role = org::Role::administrator;
  a.scope_root = s.root();
  return a;
}

// SQLite's WAL checkpoints run off the commit path (Database::checkpoint_in_background).
std::string checkpoint_metrics(const store::Database& db) {
  if (db.dialect() != store::Dialect::sqlite) return {};
  const auto c = db.checkpoint_stats();
  return "# TYPE bluechannel_sqlite_checkpoints_total counter\nbluechannel_sqlite_checkpoints_total " +
         std::to_string(c.passive) +
         "\n# TYPE bluechannel_sqlite_wal_restarts_total counter\nbluechannel_sqlite_wal_restarts_total " +
         std::to_string(c.restarts) +
         "\n# TYPE bluechannel_sqlite_wal_restart_wait_seconds_total counter\n"
         "bluechannel_sqlite_wal_restart_wait_seconds_total " +
         std::to_string(static_cast<double>(c.restart_wait_us) / 1e6) + "\n";
}

std::unique_ptr<store::Database> open_db(const Config& cfg, std::size_t pool) {
  auto db = store::Database::open(cfg.db, pool, cfg.sqlite_synchronous == "full");
  db->migrate();
  return db;
}

int cmd_serve(const Config& cfg) {
  // Many threads: a handler writing an order waits for its group commit, and the group can only be
  // as large as the number of handlers waiting (docs/decisions.md).
  const int threads = cfg.threads > 0 ? cfg.threads : 64;
  auto db = open_db(cfg, cfg.db_pool > 0 ? cfg.db_pool : std::min(threads + 2, 24));
  if (cfg.sqlite_checkpoint == "background") db->checkpoint_in_background();
  auto org_repo = store::make_org_repository(*db);
  auto session_repo = store::make_session_repository(*db);
  auto audit_repo = store::make_audit_repository(*db);
  org::OrgService org(*org_repo);
  auth::SessionPolicy policy;
  policy.idle_minutes = cfg.session_idle_minutes;
  policy.max_hours = cfg.session_max_hours;
  policy.login.max_failures = cfg.login_max_failures;
  policy.login.lock_minutes = cfg.login_lock_minutes;
  auth::AuthService auth(*session_repo, org, policy);
  auto plant_repo = store::make_plant_repository(*db);
  plant::PlantService plant(*plant_repo, org);
  {
    const auto t0 = std::chrono::steady_clock::now();
    plant.load();
    spdlog::info("ownership index: {} lines on {} boxes, {:.0f} MiB, built in {:.1f} s", plant.index().lines(),
                 plant.index().boxes(), plant.index().memory_bytes() / 1048576.0,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }

  auto network_repo = store::make_network_repository(*db);
  plant::NetworkService network(plant, *plant_repo, *network_repo, org);

  auto import_repo = store::make_import_repository(*db);
  auto order_repo = store::make_order_repository(*db);
  orders::OrderService orders(*order_repo, org, plant, cfg.display_tz);
  auto kpi_repo = store::make_kpi_repository(*db);
  auto scorecard_repo = store::make_scorecard_repository(*db);
  auto revenue_repo = store::make_revenue_repository(*db);
  revenue::RevenueService revenue(*revenue_repo, org, cfg.display_tz);
  kpi::KpiService kpis(*kpi_repo, *scorecard_repo, revenue, org, cfg.display_tz);
  auto pay_repo = store::make_pay_repository(*db);
  pay::PayService pay(*pay_repo, org, cfg.display_tz);
  api::Services services{org, auth, *audit_repo, plant, network, *import_repo, orders, kpis, revenue, pay,
                         [&db] { return db->ping(); },
                         [&db, &orders] {
                           const auto g = orders.group_stats();
                           return "# TYPE bluechannel_db_pool_size gauge\nbluechannel_db_pool_size " +
                                  std::to_string(db->pool_size()) +
                                  "\n# TYPE bluechannel_db_pool_in_use gauge\nbluechannel_db_pool_in_use " +
                                  std::to_string(db->leased()) +
                                  "\n# TYPE bluechannel_order_commits_total counter\nbluechannel_order_commits_total " +
                                  std::to_string(g.commits) +
                                  "\n# TYPE bluechannel_order_changes_total counter\nbluechannel_order_changes_total " +
                                  std::to_string(g.changes) + "\n" + checkpoint_metrics(*db);
                         }};
  api::ApiOptions opts;
  opts.tz = cfg.display_tz;
  opts.web_root = cfg.web_root;
  opts.rate_limit = cfg.rate_limit;
  opts.rate_burst = cfg.rate_burst;
  opts.access_log = cfg.access_log;
  opts.cookie_secure = cfg.cookie_secure;
  opts.session_max_hours = cfg.session_max_hours;
  api::Api api(services, opts);

  net::ServerOptions so;
  const auto colon = cfg.listen.rfind(':');
  so.host = cfg.listen.substr(0, colon);
  if (so.host.size() > 2 && so.host.front() == '[') so.host = so.host.substr(1, so.host.size() - 2);
  so.port = static_cast<unsigned short>(std::stoi(cfg.listen.substr(colon + 1)));
  so.threads = threads;
  so.body_limit = static_cast<std::uint64_t>(cfg.body_limit);
  so.header_limit = static_cast<std::uint32_t>(cfg.header_limit);
  so.body_limit_for = [](std::string_view target) -> std::uint64_t {
    return target.substr(0, 16) == "/api/v1/imports/" ? 64ull << 20 : 0;  // CSV uploads: 64 MiB
  };
  net::Server server(so, [&api](api::Request& r) { return api.handle(r); });
  server.start();

  // Other instances (or the command line) may change the organisation: look once a second; and
  // escalate work orders whose deadlines are running out.
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::condition_variable cv;
  std::thread refresher([&] {
    std::unique_lock lk(mu);
    while (!cv.wait_for(lk, std::chrono::seconds(1), [&] { return stop.load(); })) {
      try {
        org.refresh_if_changed();
        plant.refresh_if_imported();
      } catch (const std::exception& e) {
        spdlog::warn("organisation refresh failed: {}", e.what());
      }
      try {
        if (int n = orders.escalate_due(now_ms())) spdlog::info("escalated {} work orders", n);
      } catch (const std::exception& e) {
        spdlog::warn("work-order escalation failed: {}", e.what());
      }
    }
  });
  // The rates' denominators (lines in service, subscribers per area) change with every install and
  // cease: counted again when a day old (docs/kpis.md), off the request and refresh threads.
  std::thread recounter([&] {
    std::unique_lock lk(mu);
    auto due = std::chrono::minutes(1);
    while (!cv.wait_for(lk, due, [&] { return stop.load(); })) {
      lk.unlock();
      due = std::chrono::hours(1);
      try {
        if (now_ms() - store::kpi_bases_counted_at(*db) > 24 * 3600 * 1000LL) {
          const auto t0 = std::chrono::steady_clock::now();
          store::recount_kpi_bases(*db);
          spdlog::info("KPI denominators counted again in {:.1f} s",
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
      } catch (const std::exception& e) {
        spdlog::warn("counting the KPI denominators failed: {}", e.what());
      }
      lk.lock();
    }
  });
  spdlog::info("Blue Channel {} serving http://{}:{} ({} threads, database {}, console {})", BC_VERSION, so.host,
               server.port(), threads, db->dialect() == store::Dialect::sqlite ? cfg.db : "postgresql",
               std::filesystem::exists(cfg.web_root + "/index.html") ? cfg.web_root : "not built");
  server.run_until_signal();
  {
    std::lock_guard lk(mu);
    stop = true;
  }
  cv.notify_all();
  refresher.join();
  recounter.join();
  spdlog::info("stopped");
  return 0;
}

int cmd_demo(const Config& cfg, const std::string& size_name, std::string admin_password, std::int64_t subscribers,
             bool drop_lines, int history_months) {
  auto db = open_db(cfg, 1);
  auto repo = store::make_org_repository(*db);
  const bool generated = admin_password.empty();
  if (generated) admin_password = random_password();
  if (auto st = auth::check_password("--admin-password", admin_password); !st)
    throw std::runtime_error("--admin-password " + st.error().fields[0].reason);
  const auto size = size_name == "province" ? org::DemoSize::province : org::DemoSize::city;
  auto counts = app::load_demo(*repo, size, hash_password(admin_password), cfg.display_tz);
  if (!counts) throw std::runtime_error(counts.error().message);
  if (subscribers < 0) subscribers = size == org::DemoSize::province ? 10'000'000 : 700'000;
  const auto t0 = std::chrono::steady_clock::now();
  auto loader = store::make_plant_bulk_loader(*db);
  // The work-order history needs the lines of one local network: collected as the plant streams by.
  orders::HistoryPlant lines;
  struct Progress final : plant::DemoSink {
    plant::DemoSink& inner;
    plant::DemoSink* history;  // null: no history wanted
    std::int64_t total;
    Progress(plant::DemoSink& i, plant::DemoSink* h, std::int64_t t) : inner(i), history(h), total(t) {}
    void cross_box(const plant::CrossBox& b) override { inner.cross_box(b); }
    void dist_box(const plant::DistBox& b) override {
      inner.dist_box(b);
      if (history) history->dist_box(b);
    }
    void customer(const plant::Customer& c) override {
      inner.customer(c);
      if (history) history->customer(c);
    }
    void service(const plant::Service& s) override {
      inner.service(s);
      if (history) history->service(s);
    }
    void cable(const plant::Cable& c) override { inner.cable(c); }
    void pole(const plant::Pole& p) override { inner.pole(p); }
    void drop_line(const plant::DropLine& d) override { inner.drop_line(d); }
    void progress(std::int64_t done) override {
      if (done % 100000 == 0) std::cerr << "\r  subscribers " << done << " / " << total << std::flush;
    }
  } progress(*loader, history_months > 0 ? &lines : nullptr, subscribers);
  const Millis anchor = now_ms();
  const auto org_snapshot = repo->load();
  plant::PlantDemoOptions demo_opts;
  demo_opts.drop_lines = drop_lines;
  const auto plant_counts = plant::generate_plant(*org_snapshot, subscribers, anchor, progress, demo_opts);
  loader->finish();
  if (subscribers >= 100000) std::cerr << "\r" << std::string(60, ' ') << "\r";
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Twelve months of work orders before now over the first local network's lines (docs/work-orders.md).
  const auto t1 = std::chrono::steady_clock::now();
  orders::HistoryOptions hopt;
  hopt.now = anchor;
  hopt.tz = cfg.display_tz;
  hopt.months = history_months;
  orders::History history;
  double generated_secs = 0;
  if (history_months > 0) {
    history = orders::generate_history(*org_snapshot, lines, hopt);
    generated_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    store::load_order_history(*db, history);
  }
  const double history_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  // Twelve months of billing for the same network's services and targets for its units (docs/revenue.md).
  const auto t2 = std::chrono::steady_clock::now();
  org::Id billing_network = 0;
  for (const auto& u : org_snapshot->units())
    if (u.kind == org::UnitKind::local_network) {
      billing_network = u.id;
      break;
    }
  const auto billing_months = revenue::demo_months(anchor, cfg.display_tz, 12);
  const auto billed = store::load_demo_billing(*db, billing_network, billing_months);
  auto revenue_repo = store::make_revenue_repository(*db);
  const auto targets = revenue::demo_targets(
      *org_snapshot, revenue_repo->unit_months(billing_months.front().month, billing_months.back().month),
      org_snapshot->staff_by_username("admin")->id, anchor);
  store::load_demo_targets(*db, targets);
  const double billing_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count();
  {  // The demo's pay rates (docs/pay.md), in force from the first month of the history.
    auto pay_repo = store::make_pay_repository(*db);
    org::OrgService org(*repo);
    pay::PayService pay(*pay_repo, org, cfg.display_tz);
    auto from = pay::Month::of(anchor, cfg.display_tz);
    for (int i = 0; i < std::max(history_months, 1); ++i) from = from.prev();
    pay.ensure_rates(command_line_actor(*org.snapshot()), from);
  }
  auto by_type = history.by_type();
  std::ostringstream history_text;
  history_text << std::fixed << std::setprecision(1);
  if (history_months > 0)
    history_text << history.orders.size() << " work orders over " << history_months << " months ("
                 << by_type["fault"] << " faults, " << by_type["new_line"] << " new lines, " << by_type["broadband"]
                 << " broadband, " << by_type["move"] << " moves, " << by_type["feature"] << " features, "
                 << by_type["complaint"] << " complaints, " << by_type["care_visit"] << " care visits, "
                 << by_type["hazard"] << " hazards; " << history.open_orders() << " open now), "
                 << history.event_count() << " timeline events, " << history.care_flags.size() << " care flags ("
                 << history_secs << " s: generated in " << generated_secs << " s, written in "
                 << history_secs - generated_secs << " s).\n";
  else
    history_text << "no work-order history (--history-months 0).\n";
  history_text << "  " << billed << " monthly bills over 12 months (" << revenue::format_month(billing_months.front().month)
               << " to " << revenue::format_month(billing_months.back().month) << ") and " << targets.size()
               << " revenue targets (" << billing_secs << " s).\n";
  const auto port = cfg.listen.substr(cfg.listen.rfind(':') + 1);
  std::cout << "Demo organisation (" << size_name << ") created in " << cfg.db << ": " << counts->units << " units, "
            << counts->areas << " areas, " << counts->staff << " staff, " << counts->absences << " absences;\n  "
            << plant_counts.cross_boxes << " cross-connect boxes, " << plant_counts.dist_boxes
            << " distribution boxes, " << plant_counts.customers << " subscribers, " << plant_counts.services
            << " services, " << plant_counts.cables << " cables, " << plant_counts.poles << " poles, "
            << plant_counts.drop_lines << " drop lines (" << std::fixed << std::setprecision(1) << secs << " s);\n  "
            << history_text.str()
            << "Sign in at http://127.0.0.1:" << port << " as:\n  username: admin\n  password: " << admin_password
            << "\n" << (generated ? "This password is shown only once; reset it with "
                                    "`bluechannel user reset-password admin`.\n" : "");
  return 0;
}

// Recomputes the KPI rollups from the raw records (docs/kpis.md); dates are display-zone days.
int cmd_kpi_rebuild(const Config& cfg, const std::string& from, const std::string& to) {
  auto db = open_db(cfg, 1);
  auto day = [](const std::string& flag, const std::string& text) -> std::optional<int> {
    if (text.empty()) return std::nullopt;
    auto d = orders::Date::parse(text);
    if (!d) throw std::runtime_error(flag + ": must be a date YYYY-MM-DD");
    return d->y * 10000 + d->m * 100 + d->d;
  };
  const auto st = store::rebuild_kpis(*db, day("--from", from), day("--to", to));
  const auto records = st.orders + st.events + st.verifications;
  std::cout << std::fixed << std::setprecision(1) << "KPI rollups rebuilt from " << st.orders << " work orders, "
            << st.events << " reopenings and " << st.verifications << " verifications: " << st.rows
            << " daily rows in " << st.seconds << " s (" << std::setprecision(0)
            << (st.seconds > 0 ? records / st.seconds : 0.0) << " records/s, "
            << (st.seconds > 0 ? st.rows / st.seconds : 0.0) << " rows/s).\n";
  return 0;
}

int cmd_user_add(const Config& cfg, const std::string& username, const std::string& name, const std::string& role,
                 const std::string& unit_code, const std::string& password) {
  auto db = open_db(cfg, 1);
  auto repo = store::make_org_repository(*db);
  org::OrgService org(*repo);
  auto snap = org.snapshot();
  const org::Unit* unit = snap->unit_by_code(unit_code);
  if (!unit) throw std::runtime_error("--unit: no unit has the code " + unit_code);
  org::StaffInput in;
  in.username = username;
  in.name = name;
  in.role = org::parse_role(role);
  if (!in.role) throw std::runtime_error("--role: must be one of administrator, centre_manager, office_head, "
                                         "community_head, area_manager, hotline_agent, auditor");
  in.unit_id = unit->id;
  if (!password.empty()) in.password = password;
  auto res = org.create_staff(command_line_actor(*snap), in);
  if (!res) {
    std::string msg = res.error().message;
    for (const auto& f : res.error().fields) msg += "\n  " + f.field + ": " + f.reason;
    throw std::runtime_error(msg);
  }
  std::cout << "Created " << res->staff.username << " (" << role << ") in " << unit->name << ".\n";
  if (!res->generated_password.empty())
    std::cout << "Password (shown once): " << res->generated_password << "\n";
  return 0;
}

int cmd_reset_password(const Config& cfg, const std::string& username, const std::string& password) {
  auto db = open_db(cfg, 1);
  auto repo = store::make_org_repository(*db);
  org::OrgService org(*repo);
  auto snap = org.snapshot();
  const org::Staff* m = snap->staff_by_username(username);
  if (!m) throw std::runtime_error("no staff member has the username " + username);
  auto res = org.reset_password(command_line_actor(*snap), m->id,
                                password.empty() ? std::nullopt : std::optional<std::string>(password));
  if (!res) {
    std::string msg = res.error().message;
    for (const auto& f : res.error().fields) msg += "\n  " + f.field + ": " + f.reason;
    throw std::runtime_error(msg);
  }
  std::cout << "Password of " << username << " reset; the account is unlocked and signed out everywhere.\n";
  if (password.empty()) std::cout << "New password (shown once): " << *res << "\n";
  return 0;
}

// bluechannel pay run|approve --network CODE --month YYYY-MM
int cmd_pay(const Config& cfg, bool approve, const std::string& network_code, const std::string& month_text) {
  const auto t0 = std::chrono::steady_clock::now();
  auto db = open_db(cfg, 2);
  auto org_repo = store::make_org_repository(*db);
  org::OrgService org(*org_repo);
  auto pay_repo = store::make_pay_repository(*db);
  pay::PayService pay(*pay_repo, org, cfg.display_tz);
  auto snap = org.snapshot();
  const org::Unit* net = snap->unit_by_code(network_code);
  if (!net || net->kind != org::UnitKind::local_network)
    throw std::runtime_error("--network: no local network has the code " + network_code);
  auto month = pay::Month::parse(month_text);
  if (!month) throw std::runtime_error("--month: must be a month YYYY-MM (" + cfg.display_tz.name + ")");
  const auth::Actor actor = command_line_actor(*snap);
  auto fail = [](const Error& e) {
    std::string msg = e.message;
    for (const auto& f : e.fields) msg += "\n  " + f.field + ": " + f.reason;
    return std::runtime_error(msg);
  };
  auto yuan = [](std::int64_t fen) {
    std::ostringstream s;
    s << (fen < 0 ? "-" : "") << std::llabs(fen) / 100 << "." << std::setw(2) << std::setfill('0') << std::llabs(fen) % 100;
    return s.str();
  };
  pay::Run run;
  if (approve) {
    auto runs = pay.runs(actor, net->id);
    if (!runs) throw fail(runs.error());
    const pay::Run* found = nullptr;
    for (const auto& r : *runs)
      if (r.month == *month) found = &r;
    if (!found) throw std::runtime_error("no pay run of " + network_code + " for " + month_text + ": run `bluechannel pay run` first");
    auto done = pay.approve(actor, found->id, found->version);
    if (!done) throw fail(done.error());
    run = *done;
  } else {
    auto res = pay.compute(actor, net->id, *month);
    if (!res) throw fail(res.error());
    run = res->run;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "Pay run " << run.id << " of " << net->name << " (" << network_code << ") for " << run.month.format()
            << ": " << pay::to_string(run.status) << ", version " << run.version << "; " << run.lines << " lines, "
            << run.managers << " managers, total " << yuan(run.total_fen) << " yuan (" << run.total_fen << " fen).\n"
            << (approve ? "The month is closed: later corrections land as adjustments in the next month's run.\n"
                        : "Computed in " + std::to_string(run.compute_ms) + " ms (" +
                              std::to_string(static_cast<long long>(secs * 1000)) + " ms with start-up).\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Blue Channel: integrated sales-and-maintenance platform (营维合一服务信息化平台)"};
  app.set_version_flag("--version", std::string("bluechannel ") + BC_VERSION);
  app.require_subcommand(1);
  Common common;

  auto* serve = app.add_subcommand("serve", "Serve the API and the console");
  add_common(serve, common, true);

  auto* migrate = app.add_subcommand("migrate", "Apply pending schema migrations and exit");
  add_common(migrate, common, false);

  auto* demo = app.add_subcommand("demo", "Create the demo organisation in an empty database; prints the sign-in");
  add_common(demo, common, false);
  std::string size = "city", admin_password;
  demo->add_option("--size", size, "city (Changsha figures) or province (14 local networks)")
      ->check(CLI::IsMember({"city", "province"}));
  demo->add_option("--admin-password", admin_password, "the administrator's password (default: generated)");
  std::int64_t subscribers = -1;
  bool no_drop_lines = false;
  demo->add_flag("--no-drop-lines", no_drop_lines, "skip the drop lines (one a terminated service; ~8% of the load time)");
  demo->add_option("--subscribers", subscribers, "how many subscribers (default: 700,000 city, 10,000,000 province)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{20'000'000}));
  int history_months = 12;
  demo->add_option("--history-months", history_months,
                   "months of work-order history before now over the first local network (0: none; default 12)")
      ->check(CLI::Range(0, 24));

  auto* user = app.add_subcommand("user", "Manage sign-ins from the command line");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "Create a staff member");
  add_common(add, common, false);
  std::string username, name, role, unit, password;
  add->add_option("--username", username, "sign-in name")->required();
  add->add_option("--name", name, "full name")->required();
  add->add_option("--role", role, "administrator, centre_manager, office_head, community_head, area_manager, "
                                  "hotline_agent, auditor")->required();
  add->add_option("--unit", unit, "code of the unit they belong to, such as CS-O1-C01")->required();
  add->add_option("--password", password, "initial password (default: generated)");
  auto* reset = user->add_subcommand("reset-password", "Set or generate a password; unlocks and signs out");
  add_common(reset, common, false);
  reset->add_option("username", username, "whose password")->required();
  reset->add_option("--password", password, "the new password (default: generated)");

  auto* backup = app.add_subcommand("backup", "Copy a live SQLite database to a file (PostgreSQL: use pg_dump)");
  add_common(backup, common, false);
  std::string to;
  backup->add_option("--to", to, "destination file")->required();

  auto* kpi_cmd = app.add_subcommand("kpi", "KPI rollups (docs/kpis.md)");
  kpi_cmd->require_subcommand(1);
  auto* rebuild = kpi_cmd->add_subcommand("rebuild", "Recompute the rollups from the work orders, their timelines and the verifications");
  add_common(rebuild, common, false);
  std::string kpi_from, kpi_to;
  rebuild->add_option("--from", kpi_from, "first day to recompute, YYYY-MM-DD in the display zone (default: all)");
  rebuild->add_option("--to", kpi_to, "last day to recompute, inclusive (default: all)");
  auto* pay_cmd = app.add_subcommand("pay", "Monthly piece-rate pay of a local network (docs/pay.md)");
  pay_cmd->require_subcommand(1);
  std::string pay_network, pay_month;
  auto* pay_run = pay_cmd->add_subcommand("run", "Compute a month's pay run (again, while it is a draft)");
  auto* pay_approve = pay_cmd->add_subcommand("approve", "Approve a month's pay run: the month closes");
  for (auto* c : {pay_run, pay_approve}) {
    add_common(c, common, false);
    c->add_option("--network", pay_network, "code of the local network, such as CS")->required();
    c->add_option("--month", pay_month, "the month YYYY-MM (display time zone)")->required();
  }

  auto import_commands = app::add_import_commands(app, [&](CLI::App* c) { add_common(c, common, false); });

  CLI11_PARSE(app, argc, argv);
  try {
    Config cfg = load_config(common);
    app::setup_logging(cfg.log_format, cfg.log_level);
    store::set_kpi_zone(cfg.display_tz);
    init_crypto();
    if (*serve) return cmd_serve(cfg);
    if (*migrate) {
      auto db = store::Database::open(cfg.db, 1);
      const int before = db->schema_version();
      const int after = db->migrate();
      std::cout << "Schema of " << cfg.db << " at version " << after
                << (after == before ? " (nothing to do).\n" : " (was " + std::to_string(before) + ").\n");
      return 0;
    }
    if (*demo) return cmd_demo(cfg, size, admin_password, subscribers, !no_drop_lines, history_months);
    if (*rebuild) return cmd_kpi_rebuild(cfg, kpi_from, kpi_to);
    if (*add) return cmd_user_add(cfg, username, name, role, unit, password);
    if (*reset) return cmd_reset_password(cfg, username, password);
    if (*pay_run) return cmd_pay(cfg, false, pay_network, pay_month);
    if (*pay_approve) return cmd_pay(cfg, true, pay_network, pay_month);
    if (auto rc = import_commands.run(cfg)) return *rc;
    if (*backup) {
      auto db = store::Database::open(cfg.db, 1);
      db->backup_to(to);
      std::cout << "Backed up " << cfg.db << " to " << to << ".\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "bluechannel: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
