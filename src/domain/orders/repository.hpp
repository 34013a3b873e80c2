// What work orders need from storage; store/order_store.cpp implements it for SQLite and
// PostgreSQL. A write runs in one transaction: the order, its events and any stored idempotent
// response commit together or not at all.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "domain/orders/calendar.hpp"
#include "domain/orders/model.hpp"
#include "domain/org/repository.hpp"

namespace bc::orders {

struct NewService {
  Id customer_id = 0, network_id = 0, box_id = 0;
  std::int32_t pair_no = 0;
  std::string kind = "fixed_line";  // fixed_line | broadband
  std::string number, code;
  std::int32_t speed_mbps = 0;
  std::int64_t monthly_fee_fen = 0;
  Millis at = 0;
};

// A configured deadline: per local network (0: the province-wide default), type and setting.
struct DeadlineSetting {
  Id network_id = 0;
  OrderType type = OrderType::other;
  bool rural = false;
  DeadlinePolicy policy;
  std::int64_t version = 0;  // 0: not configured (the built-in default applies)
  Id updated_by = 0;
  Millis updated_at = 0;
};

// A line with repeated faults (proactive repair list).
struct RepeatLine {
  Id service_id = 0, area_id = 0, community_id = 0, last_order_id = 0;
  std::string number;
  std::int64_t faults = 0;
  Millis first_at = 0, last_at = 0;
};

struct NewCustomer {
  std::string code, kind = "person", name, phones, address;
  Id network_id = 0;
  Millis at = 0;
};

struct PauseRecord {
  Millis started_at = 0, ended_at = 0;  // ended_at 0: still paused
  std::string reason;                   // customer_unavailable | customer_requested_date
};

// The board's and lists' filters; every list is limited to a part of the organisation.
struct OrderQuery {
  // Scope: orders whose unit of that level is this id (0: not limited at that level).
  Id network_id = 0, office_id = 0, community_id = 0, area_id = 0;
  Id assignee_id = 0;
  bool unassigned = false;                  // the community's queue
  std::vector<State> states;                // empty: any
  std::optional<OrderType> type;
  std::optional<Millis> due_before;         // operator's commitment falls before this instant
  std::optional<Millis> created_from, created_to;  // [from, to)
  int min_escalation = 0;                   // 1: escalated to the community head or further; 2: to the office head
  Id service_id = 0, customer_id = 0;
  int offset = 0, limit = 50;
  bool oldest_first = false;
  bool by_deadline = false;  // nearest operator's deadline first (boards)
  // Boards that keep their rows' text: the page is first read briefly — id, type, state, the routing's
  // ids, rural, the times, pause, escalation, version and limits, no text — and each brief order is
  // handed to `whole`; only those it answers true for are read whole (and replace the brief ones).
  // Empty: every order is read whole.
  std::function<bool(const Order&)> whole;
};

struct OrderPage {
  std::vector<Order> orders;
  std::unordered_map<Id, std::vector<PauseRecord>> pauses;  // of the listed orders that ever paused
  std::int64_t total = 0;
};

class OrderWriter {
 public:
  virtual ~OrderWriter() = default;
  virtual Millis now() const = 0;
  virtual void insert_order(Order& o) = 0;  // sets o.id
  // A person's change: writes o where the stored version is o.version - 1 (system_versions back to
  // 0); false when someone else changed it first.
  // `before` is that stored version as the caller read it (the KPI rollups move by the difference,
  // without reading the row again).
  virtual bool update_order(const Order& o, const Order& before) = 0;
  virtual void insert_event(Event& e) = 0;  // sets e.id
  virtual void start_pause(Id order_id, Millis at, const std::string& reason) = 0;
  virtual void end_pause(Id order_id, Millis at) = 0;  // ends the open pause, if any
  virtual void save_idempotent(Id actor, const std::string& key, const org::IdempotentResponse& r) = 0;
  // The system's changes to an order (the sweeper's escalation; new due times after the calendar
  // changed): written only where the stored version is still `version`, as version + 1 with
  // system_versions + 1 (a person's If-Match from before still holds, see Order); false when
  // someone changed the order first (read it again) or another instance escalated it.
  virtual bool set_escalation(Id order_id, std::int64_t version, std::int32_t from_level, std::int32_t to_level,
                              Millis next_at) = 0;
  // Writes s with version s.version where the stored one is s.version - 1 (none stored: 0);
  // false when someone else changed it first.
  virtual bool put_deadline_setting(const DeadlineSetting& s) = 0;
  // The business calendar's configured days (a holiday or make-up working day; remove: back to the
  // built-in rule for that date).
  virtual bool set_dues(Id order_id, std::int64_t version, Millis commit_due, Millis legal_due, Millis next_escalation) = 0;
  virtual void put_calendar_day(const DayOverride& d) = 0;
  virtual bool remove_calendar_day(const Date& d) = 0;

