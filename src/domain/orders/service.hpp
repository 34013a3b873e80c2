// Work-order use cases: create and route, read, list for boards, and every action of the order's
// life, each validated against the lifecycle table and written with its timeline event in one
// transaction. Thread-safe: state lives in the database and the published org snapshot.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "domain/auth/access.hpp"
#include "domain/orders/calendar.hpp"
#include "domain/orders/deadlines.hpp"
#include "domain/orders/events.hpp"
#include "domain/orders/repository.hpp"

namespace bc::org { class OrgService; }
namespace bc::plant { class PlantService; }

namespace bc::orders {

struct CreateInput {
  std::optional<OrderType> type;
  std::optional<Channel> channel;  // defaults from the creator's role (manager, hotline)
  std::string number;              // a line's phone number or broadband account
  Id customer_id = 0;
  std::string box_code;            // a distribution box, e.g. for a hazard found on patrol
  Id community_id = 0;             // the queue when nothing owns the request
  std::string contact_name, contact_phone, address, summary;
  std::string details_json = "{}";
  Id about_order_id = 0;
  std::string external_ref;
  std::int64_t fee_fen = 0;
};

struct ActionInput {
  std::optional<Action> action;
  std::string reason;                    // free text; required where the table says so
  std::optional<Id> assignee_id;         // assign / reassign (0: the community's queue)
  std::optional<Millis> appointment_at;  // book
  bool customer_requested = false;       // book: the customer asked for a later date (pauses the clock)
  std::optional<WaitFor> wait_for;       // wait
  std::optional<FaultCause> cause;       // resolve (faults)
  std::string resolution;                // resolve
  std::int32_t pair_no = 0;              // resolve: the pair worked on (new line, move: the pair to use)
  std::string box_code;                  // resolve a new line or move: the box to terminate on
  std::string number;                    // resolve a new line: its number (else details.number)
  std::int32_t score = 0;                // callback 1–5
  std::optional<bool> solved;            // callback
  std::optional<std::int32_t> lat_e6, lng_e6;
};

// Where a completed new line or move is terminated (planned before the transaction; the pair is
// chosen inside it when not given).
struct Termination {
  Id box_id = 0, service_id = 0;
  std::string box_code;
  std::int32_t capacity = 0, pair_no = 0;
  std::string kind = "fixed_line", number;
  std::string customer_name, customer_kind = "person";  // a new subscriber
  std::int32_t speed_mbps = 0;
  std::int64_t monthly_fee_fen = 0;
};

// Called inside the write transaction after the change (e.g. to store an idempotent response).
using AfterOrderWrite = std::function<void(OrderWriter&, const Order&)>;
// A create's own part of its answer, made on the request's thread from the order as it will be
// written (routed, with its deadlines; its id still 0) before the order joins a group commit. What
// it returns runs inside the group's transaction after the insert, on the one thread that writes
// every group: keep that to binding values (e.g. the prepared response stored under the id now
// known), and do the rest here.
using PrepareCreate = std::function<AfterOrderWrite(const Order& draft)>;

struct OrderView {
  Order order;
  std::vector<Event> events;
  std::vector<PauseRecord> pauses;
  std::vector<Action> actions;  // what the reader may do now
};

class OrderService {
 public:
  OrderService(OrderRepository& repo, org::OrgService& org, plant::PlantService& plant, TimeZone tz);
  ~OrderService();

  Result<Order> create(const auth::Actor& a, const CreateInput& in, const PrepareCreate& prepare = {});
  Result<Order> act(const auth::Actor& a, Id id, std::int64_t if_match, const ActionInput& in);
  Result<Order> get(const auth::Actor& a, Id id);
  Result<OrderView> view(const auth::Actor& a, Id id);
  Result<OrderPage> list(const auth::Actor& a, OrderQuery q);
  // Limits a query to the caller's part of the organisation.
  bool scope(const auth::Actor& a, OrderQuery& q) const;
  // Whether a live event reaches the actor: their part of the organisation, or orders assigned to them.
  bool sees(const auth::Actor& a, const Event& e) const;
  // What the actor may do on the order now.
  std::vector<Action> actions(const auth::Actor& a, const Order& o);
  // Deadlines per type and urban/rural: the configured ones of the network, else the province-wide
  // configured ones, else the built-in defaults of docs/deadlines.md. New orders take them at creation.
  DeadlinePolicy policy_for(OrderType type, bool rural, Id network_id) const;
  struct DeadlineRow {
    DeadlineSetting setting;  // version 0: not configured at that level
    std::string source;       // built_in, province, network
  };
  // The table in force for a local network (0: the province-wide defaults).
  Result<std::vector<DeadlineRow>> deadline_table(const auth::Actor& a, Id network_id);
  // Administrators for any network (or 0), centre managers for their own network.
  Result<DeadlineSetting> set_deadline(const auth::Actor& a, DeadlineSetting s, std::int64_t if_match);
  void reload_deadlines();
  // Lines with `min_faults` or more faults in the last `days` days in the caller's scope (proactive repair).
  Result<std::vector<RepeatLine>> repeat_lines(const auth::Actor& a, int days, int min_faults);

