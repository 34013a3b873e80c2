// The network records' use cases: cables, poles and drop lines with their rules (ends exist, a
// drop line's pair is on its box, codes unique per local network, retire instead of delete),
// scoped by the caller's part of the organisation. Thread-safe: holds no state of its own.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/access.hpp"
#include "domain/plant/network_model.hpp"

namespace bc::org { class OrgService; class OrgSnapshot; }

namespace bc::plant {

class PlantService;
class PlantRepository;

struct EndInput {
  EndKind kind = EndKind::exchange;
  Id id = 0;         // or
  std::string code;  // the box's code
};

// Creates need code, kind, from, to and pairs; an update changes what is set.
struct CableInput {
  std::optional<std::string> code;
  std::optional<CableKind> kind;
  std::optional<EndInput> from, to;
  std::optional<std::int32_t> pairs, length_m;
  std::optional<std::vector<Ref>> boxes;  // by id, or by code when id is 0
  Id network_id = 0;                      // for a code look-up by imports only
};

struct PoleInput {
  std::optional<std::string> code;
  std::optional<PoleKind> kind;
  std::optional<std::int32_t> lat_e6, lng_e6;
  std::optional<Id> network_id;
  std::optional<std::vector<Ref>> boxes, cables;
};

struct DropLineInput {
  std::optional<std::string> code;
  std::optional<Ref> box;
  std::optional<std::int32_t> pair_no;
  std::optional<Ref> service;  // Ref{0, ""}: none
  std::optional<DropKind> kind;
  std::optional<std::int32_t> length_m;
  std::optional<Millis> installed_at;
};

struct BoxNetwork {
  std::vector<Cable> cables;
  std::optional<Pole> pole;
  std::vector<DropLine> drop_lines;
};

struct ListQuery {
  std::optional<bool> active = true;  // nullopt: all
  std::string q;                      // code fragment
};

// True when the two records say the same (ignoring version and times): an import row that changes nothing.
bool same_record(const Cable& a, const Cable& b);
bool same_record(const Pole& a, const Pole& b);
bool same_record(const DropLine& a, const DropLine& b);

template <class T>
using Remember = std::function<std::optional<std::pair<std::string, org::IdempotentResponse>>(const T&)>;

class NetworkService {
 public:
  NetworkService(PlantService& plant, PlantRepository& plant_repo, NetworkRepository& repo, org::OrgService& org);

  Result<Cable> cable(const auth::Actor& a, Id id);
  Result<std::vector<Cable>> cables(const auth::Actor& a, const CableFilter& f, std::optional<CableKind> kind,
                                    const ListQuery& q);
  Result<Cable> create_cable(const auth::Actor& a, const CableInput& in, const Remember<Cable>& remember = {});
  Result<Cable> update_cable(const auth::Actor& a, Id id, std::int64_t if_match, const CableInput& in);
  Result<Cable> retire_cable(const auth::Actor& a, Id id, std::int64_t if_match);

  Result<Pole> pole(const auth::Actor& a, Id id);
  Result<std::vector<Pole>> poles(const auth::Actor& a, const PoleFilter& f, const ListQuery& q);
  Result<Pole> create_pole(const auth::Actor& a, const PoleInput& in, const Remember<Pole>& remember = {});
  Result<Pole> update_pole(const auth::Actor& a, Id id, std::int64_t if_match, const PoleInput& in);
  Result<Pole> retire_pole(const auth::Actor& a, Id id, std::int64_t if_match);

  Result<DropLine> drop_line(const auth::Actor& a, Id id);
  Result<DropLine> create_drop_line(const auth::Actor& a, const DropLineInput& in,
                                    const Remember<DropLine>& remember = {});
  Result<DropLine> update_drop_line(const auth::Actor& a, Id id, std::int64_t if_match, const DropLineInput& in);
  Result<DropLine> retire_drop_line(const auth::Actor& a, Id id, std::int64_t if_match);
  Result<DropLine> drop_line_of_service(const auth::Actor& a, Id service_id);

  // A distribution box's cables, pole and drop lines.
  Result<BoxNetwork> box_network(const auth::Actor& a, Id box_id);

  // Checks an import row against the rules without writing: the resulting record, or the problem.
  // `existing` is the record with the same code in the same network, if any.
  Result<Cable> check_cable(const auth::Actor& a, const CableInput& in, std::optional<Cable>& existing);
  Result<Pole> check_pole(const auth::Actor& a, const PoleInput& in, std::optional<Pole>& existing);
  Result<DropLine> check_drop_line(const auth::Actor& a, const DropLineInput& in, std::optional<DropLine>& existing);
  // Writes a checked record (create or update), audited; conflict when it moved on meanwhile.
  Status save_checked(const auth::Actor& a, Cable& c, const std::optional<Cable>& before);
  Status save_checked(const auth::Actor& a, Pole& p, const std::optional<Pole>& before);
  Status save_checked(const auth::Actor& a, DropLine& d, const std::optional<DropLine>& before);

  NetworkRepository& repo() { return repo_; }
  Id network_by_code(const std::string& code) const;  // a local network's unit id, 0: none

 private:
  Result<Cable> apply(const org::OrgSnapshot& s, const Cable& base, const CableInput& in, bool creating);
  Result<Pole> apply(const org::OrgSnapshot& s, const Pole& base, const PoleInput& in, bool creating);
  Result<DropLine> apply(const org::OrgSnapshot& s, const DropLine& base, const DropLineInput& in, bool creating);
  Status check_box_change(const DistBox& before, const DistBox& after);
  bool box_visible(const org::OrgSnapshot& s, const auth::Actor& a, Id box_id) const;
  bool visible(const org::OrgSnapshot& s, const auth::Actor& a, const Cable& c) const;
  bool visible(const org::OrgSnapshot& s, const auth::Actor& a, const Pole& p) const;
  bool visible(const org::OrgSnapshot& s, const auth::Actor& a, const DropLine& d) const;
  Status writable(const org::OrgSnapshot& s, const auth::Actor& a, Id network, const std::vector<Ref>& boxes) const;

  PlantService& plant_;
  PlantRepository& plant_repo_;
  NetworkRepository& repo_;
  org::OrgService& org_;
};

}  // namespace bc::plant
