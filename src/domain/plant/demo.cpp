#include "domain/plant/demo.hpp"

#include <algorithm>
#include <cmath>

#include "core/random.hpp"
#include <map>

#include "domain/org/demo.hpp"

namespace bc::plant {
namespace {

using Rng = SplitMix64;

std::string pad(std::int64_t n, int width) {
  std::string s = std::to_string(n);
  return std::string(width > static_cast<int>(s.size()) ? width - s.size() : 0, '0') + s;
}

// City centres (microdegrees) so each network's boxes fall in the right place on a map.
struct Place {
  const char* code;
  const char* dial;
  std::int32_t lat, lng;
};
constexpr Place kPlaces[] = {
    {"CS", "0731", 28228000, 112939000}, {"ZZ", "0731", 27827000, 113134000}, {"XT", "0731", 27829000, 112944000},
    {"HY", "0734", 26893000, 112572000}, {"SY", "0739", 27239000, 111467000}, {"YY", "0730", 29357000, 113129000},
    {"CD", "0736", 29031000, 111699000}, {"ZJ", "0744", 29117000, 110479000}, {"YI", "0737", 28554000, 112355000},
    {"CZ", "0735", 25770000, 113015000}, {"YZ", "0746", 26420000, 111613000}, {"HH", "0745", 27550000, 109998000},
    {"LD", "0738", 27700000, 111994000}, {"XX", "0743", 28314000, 109739000},
};

const Place& place_of(const std::string& network_code) {
  for (const auto& p : kPlaces)
    if (network_code == p.code) return p;
  return kPlaces[0];
}

// A resident identity number as GB 11643 lays it out: region, birth date, sequence, and the
// ISO 7064 MOD 11-2 check character.
std::string resident_id(Rng& rng) {
  std::string id = "4301" + pad(rng.between(1, 5) * 2, 2) + pad(rng.between(1945, 2006), 4) + pad(rng.between(1, 12), 2) +
                   pad(rng.between(1, 28), 2) + pad(rng.between(0, 999), 3);
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  id += "10X98765432"[sum % 11];
  return id;
}

}  // namespace

std::string network_dialling_code(const std::string& network_code) { return place_of(network_code).dial; }

PlantDemoCounts generate_plant(const org::OrgSnapshot& org, std::int64_t subscribers, Millis now, DemoSink& sink,
                               const PlantDemoOptions& opts) {
  PlantDemoCounts n;
  std::vector<const org::Unit*> areas;
  for (const auto& u : org.units())
    if (u.active && u.kind == org::UnitKind::area) areas.push_back(&u);
  if (areas.empty() || subscribers <= 0) return n;
  Rng rng{0x5eedULL};
  // The network records draw from their own generator, so the boxes and subscribers stay as they were.
  Rng net_rng{0xcab1eULL};
  // Numbers are unique per dialling code: one running counter per code.
  std::map<std::string, std::int64_t> next_number;
  std::int64_t assigned = 0;
  for (std::size_t ai = 0; ai < areas.size(); ++ai) {
    const org::Unit& area = *areas[ai];
    const org::Id network = org.enclosing(area.id, org::UnitKind::local_network);
    const org::Unit* net = org.unit(network);
    const org::Unit* office = org.unit(org.enclosing(area.id, org::UnitKind::office));
    const org::Unit* community = org.unit(area.parent_id);
    const Place& place = place_of(net ? net->code : "CS");
    // This area's share of the subscribers (the remainder goes to the last areas).
    const std::int64_t target = (subscribers - assigned) / static_cast<std::int64_t>(areas.size() - ai);
    assigned += target;
    // ~100 subscribers a distribution box, ~20 distribution boxes a cross-connect box.
    const std::int64_t dboxes = std::max<std::int64_t>(1, (target + 99) / 100);
    const std::int64_t xboxes = std::max<std::int64_t>(1, (dboxes + 19) / 20);
    // Each area is a patch a few hundred metres across, laid out on a grid around the city centre.
    const std::int32_t grid = static_cast<std::int32_t>(std::ceil(std::sqrt(static_cast<double>(areas.size()))));
    const std::int32_t lat0 = place.lat + (static_cast<std::int32_t>(ai) / grid - grid / 2) * 6000;
    const std::int32_t lng0 = place.lng + (static_cast<std::int32_t>(ai) % grid - grid / 2) * 6000;
    const std::string district = office ? office->name.substr(0, office->name.find("营维处")) + "区" : "";
    const std::string street_name = community ? community->name.substr(0, community->name.find("社区服务部")) : "";
    std::vector<Id> dbox_ids;
    std::vector<std::int32_t> dbox_capacity;
    std::vector<std::string> dbox_building, dbox_code;
    std::vector<Mount> dbox_mount;
    std::vector<std::pair<std::int32_t, std::int32_t>> dbox_pos;
    for (std::int64_t x = 0; x < xboxes; ++x) {
      CrossBox cb;
      cb.id = ++n.cross_boxes;
      cb.code = area.code + "-X" + pad(x + 1, 2);
      cb.name = street_name + "交接箱" + std::to_string(x + 1);
      cb.network_id = network;
      cb.lat_e6 = lat0 + static_cast<std::int32_t>(rng.between(0, 4000));
      cb.lng_e6 = lng0 + static_cast<std::int32_t>(rng.between(0, 4000));
      cb.address = district + " " + street_name + "路" + std::to_string(rng.between(1, 300)) + "号旁";
      cb.primary_pairs = 1200;
      cb.distribution_pairs = 2400;
      cb.created_at = cb.updated_at = now;
      sink.cross_box(cb);
      const std::size_t first_box = dbox_ids.size();
      const std::int64_t here = (dboxes - x * 20) < 20 ? dboxes - x * 20 : 20;
      for (std::int64_t d = 0; d < here; ++d) {
        DistBox db;
        db.id = ++n.dist_boxes;
        db.code = cb.code + "-D" + pad(d + 1, 2);
        db.cross_box_id = cb.id;
        db.area_id = area.id;
        db.network_id = network;
        db.lat_e6 = cb.lat_e6 + static_cast<std::int32_t>(rng.between(-800, 800));
        db.lng_e6 = cb.lng_e6 + static_cast<std::int32_t>(rng.between(-800, 800));
        db.mount = rng.chance(80) ? Mount::building : Mount::pole;
        const std::string building = std::to_string(x * 20 + d + 1) + "栋";
        db.address = district + " " + street_name + "街道 " + building;
        db.capacity = rng.chance(70) ? 200 : 300;
        db.created_at = db.updated_at = now;
        sink.dist_box(db);
        dbox_ids.push_back(db.id);
        dbox_capacity.push_back(db.capacity);
        dbox_building.push_back(building);
        dbox_code.push_back(db.code);
        dbox_mount.push_back(db.mount);
        dbox_pos.push_back({db.lat_e6, db.lng_e6});
      }
      // The cables of this cross-connect box: primary from the exchange, distribution to its boxes.
      Cable pc;
      pc.id = ++n.cables;
      pc.code = cb.code + "-PC";
      pc.kind = CableKind::primary;
      pc.from = {EndKind::exchange, 0, ""};
      pc.to = {EndKind::cross_box, cb.id, cb.code};
      pc.pairs = cb.primary_pairs;
      pc.length_m = static_cast<std::int32_t>(net_rng.between(800, 6000));
      pc.network_id = network;
      pc.created_at = pc.updated_at = now;
      sink.cable(pc);
      for (std::size_t g = first_box, k = 1; g < dbox_ids.size(); g += 4, ++k) {
        Cable dc;
        dc.id = ++n.cables;
        dc.code = cb.code + "-DC" + pad(static_cast<std::int64_t>(k), 2);
        dc.kind = CableKind::distribution;
        dc.from = {EndKind::cross_box, cb.id, cb.code};
        const std::size_t last = std::min(g + 4, dbox_ids.size()) - 1;
        dc.to = {EndKind::dist_box, dbox_ids[last], dbox_code[last]};
        std::int32_t pairs = 0;
        for (std::size_t i = g; i <= last; ++i) {
          dc.boxes.push_back({dbox_ids[i], dbox_code[i]});
          pairs += dbox_capacity[i];
        }
        dc.pairs = (pairs + 99) / 100 * 100;
        dc.length_m = static_cast<std::int32_t>(net_rng.between(80, 900));
        dc.network_id = network;
        dc.created_at = dc.updated_at = now;
        sink.cable(dc);
        for (std::size_t i = g; i <= last; ++i) {
          if (dbox_mount[i] != Mount::pole) continue;
          Pole pl;
          pl.id = ++n.poles;
          pl.code = dbox_code[i] + "-P";
          pl.kind = net_rng.chance(85) ? PoleKind::concrete : PoleKind::wood;
          pl.lat_e6 = dbox_pos[i].first + static_cast<std::int32_t>(net_rng.between(-20, 20));
          pl.lng_e6 = dbox_pos[i].second + static_cast<std::int32_t>(net_rng.between(-20, 20));
          pl.network_id = network;
          pl.boxes.push_back({dbox_ids[i], dbox_code[i]});
          pl.cables.push_back({dc.id, dc.code});
          pl.created_at = pl.updated_at = now;
          sink.pole(pl);
        }
      }
    }
    // Customers spread over the boxes; each has a fixed line, ~35% broadband on its own pair,
    // ~40% caller ID on the line.
    std::vector<std::int32_t> next_pair(dbox_ids.size(), 1);
    const std::string dial = place.dial;
    for (std::int64_t c = 0; c < target; ++c) {
      const std::size_t bi = static_cast<std::size_t>(c % static_cast<std::int64_t>(dbox_ids.size()));
      Customer cu;
      cu.id = ++n.customers;
      cu.code = "C" + pad(cu.id, 9);
      const bool business = rng.chance(4);
      cu.kind = business ? CustomerKind::business : CustomerKind::person;
      cu.name = business ? street_name + (rng.chance(50) ? "商贸有限公司" : "便利店")
                         : org::demo_person_name(rng.next());
      cu.phones.push_back("13" + pad(rng.between(0, 999'999'999), 9));
      cu.id_type = business ? "business_licence" : "resident_id";
      // Businesses: an 18-character unified social credit code; people: a resident identity number.
      cu.id_number = business ? "91430" + pad(rng.between(0, 9'999'999'999'999LL), 13) : resident_id(rng);
      cu.address = {district, street_name + "街道", street_name + "社区", dbox_building[bi],
                    std::to_string(rng.between(1, 4)) + "单元",
                    std::to_string(rng.between(1, 18)) + pad(rng.between(1, 4), 2) + "室"};
      cu.network_id = network;
      cu.created_at = cu.updated_at = now;
      sink.customer(cu);
      const std::int64_t number = 80'000'000 + next_number[dial]++;
      auto line = [&](ServiceKind kind, std::string num, Id parent, std::int64_t fee) {
        Service s;
        s.id = ++n.services;
        s.code = "S" + pad(s.id, 10);
        s.customer_id = cu.id;
        s.kind = kind;
        s.number = std::move(num);
        s.network_id = network;
        s.parent_service_id = parent;
        s.start_date = now - rng.between(30, 3650) * 86400000LL;
        s.monthly_fee_fen = fee;
        if (needs_termination(kind) && next_pair[bi] <= dbox_capacity[bi]) {
          s.dist_box_id = dbox_ids[bi];
          s.pair_no = next_pair[bi]++;
        }
        if (kind == ServiceKind::broadband) s.speed_mbps = rng.chance(60) ? 100 : 300;
        s.created_at = s.updated_at = now;
        sink.service(s);
        if (opts.drop_lines && s.pair_no) {
          DropLine d;
          d.id = ++n.drop_lines;
          d.code = "DL-" + s.code;
          d.dist_box_id = s.dist_box_id;
          d.dist_box_code = dbox_code[bi];
          d.pair_no = s.pair_no;
          d.service_id = s.id;
          d.service_code = s.code;
          d.kind = kind == ServiceKind::broadband && net_rng.chance(50) ? DropKind::fibre : DropKind::copper;
          d.length_m = static_cast<std::int32_t>(net_rng.between(8, 120));
          d.installed_at = s.start_date;
          d.network_id = network;
          d.created_at = d.updated_at = now;
          sink.drop_line(d);
        }
        return s.id;
      };
      const Id fixed = line(ServiceKind::fixed_line, dial + std::to_string(number), 0, 2500);
      if (rng.chance(40)) line(ServiceKind::caller_id, dial + std::to_string(number), fixed, 600);
      if (rng.chance(35)) line(ServiceKind::broadband, "AD" + dial + std::to_string(number), 0, rng.chance(60) ? 8800 : 12900);
      if (cu.id % 10000 == 0) sink.progress(cu.id);
    }
  }
  return n;
}

}  // namespace bc::plant