  // Both deadline clocks (operator's commitment, legal limit) as of now, or as they stopped at resolution.
  PolicyReading clocks(const Order& o, const std::vector<PauseRecord>& pauses) const;

  std::vector<PauseRecord> pauses_of(Id order_id) { return repo_.pauses_of(order_id); }
  // The sweeper (every second from app/): orders reaching 75 % of the operator's commitment are
  // escalated to their community head, breached ones to their office head, each once, with a
  // timeline event. Returns how many were escalated.
  int escalate_due(Millis now, int limit = 500);
  std::optional<org::IdempotentResponse> find_idempotent(Id actor, const std::string& key) {
    return repo_.find_idempotent(actor, key);
  }
  // The business calendar in force: the built-in public holidays with the administrators' days over them.
  std::shared_ptr<const BusinessCalendar> calendar() const { return std::atomic_load(&calendar_); }
  struct CalendarDay {
    DayOverride day;
    std::string source;  // built_in, configured
  };
  Result<std::vector<CalendarDay>> calendar_days(int year) const;
  Result<CalendarDay> set_calendar_day(const auth::Actor& a, const DayOverride& d);
  Status remove_calendar_day(const auth::Actor& a, const Date& d);
  void reload_calendar();
  // After a calendar change: running orders on working clocks get their due times again (their
  // limits stay those they were created under), each move on the order's timeline as a
  // "deadline_moved" event by `by` saying why. Returns how many moved.
  int recompute_working_deadlines(const auth::Actor* by = nullptr, const std::string& why = "");
  // The live stream: committed events in id order, and the database for readers that fell behind.
  EventHub& hub() { return hub_; }
  std::vector<Event> events_after(Id after, int limit) { return repo_.events_after(after, limit); }
  // Group commit: transactions written, and the changes they carried (the mean group size is the ratio).
  struct GroupStats {
    std::uint64_t commits = 0, changes = 0;
  };
  GroupStats group_stats() const { return {commits_.load(), changes_.load()}; }

 private:
  bool visible(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o) const;
  // One try of act(): `raced` when the order changed between its read and its write.
  Result<Order> act_once(const auth::Actor& a, Id id, std::int64_t if_match, const ActionInput& in, bool& raced);
  Result<Termination> plan_termination(const org::OrgSnapshot& s, const auth::Actor& a, const Order& o,
                                       const ActionInput& in) const;
  void set_deadlines(Order& o, const std::vector<PauseRecord>& pauses, Millis now) const;
  Millis next_escalation(const Order& o, const std::vector<PauseRecord>& pauses, Millis now) const;
  // Every order write goes through here. Writers queue and wait; the service's writer thread takes
  // everything queued (up to kMaxGroup) and commits it in one transaction, each change in its own
  // savepoint, then answers each writer and takes the next group at once (docs/work-orders.md,
  // "Group commit"). Groups are serialised, so event ids are committed in id order (the stream's
  // cursor), and published to the hub after commit. Not from inside a change.
  Status write(const std::function<Status(OrderWriter&)>& fn);
  struct Pending;
  void run_group(const std::vector<Pending*>& group);
  void writer_loop();
  static constexpr std::size_t kMaxGroup = 256;
  // A fault's repeat link is read before its group commits: two faults on one line created at the
  // same moment would each miss the other. A fault takes its line's turn from that read until its
  // write has committed (LineTurn in service.cpp); a second fault on the line waits for it.
  class LineTurn;
  std::mutex line_mu_;
  std::condition_variable line_cv_;
  std::unordered_set<Id> lines_in_turn_;  // under line_mu_
  OrderRepository& repo_;
  std::mutex group_mu_;
  std::condition_variable writer_cv_;
  std::deque<Pending*> queue_;  // under group_mu_
  bool writer_busy_ = false;    // under group_mu_: the writer is running a group (no need to wake it)
  bool stopping_ = false;       // under group_mu_
  std::thread writer_;          // started last in the constructor, joined in the destructor
  std::atomic<std::uint64_t> commits_{0}, changes_{0};
  EventHub hub_;
  org::OrgService& org_;
  plant::PlantService& plant_;
  TimeZone tz_;
  std::shared_ptr<const BusinessCalendar> calendar_;
  std::vector<DayOverride> configured_days_;  // under settings_mu_
  // The limits an order runs on: its own (stored at creation), or for rows written before limits
  // were stored, today's configuration.
  DeadlinePolicy policy_of(const Order& o) const;
  mutable std::mutex settings_mu_;
  std::vector<DeadlineSetting> settings_;
};

// Checks a create's fields that need no lookup; exposed for tests.
Status validate(const CreateInput& in);

}  // namespace bc::orders