  // Effects of completed work on the plant records, in the order's own transaction.
  // The lowest pair of the box in 1..capacity with no active service and no hand-set mark; 0: none.
  virtual std::int32_t first_free_pair(Id box_id, std::int32_t capacity) = 0;
  virtual bool pair_free(Id box_id, std::int32_t pair_no) = 0;
  // A new active service terminated on (box, pair); returns its id. A clash on the pair or the
  // number (someone took it first) throws and rolls the whole order change back.
  virtual Id insert_service(const NewService& s) = 0;
  // A new subscriber record for a new line taken for someone not yet in the archive; returns its id.
  virtual Id insert_customer(const NewCustomer& c) = 0;
  // Re-terminates an active service; returns its number, or nothing when it is not active.
  virtual std::optional<std::string> move_service(Id service_id, Id box_id, std::int32_t pair_no, Millis at) = 0;
};

class OrderRepository {
 public:
  virtual ~OrderRepository() = default;
  // fn runs in the transaction; an error it returns (or an exception) rolls back.
  virtual Status write(const std::function<Status(OrderWriter&)>& fn) = 0;
  using Change = std::function<Status(OrderWriter&)>;
  // Group commit: several changes in one transaction, each in its own savepoint, so a change that
  // fails (an error it returns, or an exception) is undone alone and the rest commit together. One
  // status per change, in order: a unique-key clash is a conflict, any other exception internal.
  // Throws only when the transaction itself fails (then nothing of the group is written).
  virtual std::vector<Status> write_group(const std::vector<const Change*>& changes) = 0;
  virtual std::optional<Order> get(Id id) = 0;
  virtual OrderPage list(const OrderQuery& q) = 0;
  virtual std::vector<Event> events_of(Id order_id) = 0;
  // Events after `after_id` in id order, at most `limit` (the live stream's catch-up).
  virtual std::vector<Event> events_after(Id after_id, int limit) = 0;
  virtual Id last_event_id() = 0;
  virtual std::vector<DeadlineSetting> deadline_settings() = 0;
  virtual std::vector<DayOverride> calendar_days() = 0;
  // Lines with at least `min_faults` faults created since `since`, within q's scope fields, most first.
  virtual std::vector<RepeatLine> repeat_lines(const OrderQuery& scope, Millis since, int min_faults, int limit) = 0;
  virtual std::vector<PauseRecord> pauses_of(Id order_id) = 0;
  // Open orders whose next escalation is due at `now`, soonest first.
  virtual std::vector<Order> due_for_escalation(Millis now, int limit) = 0;
  // The id of the latest fault on the service created at or after `since`, other than `except`.
  virtual std::optional<Id> last_fault(Id service_id, Millis since, Id except) = 0;
  virtual std::optional<Id> find_by_external_ref(Channel channel, const std::string& ref) = 0;
  virtual std::optional<org::IdempotentResponse> find_idempotent(Id actor, const std::string& key) = 0;
};

}  // namespace bc::orders
